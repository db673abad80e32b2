"""The first report: every field checked with a message in Chinese and nothing saved on a refusal; who may
report; who is told at once (inbox items, and the group robot of a department that has one)."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Incident, IncidentEvent, IncidentPhoto, Involvement
from notifications.models import Delivery, InboxItem
from organizations.models import DepartmentKind
from tests.risks.helpers import photo

from .helpers import department, report

pytestmark = pytest.mark.django_db


def valid(world, **overrides):
    values = dict(actor=world.user("school_officer"), school=world.school, kind="injury", severity="general",
                  occurred_at=timezone.now() - timedelta(minutes=20), place="操场东侧",
                  first_account="体育课上一名学生摔倒，右臂骨折，已送医。", injured=1, deaths=0)
    values.update(overrides)
    return values


def refused(world, **overrides):
    with pytest.raises(ValidationError) as caught:
        services.incident_report(**valid(world, **overrides))
    assert not Incident.objects.exists() and not Involvement.objects.exists()
    assert not IncidentPhoto.objects.exists() and not InboxItem.objects.exists() and not Delivery.objects.exists()
    return caught.value.message_dict


@pytest.mark.parametrize("overrides, field, message", [
    ({"kind": ""}, "kind", "请选择事故类型。"),
    ({"kind": "earthquake"}, "kind", "请选择事故类型。"),
    ({"severity": "huge"}, "severity", "请选择严重程度。"),
    ({"occurred_at": None}, "occurred_at", "请填写事故发生时间。"),
    ({"occurred_at": "older"}, "occurred_at", "发生时间早于一年前，请核对日期。"),
    ({"place": "  "}, "place", "请填写发生地点。"),
    ({"place": "操" * 201}, "place", "不能超过 200 个字（现有 201 个）。"),
    ({"first_account": ""}, "first_account", "请简要说明发生了什么、伤亡和已采取的措施。"),
    ({"first_account": "伤" * 2001}, "first_account", "不能超过 2000 个字（现有 2001 个）。"),
    ({"injured": -1}, "injured", "受伤人数须为 0 到 10000 之间的整数。"),
    ({"injured": 10001}, "injured", "受伤人数须为 0 到 10000 之间的整数。"),
    ({"deaths": "两人"}, "deaths", "死亡人数须为 0 到 10000 之间的整数。"),
    ({"deaths": 2.5}, "deaths", "死亡人数须为 0 到 10000 之间的整数。"),
    ({"deaths": True}, "deaths", "死亡人数须为 0 到 10000 之间的整数。"),
])
def test_each_field_is_checked_with_its_own_message(world, overrides, field, message):
    if overrides.get("occurred_at") == "older":
        overrides = {"occurred_at": timezone.now() - timedelta(days=367)}
    assert refused(world, **overrides) == {field: [message]}


def test_a_future_time_is_refused_but_a_phone_a_few_minutes_ahead_is_not(world):
    future = timezone.now() + timedelta(hours=2)
    errors = refused(world, occurred_at=future)
    assert list(errors) == ["occurred_at"]
    assert errors["occurred_at"][0].startswith("发生时间 ") and errors["occurred_at"][0].endswith("晚于现在，请核对。")
    assert timezone.localtime(future).strftime("%Y-%m-%d %H:%M") in errors["occurred_at"][0]

    now = timezone.now()
    incident = services.incident_report(**valid(world, occurred_at=now + timedelta(minutes=3), now=now))
    assert incident.occurred_at == now and not incident.is_first_report_late


def test_every_bad_field_is_named_at_once(world):
    errors = refused(world, kind="x", severity="", occurred_at=None, place="", first_account="", injured=-3,
                     deaths=99999, photos=[SimpleUploadedFile("notes.txt", b"hello", content_type="image/jpeg")])
    assert set(errors) == {"kind", "severity", "occurred_at", "place", "first_account", "injured", "deaths", "photos"}
    assert errors["photos"] == ["文件“notes.txt”不是支持的格式：只能上传 JPEG、PNG、WebP、HEIC 照片或 PDF 文件。"]


def test_a_good_report_keeps_its_photos_and_tells_the_concerned_departments(world):
    incident = services.incident_report(**valid(world, photos=[photo("scene.jpg")]))
    assert incident.status == "reported" and incident.reported_by == world.user("school_officer")
    [stored] = incident.photos.all()
    assert stored.content_type == "image/jpeg" and stored.original_name == "scene.jpg" and stored.size > 0
    assert set(incident.involvements.values_list("department__kind", flat=True)) == {
        DepartmentKind.HEALTH, DepartmentKind.EDUCATION_CENTER}
    assert IncidentEvent.objects.get(incident=incident).kind == "reported"


ALLOWED = ["office", "school_officer", "principal", "police", "education", "community"]


@pytest.mark.parametrize("person, outcome", [
    *[(person, "ok") for person in ALLOWED],
    ("leader", PermissionDenied), ("district_leader", PermissionDenied),
    ("outsider", Http404), ("outside_office", Http404), ("health", Http404), ("nobody", Http404),
])
def test_who_may_report_for_the_school(world, person, outcome):
    if outcome == "ok":
        incident = services.incident_report(**valid(world, actor=world.user(person)))
        assert incident.reported_by == world.user(person)
        return
    with pytest.raises(outcome):
        services.incident_report(**valid(world, actor=world.user(person)))
    assert not Incident.objects.exists()


def test_a_school_officer_reports_for_the_own_school_only(world):
    with pytest.raises(Http404):
        services.incident_report(**valid(world, school=world.other_school))
    assert services.incident_report(**valid(world, actor=world.user("office"), school=world.other_school))


def inbox(name, world):
    return list(InboxItem.objects.filter(recipient=world.user(name)).order_by("pk"))


def test_the_report_reaches_the_office_the_education_center_the_departments_concerned_and_the_school(world):
    incident = report(world, kind="injury")
    link = reverse("incidents:incident_detail", args=[incident.pk])
    title = f"事故 {incident.number}：报告事故"
    for name in ("office", "education", "health", "principal"):
        [item] = inbox(name, world)
        assert (item.title, item.link) == (title, link), name
        assert "实验小学" in item.body and incident.first_account in item.body
    for name in ("school_officer", "police", "community", "leader", "outsider", "outside_office"):
        assert inbox(name, world) == [], name  # the reporter, the unconcerned, the read-only and other places

    traffic = report(world, kind="traffic", by="office")
    for name in ("police", "education", "school_officer", "principal"):
        assert [i.link for i in inbox(name, world)][-1] == reverse("incidents:incident_detail", args=[traffic.pk])
    assert len(inbox("health", world)) == 1 and len(inbox("office", world)) == 1


def test_the_group_robot_of_a_concerned_department_is_queued_once(world, django_capture_on_commit_callbacks):
    judicial = department(world, DepartmentKind.JUDICIAL)
    world.police.webhook_url = "http://127.0.0.1:9/police-robot"
    world.police.save()
    police = world.user("police")
    police.phone = "13800000001"
    police.save()
    incident = report(world, kind="violence")
    assert set(incident.involvements.values_list("department", flat=True)) == {
        world.police.pk, judicial.pk, world.education.pk}
    [robot] = Delivery.objects.filter(channel="webhook")
    event = IncidentEvent.objects.get(incident=incident)
    assert robot.key == f"incident-event:{event.pk}:robot:{world.police.pk}"
    assert robot.address == world.police.webhook_url and robot.mentions == ["13800000001"]
    assert f"事故 {incident.number}：报告事故" in robot.body and "实验小学" in robot.body

    # Later steps reach people's inboxes, not the group again.
    services.incident_respond(actor=world.user("school_officer"), incident=incident, plan="防暴应急预案")
    assert Delivery.objects.filter(channel="webhook").count() == 1
    report(world, kind="injury")  # the police are not concerned by an injury
    assert Delivery.objects.filter(channel="webhook").count() == 1
