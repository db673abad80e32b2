"""Two school years of the daily job with a frozen clock: exactly the tasks and reminders expected."""
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from duties import tasks as duty_tasks
from duties.models import DutyDefinition, DutyTask, Reminder, ReminderStatus, SchedulerRun
from notifications.models import InboxItem

from .calendar_world import END, START, add_calendar
from .expected import expected

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at_half_past_midnight(day):
    return datetime.combine(day, time(0, 30), tzinfo=SHANGHAI)


def days(start, end):
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def counts_per_code(model_rows):
    return Counter(model_rows)


@pytest.mark.django_db
def test_two_years_of_daily_runs_create_exactly_the_expected_tasks_and_reminders(world):
    add_calendar()
    for day in days(START, END):
        with time_machine.travel(at_half_past_midnight(day), tick=False):
            duty_tasks.run_daily.delay()

    want_tasks, want_reminders = expected(DutyDefinition.objects.all(), START, END)
    got_tasks = Counter(DutyTask.objects.values_list("definition__code", flat=True))
    got_reminders = Counter(Reminder.objects.filter(status=ReminderStatus.SENT)
                            .values_list("task__definition__code", flat=True))
    assert dict(got_tasks) == {k: v for k, v in want_tasks.items() if v}
    assert dict(got_reminders) == {k: v for k, v in want_reminders.items() if v}
    assert not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
    assert InboxItem.objects.count() == sum(want_reminders.values())
    assert SchedulerRun.objects.count() == (END - START).days + 1
