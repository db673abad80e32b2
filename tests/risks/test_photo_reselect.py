"""A form shown again after an error cannot keep chosen files: the person is told to choose them again."""
import pytest
from django.urls import reverse

from risks.models import Hazard, HazardStatus

from .helpers import make_hazard, photo

pytestmark = pytest.mark.django_db

RESELECT = "已选的 1 个文件未保存，请改正后重新选择。"


def test_report_with_a_photo_and_a_missing_description_asks_to_choose_the_photo_again(client, world):
    client.force_login(world.user("school_officer"))
    response = client.post(reverse("risks:hazard_report"), {
        "school": world.school.pk, "category": "fire", "location": "教学楼三楼", "description": "", "photos": [photo()]})
    assert response.status_code == 400
    html = response.content.decode()
    assert RESELECT in html and "教学楼三楼" in html
    assert not Hazard.objects.exists()


def test_report_without_photos_or_with_a_bad_photo_says_nothing_extra(client, world):
    client.force_login(world.user("school_officer"))
    response = client.post(reverse("risks:hazard_report"), {
        "school": world.school.pk, "category": "fire", "location": "教学楼三楼", "description": ""})
    assert "重新选择" not in response.content.decode()


def test_submit_with_a_photo_and_no_note_asks_to_choose_the_photo_again(client, world):
    hazard = make_hazard(world, HazardStatus.RECTIFYING)
    client.force_login(world.user("police"))
    response = client.post(reverse("risks:hazard_submit", args=[hazard.pk]),
                           {"submit-note": "", "submit-photos": [photo("after.jpg")]})
    assert response.status_code == 400
    assert RESELECT in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
