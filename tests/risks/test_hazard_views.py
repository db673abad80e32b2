import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from risks import services
from risks.models import Hazard, HazardAttachment, HazardStatus

from .helpers import image_bytes, make_hazard, photo
from .matrix import TRANSITIONS, forbidden_cases

pytestmark = pytest.mark.django_db


def _assign_form(world, **overrides):
    data = {
        "assign-assignee_kind": "department", "assign-department": world.police.pk,
        "assign-responsible_person": "张伟", "assign-measures": "更换消防栓箱门，补齐水带",
        "assign-deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "assign-funds_amount": "1500", "assign-funds_source": "学校公用经费",
        "assign-contingency_plan": "整改期间设置警示标志",
    }
    data.update(overrides)
    return data


def _post_as(client, world, name, url, data):
    client.force_login(world.user(name))
    return client.post(url, data)


def test_full_loop_through_the_pages(client, world):
    # The school officer reports with two photos from the phone form.
    client.force_login(world.user("school_officer"))
    response = client.get(reverse("risks:hazard_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and 'accept="image/*' in html and "capture" in html and "multiple" in html
    response = client.post(reverse("risks:hazard_report"), {
        "school": world.school.pk, "category": "fire", "location": "教学楼三楼", "description": "消防栓损坏",
        "photos": [photo("a.jpg"), photo("b.png", fmt="PNG")],
    })
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("risks:hazard_detail", args=[hazard.pk])
    assert hazard.attachments.count() == 2

    office_page = _get_as(client, world, "office", reverse("risks:hazard_list"))
    assert hazard.number in office_page.content.decode()

    detail = reverse("risks:hazard_detail", args=[hazard.pk])
    assert 'data-action="grade"' in _get_as(client, world, "office", detail).content.decode()
    assert _post_as(client, world, "office", reverse("risks:hazard_grade", args=[hazard.pk]),
                    {"grade-grade": "major"}).status_code == 302
    assert _post_as(client, world, "office", reverse("risks:hazard_assign", args=[hazard.pk]),
                    _assign_form(world)).status_code == 302
    inbox = _get_as(client, world, "police", reverse("risks:hazard_inbox")).content.decode()
    assert hazard.number in inbox
    assert _post_as(client, world, "police", reverse("risks:hazard_start", args=[hazard.pk]), {}).status_code == 302
    response = _post_as(client, world, "police", reverse("risks:hazard_submit", args=[hazard.pk]),
                        {"submit-note": "已更换", "submit-photos": [photo("after.jpg")]})
    assert response.status_code == 302
    assert _post_as(client, world, "office", reverse("risks:hazard_reject", args=[hazard.pk]),
                    {"reject-reason": "水带型号不符"}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING and hazard.rejection_count == 1
    assert _post_as(client, world, "police", reverse("risks:hazard_submit", args=[hazard.pk]),
                    {"submit-note": "已按要求更换", "submit-photos": [photo("after2.jpg")]}).status_code == 302
    assert _post_as(client, world, "office", reverse("risks:hazard_accept", args=[hazard.pk]),
                    {"accept-comment": "合格"}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    page = _get_as(client, world, "school_officer", detail).content.decode()
    assert page.count("data-event=") == 8 and "水带型号不符" in page


def _get_as(client, world, name, url):
    client.force_login(world.user(name))
    return client.get(url)


def _form_for(name, world):
    return {
        "grade": {"grade-grade": "major"},
        "assign": _assign_form(world),
        "start": {},
        "submit": {"submit-note": "已整改", "submit-photos": [photo()]},
        "reject": {"reject-reason": "不合格"},
        "accept": {},
    }[name]


@pytest.mark.parametrize(("name", "role", "expected"), list(forbidden_cases()))
def test_forbidden_transition_page_refuses(client, world, name, role, expected):
    state, _allowed = TRANSITIONS[name]
    hazard = make_hazard(world, state)
    client.force_login(world.user(role))
    url = reverse(f"risks:hazard_{name}", args=[hazard.pk])
    assert client.get(url).status_code == expected
    assert client.post(url, _form_for(name, world)).status_code == expected
    hazard.refresh_from_db()
    assert hazard.status == state


def test_acceptor_who_rectified_is_refused_by_the_page(client, world):
    from organizations.models import Membership, Role
    from risks import services

    both = world.user("school_officer")
    Membership.objects.create(user=both, role=Role.OFFICE, sub_district=world.sub_district)
    hazard = make_hazard(world, HazardStatus.RECTIFYING, to="school")
    services.hazard_submit(actor=both, hazard=hazard, note="done", photos=[photo()])
    client.force_login(both)
    assert 'data-action="accept"' not in client.get(reverse("risks:hazard_detail", args=[hazard.pk])).content.decode()
    refused = client.post(reverse("risks:hazard_accept", args=[hazard.pk]), {})
    # The real reason, not "the status does not allow this" nor a generic "your role cannot".
    assert refused.status_code == 403 and "验收人不能是整改人本人" in refused.content.decode()
    assert "验收人不能是整改人本人" in client.get(reverse("risks:hazard_accept", args=[hazard.pk])).content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.SUBMITTED


def test_bad_report_keeps_what_was_typed_and_saves_nothing(client, world):
    client.force_login(world.user("school_officer"))
    fake = photo("virus.jpg")
    fake.file.seek(0)
    fake.file.truncate()
    fake.file.write(b"MZ\x90\x00 this is an executable")
    fake.file.seek(0)
    fake.size = 30
    response = client.post(reverse("risks:hazard_report"), {
        "school": world.school.pk, "category": "fire", "location": "操场围墙", "description": "围墙开裂",
        "photos": [fake],
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "操场围墙" in html and "围墙开裂" in html and "只能上传" in html
    assert not Hazard.objects.exists() and not HazardAttachment.objects.exists()


def test_assign_form_without_funds_is_refused_with_the_form_kept(client, world):
    hazard = make_hazard(world, HazardStatus.GRADED)
    client.force_login(world.user("office"))
    response = client.post(reverse("risks:hazard_assign", args=[hazard.pk]),
                           _assign_form(world, **{"assign-funds_source": "", "assign-measures": "加装护栏"}))
    assert response.status_code == 400
    assert "加装护栏" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.GRADED


def test_office_list_filters(client, world):
    today = timezone.localdate()
    late = make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=today - timedelta(days=2),
                       location="锅炉房")
    fresh = make_hazard(world, HazardStatus.REPORTED, location="图书馆", category="facilities")
    other = make_hazard(world, HazardStatus.REPORTED, school=world.other_school, location="宿舍楼")
    client.force_login(world.user("office"))
    url = reverse("risks:hazard_list")

    def numbers(query):
        html = client.get(url, query).content.decode()
        return {h.number for h in (late, fresh, other) if f'data-hazard="{h.pk}"' in html}

    assert numbers({}) == {late.number, fresh.number, other.number}
    assert numbers({"overdue": "on"}) == {late.number}
    assert numbers({"supervised": "on"}) == set()  # listed by the supervision sweep, not yet run
    services.hazards_escalate()
    assert numbers({"supervised": "on"}) == {late.number}
    assert numbers({"status": "reported"}) == {fresh.number, other.number}
    assert numbers({"school": world.other_school.pk}) == {other.number}
    assert numbers({"department": world.police.pk}) == {late.number}
    assert numbers({"category": "facilities"}) == {fresh.number}
    assert numbers({"grade": "major"}) == {late.number}
    assert numbers({"date_from": (today + timedelta(days=1)).isoformat()}) == set()
    assert numbers({"date_to": today.isoformat()}) == {late.number, fresh.number, other.number}


def test_other_schools_officer_sees_none_of_it(client, world):
    hazard = make_hazard(world, HazardStatus.SUBMITTED)
    attachment = hazard.attachments.first()
    client.force_login(world.user("outsider"))
    assert hazard.number not in client.get(reverse("risks:hazard_list")).content.decode()
    assert client.get(reverse("risks:hazard_detail", args=[hazard.pk])).status_code == 404
    assert client.get(reverse("risks:attachment", args=[attachment.pk])).status_code == 404
    export = client.get(reverse("risks:ledger_export"))
    content = b"".join(export.streaming_content)
    assert export.status_code == 200 and hazard.location not in str(
        [row for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)])


def test_attachment_is_served_only_through_the_scoped_view(client, world):
    hazard = make_hazard(world, HazardStatus.REPORTED)
    item = hazard.attachments.get()
    assert item.original_name == "scene.jpg"
    assert "scene" not in item.file.name and item.file.name.endswith(".jpg")
    client.force_login(world.user("office"))
    response = client.get(reverse("risks:attachment", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == image_bytes()
    client.force_login(world.user("police"))  # not yet assigned to the police station
    assert client.get(reverse("risks:attachment", args=[item.pk])).status_code == 404
    client.logout()
    assert client.get(f"/media/{item.file.name}").status_code in (302, 404)


def test_report_page_for_a_person_without_schools(client, world):
    client.force_login(world.user("leader"))
    response = client.get(reverse("risks:hazard_report"))
    # A leader holds a role, read-only: told so (issue 13), not that no school is theirs.
    assert response.status_code == 200 and "此账号为只读账号" in response.content.decode()
    assert client.post(reverse("risks:hazard_report"), {"school": world.school.pk}).status_code == 403


def test_a_patrolling_department_reports_and_is_not_sent_to_a_page_it_cannot_see(client, world):
    client.force_login(world.user("police"))
    response = client.post(reverse("risks:hazard_report"), {
        "school": world.school.pk, "category": "surroundings", "location": "校门外 50 米", "description": "流动摊贩占道"})
    assert response.status_code == 302 and response["Location"] == reverse("risks:hazard_report")
    hazard = Hazard.objects.get()
    assert hazard.reported_by == world.user("police")
    client.force_login(world.user("office"))
    assert client.get(reverse("risks:hazard_detail", args=[hazard.pk])).status_code == 200


def test_an_empty_post_to_the_report_form_is_refused_with_messages_not_shown_as_a_blank_form(client, world):
    client.force_login(world.user("school_officer"))
    response = client.post(reverse("risks:hazard_report"), {})
    assert response.status_code in (200, 400)
    assert "该字段是必填项。" in response.content.decode()
    assert not Hazard.objects.exists()


def test_reassigning_prefills_the_deadline_in_the_form_a_date_input_takes(world, client_for):
    from .helpers import make_hazard

    hazard = make_hazard(world, "assigned")
    page = client_for("office").get(reverse("risks:hazard_assign", args=[hazard.pk])).content.decode()
    assert f'value="{hazard.deadline.isoformat()}"' in page


def test_action_buttons_and_confirmations_follow_the_chosen_language(client, world):
    hazard = make_hazard(world)
    client.force_login(world.user("office"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    detail = reverse("risks:hazard_detail", args=[hazard.pk])
    assert 'data-do="grade">Confirm grade<' in client.get(detail).content.decode()
    response = client.post(reverse("risks:hazard_grade", args=[hazard.pk]), {"grade-grade": "general"}, follow=True)
    page = response.content.decode()
    assert "Graded." in page and "已定级。" not in page
    assert 'data-do="assign">Confirm assignment<' in page and "确认交办" not in page


def test_a_read_only_leader_is_told_the_account_is_read_only_on_the_report_pages(client_for, world):
    for name in ("leader", "district_leader"):
        client = client_for(name)
        hazard_page = client.get(reverse("risks:hazard_report")).content.decode()
        assert "此账号为只读账号，不能上报隐患。" in hazard_page and "您没有可以上报隐患的学校" not in hazard_page
        assert "此账号为只读账号，不能报告事故。" in client.get(reverse("incidents:incident_report")).content.decode()
    assert "您没有可以上报隐患的学校。" in client_for("nobody").get(reverse("risks:hazard_report")).content.decode()


def test_the_report_form_starts_with_no_category_and_asks_for_one(client_for, world):
    client = client_for("school_officer")
    page = client.get(reverse("risks:hazard_report")).content.decode()
    assert '<option value="" selected>请选择</option>' in page and "data-max-bytes" in page and "data-check" in page
    refused = client.post(reverse("risks:hazard_report"), {"school": world.school.pk, "category": "",
                                                           "location": "东门", "description": "门禁损坏"})
    assert refused.status_code == 400 and "请选择隐患类别。" in refused.content.decode()
    assert 'value="东门"' in refused.content.decode()
