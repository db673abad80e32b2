"""The school's own facts page refuses numbers no school has, and keeps what was typed."""
import pytest
from django.urls import reverse

from organizations.models import School

pytestmark = pytest.mark.django_db


def _post(client, world, **changes):
    data = {"address": "中山路 1 号", "student_count": "800", "staff_count": "60", "is_boarding": "on",
            "boarder_count": "120", "has_canteen": "on", "gate_latitude": "", "gate_longitude": ""}
    data.update(changes)
    return client.post(reverse("organizations:school_update", args=[world.school.pk]), data)


def test_valid_facts_are_saved(client, world):
    client.force_login(world.user("school_officer"))
    assert _post(client, world).status_code == 302
    school = School.objects.get(pk=world.school.pk)
    assert (school.student_count, school.boarder_count) == (800, 120)


@pytest.mark.parametrize(("changes", "message"), [
    ({"student_count": "99999999999999"}, "人数不能超过 100000，请核对。"),
    ({"staff_count": "100001"}, "人数不能超过 100000，请核对。"),
    ({"boarder_count": "5000", "student_count": "100"}, "寄宿生人数不能多于学生人数。"),
])
def test_impossible_headcounts_are_refused_and_the_form_kept(client, world, changes, message):
    before = School.objects.get(pk=world.school.pk)
    client.force_login(world.user("school_officer"))
    response = _post(client, world, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "中山路 1 号" in html
    after = School.objects.get(pk=world.school.pk)
    assert (after.student_count, after.staff_count, after.boarder_count, after.address) == (
        before.student_count, before.staff_count, before.boarder_count, before.address)
