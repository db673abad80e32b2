"""One digest, not a flood: a person's duty reminders of a day are one inbox message (and, in the morning, one
e-mail); a department's group robot gets one post a day; urgent events still go at once."""
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from duties import services
from duties.models import DutyDefinition, DutyTask, Reminder, ReminderStatus
from notifications.models import Delivery, InboxItem
from risks.models import HazardStatus
from tests.risks.helpers import make_hazard

from .helpers import at

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 10)


def _tasks_reminded(world, count, day=DAY):
    """`count` tasks of the health center due on `day`, each reminded to its staff that day."""
    definition = DutyDefinition.objects.filter(owner_kind="department").first()
    health = world.user("health")
    reminders = []
    for n in range(count):
        task = DutyTask.objects.create(definition=definition, period_key=f"d{day}-{n}", period_label=f"第{n}期",
                                       opens_on=day - timedelta(days=5), due_on=day, sub_district=world.sub_district,
                                       school=world.school, owner_department=world.health)
        reminders.append(Reminder.objects.create(task=task, recipient=health, kind="due", scheduled_on=day))
    return reminders


def test_a_persons_reminders_of_a_day_are_one_message_whatever_their_number(world):
    world.user("health").email, world.health.webhook_url = "health@example.cn", "http://127.0.0.1:9/robot"
    world.user("health").save()
    world.health.save()
    reminders = _tasks_reminded(world, 12)
    with time_machine.travel(at(DAY, 1), tick=False):
        for reminder in reminders:
            assert services.reminder_send(reminder_id=reminder.pk) == ReminderStatus.SENT
    items = InboxItem.objects.filter(recipient=world.user("health"))
    assert items.count() == 1
    item = items.get()
    assert "12 项职责任务待办" in item.title_text and item.body_text.count("【今日到期】") == 12
    assert item.link == reverse("duties:task_list")
    assert not Delivery.objects.exists()  # nothing by e-mail or robot before the morning digest
    with time_machine.travel(at(DAY, 8), tick=False):
        assert services.digests_deliver(day=DAY) == 1
        services.digests_deliver(day=DAY)  # a second run sends nothing more
    mail = Delivery.objects.get(channel="email")
    assert mail.address == "health@example.cn" and mail.body.count("【今日到期】") == 12
    post = Delivery.objects.get(channel="webhook")
    assert post.topic == f"department:{world.health.pk}" and post.body.count("【今日到期】") == 12


def test_the_next_day_is_a_new_message_and_a_late_line_makes_it_unread_again(world):
    first = _tasks_reminded(world, 2)
    services.reminder_send(reminder_id=first[0].pk)
    item = InboxItem.objects.get()
    item.read_at = item.created_at
    item.save()
    services.reminder_send(reminder_id=first[1].pk)
    item.refresh_from_db()
    assert item.read_at is None and len(item.message["entries"]) == 2
    services.reminder_send(reminder_id=first[1].pk)  # re-delivered: nothing added
    assert len(InboxItem.objects.get().message["entries"]) == 2
    services.reminder_send(reminder_id=_tasks_reminded(world, 1, DAY + timedelta(days=1))[0].pk)
    assert InboxItem.objects.count() == 2


def test_urgent_events_still_go_at_once(world):
    make_hazard(world, HazardStatus.ASSIGNED, grade="major", to="police")
    assert InboxItem.objects.filter(recipient=world.user("police"), key__startswith="hazard-event:").exists()
    assert not InboxItem.objects.filter(key__startswith="duty-digest:").exists()
