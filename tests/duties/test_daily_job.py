"""The daily job is idempotent and catches up: run twice, run after a gap, two schedulers at once."""
from collections import Counter
from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from duties import services
from duties.models import DutyDefinition, DutyTask, Reminder, ReminderStatus, SchedulerRun
from notifications.models import InboxItem

from .calendar_world import add_calendar
from .expected import expected
from .helpers import at, days, digest_lines, run_on


def snapshot():
    return (
        sorted(DutyTask.objects.values_list("definition__code", "period_key", "school_id", "community_id",
                                            "sub_district_id")),
        sorted(Reminder.objects.values_list("task_id", "recipient_id", "kind", "scheduled_on")),
    )


@pytest.fixture
def calendar_world(world):
    add_calendar()
    return world


@pytest.mark.django_db
def test_running_the_same_day_twice_creates_and_sends_nothing_more(calendar_world):
    run_on(date(2026, 9, 1))
    first = snapshot()
    inbox = InboxItem.objects.count()
    # One digest message per person and day, however many reminders it holds.
    assert first[0] and first[1] and inbox == len({(recipient, day) for _task, recipient, _kind, day in first[1]})
    assert inbox < len(first[1])

    again = run_on(date(2026, 9, 1))

    assert again == {"days": 1, "tasks": 0, "reminders": 0}
    assert snapshot() == first
    assert InboxItem.objects.count() == inbox
    assert SchedulerRun.objects.count() == 1


@pytest.mark.django_db
def test_a_seven_day_gap_is_caught_up_without_duplicates_or_losses(calendar_world):
    start, end = date(2026, 9, 1), date(2026, 10, 31)
    gap = days(date(2026, 9, 24), date(2026, 9, 30))  # the scheduler is down across a month end
    for day in days(start, end):
        if day not in gap:
            run_on(day)

    want_tasks, want_reminders = expected(DutyDefinition.objects.all(), start, end)
    assert Counter(DutyTask.objects.values_list("definition__code", flat=True)) == +want_tasks
    assert Counter(Reminder.objects.filter(status=ReminderStatus.SENT)
                   .values_list("task__definition__code", flat=True)) == +want_reminders
    assert digest_lines() == sum(want_reminders.values())
    # What fell due while the scheduler was down went out on the first day back, not never.
    late = Reminder.objects.filter(scheduled_on__in=gap)
    assert late.exists()
    assert {timezone.localdate(r.sent_at) for r in late} == {date(2026, 10, 1)}
    assert sorted(SchedulerRun.objects.values_list("run_date", flat=True)) == days(start, end)


@pytest.mark.django_db
def test_a_second_task_for_the_same_duty_period_and_target_is_refused_by_the_database(calendar_world):
    run_on(date(2026, 9, 1))
    task = DutyTask.objects.filter(school__isnull=False).first()
    sub_task = DutyTask.objects.filter(school__isnull=True, community__isnull=True).first()
    for original in (task, sub_task):
        clone = DutyTask.objects.get(pk=original.pk)
        clone.pk = None
        with pytest.raises(IntegrityError), transaction.atomic():
            clone.save()


@pytest.mark.django_db
def test_a_second_reminder_of_the_same_kind_to_the_same_person_is_refused_by_the_database(calendar_world):
    run_on(date(2026, 9, 1))
    reminder = Reminder.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(task=reminder.task, recipient=reminder.recipient, kind=reminder.kind,
                                scheduled_on=reminder.scheduled_on)


