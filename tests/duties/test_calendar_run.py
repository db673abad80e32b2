"""Two school years of the daily job with a frozen clock: exactly the tasks and reminders expected."""
from collections import Counter
from datetime import date

import pytest
import time_machine

from duties import tasks as duty_tasks
from duties.models import DutyDefinition, DutyTask, Reminder, ReminderStatus, SchedulerRun
from notifications.models import InboxItem

from .calendar_world import END, START, add_calendar
from .expected import expected
from .helpers import at, days


@pytest.mark.django_db
def test_two_years_of_daily_runs_create_exactly_the_expected_tasks_and_reminders(world):
    add_calendar()
    for day in days(START, END):
        with time_machine.travel(at(day), tick=False):
            duty_tasks.run_daily.delay()

    want_tasks, want_reminders = expected(DutyDefinition.objects.all(), START, END)
    got_tasks = Counter(DutyTask.objects.values_list("definition__code", flat=True))
    got_reminders = Counter(Reminder.objects.filter(status=ReminderStatus.SENT)
                            .values_list("task__definition__code", flat=True))
    assert dict(got_tasks) == {k: v for k, v in want_tasks.items() if v}
    assert dict(got_reminders) == {k: v for k, v in want_reminders.items() if v}
    assert not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
    # Every reminder is a line of its reader's digest of its day: one message per person and day.
    assert sum(len(item.message["entries"]) for item in InboxItem.objects.all()) == sum(want_reminders.values())
    assert InboxItem.objects.count() == Reminder.objects.values("recipient", "scheduled_on").distinct().count()
    assert SchedulerRun.objects.count() == (END - START).days + 1

    # A few of those by hand: month ends and 29 February, term boundaries, holidays and make-up days.
    def task(code, key, **target):
        return DutyTask.objects.get(definition__code=code, period_key=key, **target)

    school = world.school
    assert task("health-monthly-supervision", "2028-02", school=school).due_on == date(2028, 2, 29)
    assert task("health-monthly-supervision", "2027-02", school=school).due_on == date(2027, 2, 28)
    feb = task("health-monthly-supervision", "2028-02", school=school)
    assert set(feb.reminders.filter(recipient__username="health").values_list("kind", "scheduled_on")) == {
        ("before:7", date(2028, 2, 22)), ("before:1", date(2028, 2, 28)), ("due", date(2028, 2, 29)),
        ("overdue:1", date(2028, 3, 1)), ("overdue:8", date(2028, 3, 8)), ("overdue:15", date(2028, 3, 15)),
        ("overdue:22", date(2028, 3, 22))}
    assert feb.reminders.get(kind="escalation").scheduled_on == date(2028, 3, 7)
    spring = task("health-termly-special", "2027-2028-spring", school=school)
    assert (spring.opens_on, spring.due_on) == (date(2028, 2, 21), date(2028, 7, 7))
    water = task("health-drinking-water", "pre-2027-2028-spring", school=school)
    assert (water.opens_on, water.due_on) == (date(2028, 1, 22), date(2028, 2, 20))
    assert task("health-drinking-water", "pre-2028-2029-autumn", school=school).due_on == date(2028, 8, 31)
    self_checks = DutyTask.objects.filter(definition__code="school-daily-self-check", school=school)
    assert self_checks.filter(due_on=date(2028, 2, 29)).exists()  # a Tuesday in term
    assert self_checks.filter(due_on=date(2026, 10, 10)).exists()  # a Saturday make-up day
    assert not self_checks.filter(due_on__range=(date(2026, 10, 1), date(2026, 10, 7))).exists()  # National Day
    assert not self_checks.filter(due_on__range=(date(2027, 1, 23), date(2027, 2, 21))).exists()  # winter break
