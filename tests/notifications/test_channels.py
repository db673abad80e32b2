"""The group-robot webhook against a local HTTP server, and e-mail through Django's mail settings."""
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, DeliveryStatus, InboxItem

from .robot import OK, Robot


@pytest.fixture
def robot_factory():
    robots = []

    def make(*script):
        robots.append(Robot(script or [OK]))
        return robots[-1]

    yield make
    for robot in robots:
        robot.close()


@pytest.mark.django_db
def test_the_webhook_posts_the_group_robot_text_message_with_mentions(robot_factory,
                                                                      django_capture_on_commit_callbacks):
    robot = robot_factory(OK)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.post_to_group(key="k1", webhook_url=robot.url, content="【今日到期】学校卫生工作监督检查",
                                          mentions=["13800000001", "", "13800000002"], topic="department:1")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1
    assert robot.requests == [{
        "path": "/cgi-bin/webhook/send?key=test-key", "type": "application/json; charset=utf-8",
        "json": {"msgtype": "text", "text": {"content": "【今日到期】学校卫生工作监督检查",
                                              "mentioned_mobile_list": ["13800000001", "13800000002"]}},
    }]


@pytest.mark.django_db
def test_a_webhook_that_answers_500_is_retried_later_and_then_sent(robot_factory, django_capture_on_commit_callbacks):
    robot = robot_factory((500, {"errmsg": "busy"}), OK)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.post_to_group(key="k2", webhook_url=robot.url, content="提醒")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    # Not before its time, even if a duplicate task message arrives...
    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    # ...and at its time, sent (the retry task or the sweep calls exactly this).
    assert delivery.pk in services.deliveries_due(now=delivery.next_attempt_at)
    assert services.delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at) == DeliveryStatus.SENT
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and len(robot.requests) == 2 and delivery.last_error == ""
    assert list(delivery.attempt_log.values_list("ok", flat=True)) == [False, True]


@pytest.mark.django_db
def test_a_webhook_that_keeps_failing_ends_in_a_visible_failed_state(robot_factory, settings,
                                                                     django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    robot = robot_factory((200, {"errcode": 93000, "errmsg": "invalid webhook url"}))
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.post_to_group(key="k3", webhook_url=robot.url, content="提醒", topic="department:7")
    now = timezone.now()
    for _attempt in range(5):
        now += timedelta(hours=1)
        services.delivery_attempt(delivery_id=delivery.pk, now=now)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3 and len(robot.requests) == 3
    assert "errcode 93000" in delivery.last_error
    assert delivery.pk not in services.deliveries_due(now=now + timedelta(days=1))


@pytest.mark.django_db
def test_an_unreachable_webhook_is_recorded_as_a_failed_attempt(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.post_to_group(key="k4", webhook_url="http://127.0.0.1:9/nothing", content="x")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.attempt_log.get().ok is False


@pytest.mark.django_db
def test_notify_puts_one_item_in_the_inbox_and_sends_one_email_per_key(world, django_capture_on_commit_callbacks):
    user = world.user("health")
    user.email = "health@example.org"
    user.save()
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(key="reminder:1", recipient=user, title="【今日到期】饮用水", body="请查验", link="/duties/1/")
    assert InboxItem.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["health@example.org"] and mail.outbox[0].subject == "【今日到期】饮用水"
    assert Delivery.objects.get(key="reminder:1:email").status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_a_duty_reminder_reaches_the_departments_group_robot_once_with_its_members_mentioned(
        world, robot_factory, django_capture_on_commit_callbacks):
    from duties.models import Reminder
    from tests.duties.calendar_world import add_calendar
    from tests.duties.helpers import run_digest_on, run_on

    add_calendar()
    robot = robot_factory(OK)
    world.health.webhook_url = robot.url
    world.health.save()
    health = world.user("health")
    health.phone = "13900000001"
    health.save()
    with django_capture_on_commit_callbacks(execute=True):
        run_on(date(2026, 9, 1))
    assert not robot.requests  # the robot hears once, in the morning digest
    with django_capture_on_commit_callbacks(execute=True):
        run_digest_on(date(2026, 9, 1))
        run_digest_on(date(2026, 9, 1))  # twice: still one post
    health_reminders = Reminder.objects.filter(task__owner_department=world.health)
    assert health_reminders.exists()
    assert len(robot.requests) == 1  # one post for the day, with every task of it
    text = robot.requests[0]["json"]["text"]["content"]
    assert text.count("\n") >= health_reminders.values("task", "kind").order_by().distinct().count()
    assert all(r["json"]["text"]["mentioned_mobile_list"] == ["13900000001"] for r in robot.requests)
    assert all(r["json"]["msgtype"] == "text" for r in robot.requests)
    assert any("饮用水" in r["json"]["text"]["content"] for r in robot.requests)


@pytest.mark.django_db
def test_the_sweep_sends_what_is_due_and_leaves_what_is_not(robot_factory):
    from notifications.tasks import sweep_deliveries

    robot = robot_factory(OK)
    past = timezone.now() - timedelta(minutes=1)
    Delivery.objects.create(key="due", channel="webhook", address=robot.url, body="a",
                            status=DeliveryStatus.RETRYING, attempts=1, next_attempt_at=past)
    Delivery.objects.create(key="later", channel="webhook", address=robot.url, body="b",
                            status=DeliveryStatus.RETRYING, attempts=1,
                            next_attempt_at=timezone.now() + timedelta(hours=1))
    Delivery.objects.create(key="abandoned", channel="webhook", address=robot.url, body="c",
                            status=DeliveryStatus.SENDING, attempts=1, claimed_at=timezone.now() - timedelta(hours=1))
    assert sweep_deliveries.delay().get() == 2
    statuses = dict(Delivery.objects.values_list("key", "status"))
    assert statuses == {"due": "sent", "later": "retrying", "abandoned": "sent"}
    assert sorted(r["json"]["text"]["content"] for r in robot.requests) == ["a", "c"]