@pytest.mark.django_db
def test_a_reminder_is_claimed_once_and_a_stale_claim_is_taken_over(calendar_world, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with time_machine.travel(at(date(2026, 9, 1)), tick=False):
        result = services.run_daily()  # rows only: nothing sent yet
    first, second = result.to_send[:2]
    assert services.reminder_send(reminder_id=first) == ReminderStatus.SENT
    assert services.reminder_send(reminder_id=first) is None  # a re-delivered message sends nothing

    # A worker claimed `second` and died before sending: nobody may take it inside the lease...
    claimed_at = timezone.now()
    Reminder.objects.filter(pk=second).update(status=ReminderStatus.SENDING, claimed_at=claimed_at)
    assert services.reminder_send(reminder_id=second, now=claimed_at + timedelta(seconds=10)) is None
    assert second not in services.reminders_to_send(now=claimed_at + timedelta(seconds=10))
    # ...and after it the sweep hands it out again, and it is sent exactly once.
    later = claimed_at + timedelta(seconds=settings.CLAIM_TIMEOUT_SECONDS + 1)
    assert second in services.reminders_to_send(now=later)
    assert services.reminder_send(reminder_id=second, now=later) == ReminderStatus.SENT
    # Each reminder is one line of its reader's digest of the day, once however often it was claimed.
    for pk in (first, second):
        reminder = Reminder.objects.get(pk=pk)
        item = InboxItem.objects.get(key=services.digest_key(reminder.recipient_id, reminder.scheduled_on))
        assert item.message["entries"].count(f"reminder:{pk}") == 1


@pytest.mark.django_db
def test_overdue_tasks_escalate_to_the_office_after_the_configured_days(calendar_world, settings):
    settings.DUTIES_ESCALATE_AFTER_DAYS = 3
    for day in days(date(2026, 9, 1), date(2026, 10, 3)):
        run_on(day)
    office = calendar_world.user("office")
    escalations = Reminder.objects.filter(kind="escalation", task__definition__code="health-monthly-supervision")
    # September's two health supervisions were due on 30 Sept: escalated on 3 Oct, to the office only.
    assert list(escalations.values_list("recipient__username", "scheduled_on").order_by().distinct()) == [
        ("office", date(2026, 10, 3))]
    assert escalations.count() == 2
    assert digest_lines(recipient=office) >= 2 and sum(
        item.body.count("【逾期上报】") for item in InboxItem.objects.filter(recipient=office)) >= 2


@pytest.mark.django_db
def test_a_closed_task_gets_no_more_reminders(calendar_world):
    run_on(date(2026, 9, 1))
    task = DutyTask.objects.get(definition__code="health-monthly-supervision", school=calendar_world.school,
                                period_key="2026-09")
    with time_machine.travel(at(date(2026, 9, 20), 9), tick=False):
        services.duty_task_close(actor=calendar_world.user("health"), task=task, note="已检查",
                                 evidence_link="https://example.org/record/1")
    for day in days(date(2026, 9, 2), date(2026, 10, 20)):
        run_on(day)
    assert not Reminder.objects.filter(task=task).exists()
    other = DutyTask.objects.get(definition__code="health-monthly-supervision", school=calendar_world.other_school,
                                 period_key="2026-09")
    assert set(Reminder.objects.filter(task=other, recipient__username="health").values_list("kind", flat=True)) == {
        "before:7", "before:1", "due", "overdue:1", "overdue:8", "overdue:15"}


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("lead_days", [7, "1"]), ("lead_days", [-3]), ("lead_days", 7),
                                              ("school_kinds", ["university"])])
def test_the_admin_refuses_malformed_reminder_lead_times_and_school_kinds(field, value):
    from django.core.exceptions import ValidationError

    definition = DutyDefinition.objects.get(code="health-monthly-supervision")
    setattr(definition, field, value)
    with pytest.raises(ValidationError) as refused:
        definition.full_clean()
    assert field in refused.value.message_dict


@pytest.mark.django_db
def test_every_duty_of_the_notice_is_seeded_as_editable_data():
    definitions = DutyDefinition.objects.all()
    assert definitions.count() == 28
    for definition in definitions:
        definition.full_clean()
    owners = Counter(definitions.values_list("owner_kind", "department_kind"))
    assert owners == {("office", ""): 2, ("department", "education_center"): 3, ("department", "governance"): 3,
                      ("department", "police"): 2, ("department", "health"): 7, ("department", "food_drug"): 3,
                      ("department", "safety"): 2, ("community", ""): 2, ("school", ""): 4}


@pytest.mark.django_db
def test_catch_up_after_a_long_outage_is_bounded_by_the_setting(calendar_world, settings, caplog):
    settings.DUTIES_CATCH_UP_MAX_DAYS = 10
    SchedulerRun.objects.create(run_date=date(2026, 9, 1), finished_at=timezone.now())
    with time_machine.travel(at(date(2026, 11, 30)), tick=False):
        result = services.run_daily()
    assert result.days == days(date(2026, 11, 21), date(2026, 11, 30))
    assert "catching up only from 2026-11-21" in caplog.text
