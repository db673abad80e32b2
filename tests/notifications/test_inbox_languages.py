"""An inbox item stores facts; each reader sees it in their own language, whoever wrote it in which."""
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications import services as notifications
from notifications.models import Delivery, InboxItem
from risks import services
from risks.models import HazardStatus
from tests.risks.helpers import assign_kwargs, make_hazard, photo

pytestmark = pytest.mark.django_db


def in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_one_inbox_item_reads_in_chinese_and_in_english(client_for, world):
    with translation.override("en"):  # the reporter works in English; the office reads in its own language
        hazard = services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                                        location="三楼楼梯", description="灭火器过期")
    item = InboxItem.objects.get(recipient=world.user("office"))
    client = client_for("office")

    chinese = client.get(reverse("notifications:inbox")).content.decode()
    assert f"隐患 {hazard.number}：上报" in chinese and "Hazard" not in chinese

    english = in_english(client).get(reverse("notifications:inbox")).content.decode()
    assert f"Hazard {hazard.number}: Report" in english and f"隐患 {hazard.number}" not in english
    assert "实验小学 · 三楼楼梯" in english  # names and places stay as entered
    assert item.title == f"隐患 {hazard.number}：上报"  # the admin's copy is in the default language


def test_translatable_parameters_are_translated_when_read_and_typed_text_is_not(world):
    hazard = make_hazard(world, HazardStatus.RECTIFYING)
    services.hazard_submit(actor=world.user("police"), hazard=hazard, note="已修复", photos=[photo()])
    services.hazard_reject(actor=world.user("office"), hazard=hazard, reason="照片不清楚")
    item = InboxItem.objects.filter(recipient=world.user("police")).latest("pk")
    with translation.override("en"):
        assert item.title_text == f"Hazard {hazard.number}: Acceptance failed, returned for rectification"
        assert "Rectification deadline" in item.body_text and item.body_text.endswith("\n照片不清楚")
    with translation.override("zh-hans"):
        assert item.title_text == f"隐患 {hazard.number}：验收不通过，退回整改"
        assert "整改时限" in item.body_text


def test_e_mail_and_group_robot_are_written_once_in_chinese(world, django_capture_on_commit_callbacks):
    world.police.webhook_url = "http://127.0.0.1:9/robot"
    world.police.save()
    police = world.user("police")
    police.email = "police@example.cn"
    police.save()
    hazard = make_hazard(world, HazardStatus.GRADED)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=False):
        services.hazard_assign(actor=world.user("office"), hazard=hazard, **assign_kwargs(world))
    email = Delivery.objects.get(channel="email")
    robot = Delivery.objects.get(channel="webhook")
    assert email.subject == f"隐患 {hazard.number}：交办" and "整改时限" in email.body
    assert robot.body.startswith(f"隐患 {hazard.number}：交办\n实验小学 · ")
    assert InboxItem.objects.get(recipient=police).title == f"隐患 {hazard.number}：交办"  # the admin's copy
    assert mail.outbox == []


def test_an_item_from_before_messages_were_stored_reads_as_it_was_written(client_for, world):
    old = InboxItem.objects.create(key="old", recipient=world.user("health"), title="【今日到期】饮用水检测",
                                   body="请查验")
    assert old.message == {}
    client = in_english(client_for("health"))
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "【今日到期】饮用水检测" in page and "请查验" in page
    page = client.get(reverse("notifications:open", args=[old.pk])).content.decode()
    assert "<h1>【今日到期】饮用水检测</h1>" in page and "请查验" in page


def test_plain_text_callers_keep_working(world):
    item = notifications.notify(key="plain", recipient=world.user("health"), title="演练通知", body="周五下午")
    with translation.override("en"):
        assert (item.title_text, item.body_text) == ("演练通知", "周五下午")
