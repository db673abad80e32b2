"""A person's channels: e-mail and the group robot's mention can be turned off; the inbox keeps everything."""
from datetime import date

import pytest
from django.urls import reverse

from duties import services as duty_services
from duties.models import DutyDefinition, DutyTask, Reminder
from notifications import services
from notifications.models import Delivery, InboxItem

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 10)


def _reminded(world):
    definition = DutyDefinition.objects.filter(owner_kind="department").first()
    task = DutyTask.objects.create(definition=definition, period_key="p", period_label="第1期", opens_on=DAY,
                                   due_on=DAY, sub_district=world.sub_district, school=world.school,
                                   owner_department=world.health)
    reminder = Reminder.objects.create(task=task, recipient=world.user("health"), kind="due", scheduled_on=DAY)
    duty_services.reminder_send(reminder_id=reminder.pk)


def test_turning_email_and_mentions_off_keeps_the_inbox(client_for, world):
    health = world.user("health")
    health.email, health.phone = "health@example.cn", "13900000009"
    health.save()
    world.health.webhook_url = "http://127.0.0.1:9/robot"
    world.health.save()
    client = client_for("health")
    page = client.get(reverse("notifications:settings"))
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    assert client.post(reverse("notifications:settings"), {}).status_code == 302  # both boxes unticked
    _reminded(world)
    duty_services.digests_deliver(day=DAY)
    services.notify(key="urgent", recipient=health, title="重大隐患交办")
    assert InboxItem.objects.filter(recipient=health).count() == 2
    assert not Delivery.objects.filter(channel="email").exists()
    assert Delivery.objects.get(channel="webhook").mentions == []
    client.post(reverse("notifications:settings"), {"email": "on", "group_mention": "on"})
    services.notify(key="urgent-2", recipient=health, title="安全事故")
    assert Delivery.objects.filter(channel="email").count() == 1


def test_the_defaults_send_and_each_person_sets_only_their_own(client_for, world):
    health = world.user("health")
    assert services.preference_for(health).email and services.preference_for(health).group_mention
    client_for("police").post(reverse("notifications:settings"), {})
    assert services.preference_for(health).email  # police's choice is police's alone
    assert not services.preference_for(world.user("police")).email
    assert "消息设置" in client_for("health").get(reverse("notifications:inbox")).content.decode()
