"""`run_duties --date` for operators and demos, and the demo seed."""
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command

from demo import duties as duties_demo
from demo import organisation as organisation_demo
from duties.models import DutyTask, Reminder, ReminderStatus, SchedulerRun, TaskStatus
from notifications.models import InboxItem
from organizations.models import School

from .helpers import at, digest_lines


@pytest.mark.django_db
def test_run_duties_on_a_term_start_creates_the_term_tasks_for_every_school_and_a_rerun_changes_nothing(world):
    call_command("run_duties", "--date", "2027-02-22")  # the spring term of tests/world.py starts that day
    schools = School.objects.filter(sub_district=world.sub_district)
    for code in ("health-termly-special", "health-drinking-water"):
        assert set(DutyTask.objects.filter(definition__code=code, period_key__endswith="-spring")
                   .values_list("school_id", flat=True)) == set(schools.values_list("pk", flat=True))
    water = DutyTask.objects.get(definition__code="health-drinking-water", school=world.school,
                                 period_key="pre-2026-2027-spring")
    assert water.due_on == date(2027, 2, 21)
    # Two reminders of it, as lines of health's digest messages (one message per day, not one per reminder).
    assert sum(item.body.count("饮用水") for item in InboxItem.objects.filter(recipient=world.user("health"))) == 2
    before = (DutyTask.objects.count(), Reminder.objects.count(), InboxItem.objects.count())

    call_command("run_duties", "--date", "2027-02-22")

    assert (DutyTask.objects.count(), Reminder.objects.count(), InboxItem.objects.count()) == before
    assert SchedulerRun.objects.filter(run_date=date(2027, 2, 22), trigger="command").exists()


@pytest.mark.django_db
def test_run_duties_refuses_a_malformed_date(world):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_duties", "--date", "22/02/2027")


@pytest.mark.django_db
def test_the_demo_seed_fills_inboxes_with_tasks_and_reminders_some_done_some_late(monkeypatch):
    monkeypatch.setattr(duties_demo, "HISTORY_DAYS", 20)
    with time_machine.travel(at(date(2026, 12, 1), 9), tick=False):
        organisation_demo.seed_organisation()
        duties_demo.seed_duties()
        done = DutyTask.objects.filter(status=TaskStatus.DONE)
        assert done.exists() and any(t.closed_late for t in done) and any(not t.closed_late for t in done)
        assert DutyTask.objects.filter(status=TaskStatus.OPEN, due_on__lt=date(2026, 12, 1)).exists()
        for username in ("health", "office", "police"):
            assert InboxItem.objects.filter(recipient__username=username).exists(), username
        assert not Reminder.objects.filter(status=ReminderStatus.PENDING).exists()
        counts = (DutyTask.objects.count(), Reminder.objects.count(), InboxItem.objects.count(), done.count())

        duties_demo.seed_duties()  # `make run` seeds on every start

        assert (DutyTask.objects.count(), Reminder.objects.count(), InboxItem.objects.count(),
                done.count()) == counts


@pytest.mark.django_db
def test_run_duties_can_hand_the_sends_to_the_workers(world):
    call_command("run_duties", "--date", "2026-09-01", "--enqueue")  # eager in tests: the task runs here
    assert Reminder.objects.exists()
    assert not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
    assert digest_lines() == Reminder.objects.count()
