"""Hazard events reach the people concerned: inbox rows commit with the event, e-mail leaves after commit."""
import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Delivery, InboxItem
from risks import services
from risks.models import HazardStatus

from .helpers import assign_kwargs, make_hazard, photo

pytestmark = pytest.mark.django_db


def inbox_of(world, name):
    return list(InboxItem.objects.filter(recipient=world.user(name)).order_by("pk").values_list("title", flat=True))


def test_a_report_reaches_the_office_and_not_the_reporter_or_other_schools(world):
    hazard = services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                                    location="三楼楼梯", description="灭火器过期")
    assert inbox_of(world, "office") == [f"隐患 {hazard.number}：上报"]
    for name in ("school_officer", "police", "outsider", "outside_office", "leader"):
        assert inbox_of(world, name) == [], name


def test_an_assignment_reaches_the_department_and_its_group_robot(world):
    world.police.webhook_url = "http://127.0.0.1:9/robot"
    world.police.save()
    world.user("police").phone = "13800000000"
    world.user("police").save()
    hazard = make_hazard(world, HazardStatus.GRADED)
    services.hazard_assign(actor=world.user("office"), hazard=hazard, **assign_kwargs(world))
    assert inbox_of(world, "police") == [f"隐患 {hazard.number}：交办"]
    robot = Delivery.objects.get(channel="webhook")
    assert robot.address == world.police.webhook_url and robot.mentions == ["13800000000"]


def test_submission_reaches_the_office_and_rejection_the_rectifier(world):
    hazard = make_hazard(world, HazardStatus.RECTIFYING)
    services.hazard_submit(actor=world.user("police"), hazard=hazard, note="已修复", photos=[photo()])
    assert inbox_of(world, "office")[-1].endswith("提交验收")
    services.hazard_reject(actor=world.user("office"), hazard=hazard, reason="照片不清楚")
    assert inbox_of(world, "police")[-1].endswith("验收不通过，退回整改")


def test_e_mail_leaves_only_after_commit_and_not_at_all_after_a_rollback(world, django_capture_on_commit_callbacks):
    office = world.user("office")
    office.email = "office@example.cn"
    office.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                               location="操场", description="围栏松动")
        raise RuntimeError("the request failed after the report")
    assert not InboxItem.objects.exists() and not Delivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                               location="操场", description="围栏松动")
        assert mail.outbox == []  # queued, not sent, while the transaction is open
    assert [m.to for m in mail.outbox] == [["office@example.cn"]]
