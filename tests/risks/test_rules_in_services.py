"""Rules that protect the data live in the services: the page, the API and the importer refuse alike,
with the same Chinese message next to the same field; keyed intake; the supervision job's claim."""
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from risks import services
from risks.models import Category, Hazard, HazardEventKind, HazardSource, HazardStatus

from .helpers import FIVE, make_hazard, photo

LONG = "隐" * 2001


def _assign_form(world, **changes):
    values = {"assign-assignee_kind": "department", "assign-department": world.police.pk,
              "assign-deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
              **{f"assign-{key}": str(value) for key, value in FIVE.items()}}
    values.update({f"assign-{key}": value for key, value in changes.items()})
    return values


def _assign_api(world, **changes):
    values = {"assignee_kind": "department", "department": world.police.pk,
              "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
              **{key: str(value) for key, value in FIVE.items()}}
    values.update(changes)
    return values


@pytest.mark.parametrize(("field", "value", "message"), [
    ("deadline", "0001-01-01", "整改时限不能早于今天。"),
    ("deadline", "9999-12-31", "请核对年份"),
    ("deadline", "", "交办须落实资金、人员、措施、时限、预案，此项必填。"),
    ("measures", LONG, "不能超过 2000 个字（现有 2001 个）。"),
    ("responsible_person", "张" * 51, "不能超过 50 个字（现有 51 个）。"),
    ("funds_amount", "-1", "金额不能为负数。"),
    ("funds_amount", "1.001", "金额最多保留两位小数（精确到分）。"),
    ("funds_source", "   ", "交办须落实资金、人员、措施、时限、预案，此项必填。"),
])
def test_assign_is_refused_alike_by_page_and_api(world, client_for, api_for, field, value, message):
    hazard = make_hazard(world, HazardStatus.GRADED)
    page = client_for("office").post(reverse("risks:hazard_assign", args=[hazard.pk]),
                                     _assign_form(world, **{field: value}))
    assert page.status_code == 400
    assert message in page.content.decode()
    api = api_for("office").post(f"/api/hazards/{hazard.pk}/assign/", _assign_api(world, **{field: value}),
                                 format="json")
    assert api.status_code == 400
    assert any(message in text for text in api.data[field]), api.data
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.GRADED and hazard.events.count() == 2  # reported, graded: nothing saved


@pytest.mark.parametrize(("field", "value", "message"), [
    ("description", LONG, "不能超过 2000 个字（现有 2001 个）。"),
    ("location", "楼" * 121, "不能超过 120 个字（现有 121 个）。"),
    ("description", "  ", "请填写隐患描述。"),
])
def test_report_is_refused_alike_by_page_and_api(world, client_for, api_for, field, value, message):
    values = {"school": world.school.pk, "category": "fire", "location": "东侧楼梯", "description": "扶手松动",
              field: value}
    page = client_for("school_officer").post(reverse("risks:hazard_report"), values)
    assert page.status_code == 400 and message in page.content.decode()
    assert value in page.content.decode() or not value.strip()  # kept as typed
    api = api_for("school_officer").post("/api/hazards/", values, format="json")
    assert api.status_code == 400 and any(message in text for text in api.data[field]), api.data
    assert not Hazard.objects.exists()


def test_reject_without_a_reason_says_so_on_page_and_api(world, client_for, api_for):
    hazard = make_hazard(world, HazardStatus.SUBMITTED)
    page = client_for("office").post(reverse("risks:hazard_reject", args=[hazard.pk]), {"reject-reason": " "})
    assert page.status_code == 400 and "请填写退回原因。" in page.content.decode()
    api = api_for("office").post(f"/api/hazards/{hazard.pk}/reject/", {"reason": ""}, format="json")
    assert api.status_code == 400 and api.data["reason"] == ["请填写退回原因。"]


def test_keyed_intake_called_twice_creates_one_hazard(world):
    kwargs = dict(actor=world.user("office"), school=world.school, category=Category.FIRE, location="二楼走廊",
                  description="灭火器过期", source=HazardSource.INSPECTION, source_key="inspection:7:item:3")
    first = services.hazard_report(**kwargs)
    again = services.hazard_report(**{**kwargs, "description": "重复提交"})
    assert again.pk == first.pk and Hazard.objects.count() == 1
    assert first.events.filter(kind=HazardEventKind.REPORTED).count() == 1
    other = services.hazard_report(**{**kwargs, "source_key": "inspection:7:item:4"})
    assert other.pk != first.pk and Hazard.objects.count() == 2


def test_a_source_that_is_not_a_person_stands_as_the_reporter(world, client_for):
    hazard = services.hazard_report(actor=None, school=world.school, category=Category.BULLYING, location="操场",
                                    description="课间有高年级学生索要财物", source=HazardSource.PUBLIC,
                                    source_key="public:41")
    assert hazard.reported_by is None and hazard.reporter_display == "公众举报"
    assert hazard.events.get().actor is None
    page = client_for("office").get(reverse("risks:hazard_detail", args=[hazard.pk])).content.decode()
    assert "公众举报" in page
    with pytest.raises(ValueError):
        services.hazard_report(actor=None, school=world.school, category=Category.OTHER, location="x",
                               description="y")


def test_supervision_skips_a_hazard_submitted_after_the_list_was_read(world, monkeypatch):
    late = make_hazard(world, HazardStatus.RECTIFYING, grade="major",
                       deadline=timezone.localdate() - timedelta(days=3))
    read_candidates = services._escalation_candidates

    def submitted_meanwhile(today):
        # The job has read its list; before it claims the row, the police submit the work.
        found = read_candidates(today)
        services.hazard_submit(actor=world.user("police"), hazard=late, note="已整改", photos=[photo()])
        return found

    monkeypatch.setattr(services, "_escalation_candidates", submitted_meanwhile)
    assert services.hazards_escalate() == 0
    late.refresh_from_db()
    assert late.status == HazardStatus.SUBMITTED and late.supervised_at is None
    assert not late.events.filter(kind=HazardEventKind.SUPERVISED).exists()


def test_a_new_deadline_ends_the_listing_until_it_is_missed_again(world):
    today = timezone.localdate()
    late = make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=today - timedelta(days=3))
    assert services.hazards_escalate() == 1
    late.refresh_from_db()
    assert late.supervised_at is not None
    services.hazard_assign(actor=world.user("office"), hazard=late, assignee_kind="department",
                           department=world.police, deadline=today + timedelta(days=5),
                           **{k: v for k, v in FIVE.items()})
    late.refresh_from_db()
    assert late.supervised_at is None
    assert services.hazards_escalate(today=today + timedelta(days=6)) == 1
    assert late.events.filter(kind=HazardEventKind.SUPERVISED).count() == 2


def test_the_service_checks_the_deadline_against_the_day_of_assignment(world):
    hazard = make_hazard(world, HazardStatus.GRADED)
    back_then = timezone.now() - timedelta(days=30)
    deadline = timezone.localdate() - timedelta(days=20)
    services.hazard_assign(actor=world.user("office"), hazard=hazard, assignee_kind="school", now=back_then,
                           deadline=deadline, **FIVE)
    hazard.refresh_from_db()
    assert hazard.deadline == deadline and hazard.is_overdue()
    assigned = hazard.events.get(kind=HazardEventKind.ASSIGNED)
    assert date.fromisoformat(assigned.data["deadline"]) == deadline and assigned.at == back_then  # when it was
