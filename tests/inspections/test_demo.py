"""The demo's sweeps and self-checks (issue 8, "Demo data"), seeded through the services inside the duty
history; seeding again changes nothing."""
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command

from demo import duties as duties_demo
from duties import selectors as duty_selectors
from duties.models import DutyTask, Reminder, TaskStatus
from inspections import selectors
from inspections.models import (AnswerPhoto, Campaign, CampaignStatus, ChecklistKind, Inspection, InspectionEvent,
                                InspectionStatus)
from notifications.models import InboxItem
from organizations.models import School, User
from risks.models import Hazard, HazardGrade
from tests.duties.helpers import at

TODAY = date(2026, 12, 1)


def counts():
    return (Campaign.objects.count(), Inspection.objects.count(), InspectionEvent.objects.count(),
            AnswerPhoto.objects.count(), Hazard.objects.count(),
            DutyTask.objects.filter(status=TaskStatus.DONE).count(),
            Reminder.objects.count(), InboxItem.objects.count(), User.objects.count())


@pytest.fixture
def seeded(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(duties_demo, "HISTORY_DAYS", 20)
    with time_machine.travel(at(TODAY, 9), tick=False):
        call_command("seed_demo")
        yield


@pytest.mark.django_db
def test_the_demo_holds_a_closed_and_a_running_sweep_a_surroundings_campaign_and_self_checks(seeded):
    schools = School.objects.filter(sub_district__name="崇义街道", is_active=True)
    closed, running = (Campaign.objects.get(kind=ChecklistKind.DRAGNET, status=status)
                       for status in (CampaignStatus.CLOSED, CampaignStatus.OPEN))
    assert closed.starts_on < date(2026, 7, 1) and closed.closed_at.date() < date(2026, 7, 1)  # last half-year
    assert closed.inspections.count() == closed.inspections.filter(status=InspectionStatus.SUBMITTED).count() \
        == schools.count()
    submitters = list(closed.inspections.values_list("submitted_by__username", flat=True))
    assert submitters.count("edu") + submitters.count("police") > len(submitters) / 2
    assert running.starts_on >= date(2026, 7, 1)
    done = running.inspections.filter(status=InspectionStatus.SUBMITTED).count()
    assert 0 < done < schools.count()
    assert Campaign.objects.filter(kind=ChecklistKind.SURROUNDINGS, status=CampaignStatus.OPEN).exists()

    # The failed items of the finished sweep are hazards, one graded major by its direct-judgement item.
    found = Hazard.objects.filter(source_key__startswith="inspection:", school__in=schools,
                                  source_key__in=[f"inspection:{a.inspection_id}:item:{a.item_id}"
                                                  for a in selectors.findings(User.objects.get(username="office"),
                                                                              closed)])
    assert found.count() >= 3
    assert found.filter(grade=HazardGrade.MAJOR).count() == 1
    assert all(h.found_at.date() < date(2026, 7, 1) for h in found)
    assert AnswerPhoto.objects.filter(answer__inspection__campaign=closed).exists()

    # Self-checks on the school days of the history, none today, a few missed days, a few failed items.
    history = duty_selectors.school_days(TODAY - timedelta(days=20), TODAY - timedelta(days=1))
    rows = selectors.self_check_days(User.objects.get(username="office"), history[0], history[-1])
    chongyi = [row for row in rows if row["school"].sub_district.name == "崇义街道"]
    assert all(row["school_days"] == len(history) for row in chongyi)
    missed = sum(len(row["missed"]) for row in chongyi)
    assert 0 < missed < len(chongyi) * len(history) / 10
    assert not Inspection.objects.filter(kind=ChecklistKind.SELF_CHECK, inspected_on=TODAY).exists()
    assert Hazard.objects.filter(source_key__startswith="inspection:", source="self_check").exists()
    # Each submitted self-check fulfilled that day's duty task (the duty history is not closed by notes).
    self_checks = DutyTask.objects.filter(definition__code="school-daily-self-check", school__in=schools,
                                          due_on__lt=TODAY)
    assert self_checks.filter(status=TaskStatus.DONE).count() == Inspection.objects.filter(
        kind=ChecklistKind.SELF_CHECK, status=InspectionStatus.SUBMITTED).count()
    assert self_checks.filter(status=TaskStatus.DONE, closed_at__date__gt=TODAY - timedelta(days=1)).count() == 0


@pytest.mark.django_db
def test_seeding_the_demo_twice_changes_nothing(seeded):
    before = counts()
    call_command("seed_demo")
    assert counts() == before
