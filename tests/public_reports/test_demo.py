"""The demo's public reports: one in each state of the queue, made through the real services; seeding again
changes nothing."""
from datetime import date

import pytest
import time_machine

from demo import public_reports as public_reports_demo
from demo.organisation import seed_organisation
from demo.risks import seed_risks
from notifications.models import InboxItem
from public_reports.models import Outcome, PublicReport, PublicReportEvent, ReportStatus
from risks.models import HazardSource
from tests.duties.helpers import at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def seeded():
    with time_machine.travel(at(TODAY, 10), tick=False):
        seed_organisation()
        seed_risks()
        public_reports_demo.seed_public_reports()
        yield


def test_the_demo_queue_has_a_report_in_every_state(seeded):
    states = {(r.status, r.outcome) for r in PublicReport.objects.all()}
    assert states == {(ReportStatus.RECEIVED, ""), (ReportStatus.HANDLING, Outcome.INCIDENT),
                      (ReportStatus.HANDLED, Outcome.HAZARD), (ReportStatus.DISMISSED, Outcome.DISMISSED)}
    hazard = PublicReport.objects.get(outcome=Outcome.HAZARD).hazard
    assert hazard.source == HazardSource.PUBLIC
    assert PublicReport.objects.get(outcome=Outcome.INCIDENT).incident.school.name == "涪陵区实验小学"


def test_the_demo_bullying_report_reached_the_police_station(seeded):
    bullying = PublicReport.objects.get(kind="bullying")
    assert bullying.contact and not bullying.anonymous
    assert InboxItem.objects.filter(key__startswith=f"public-report:{bullying.pk}:police:",
                                    recipient__username="police").count() == 1


def test_seeding_again_changes_nothing(seeded):
    before = (PublicReport.objects.count(), PublicReportEvent.objects.count(), InboxItem.objects.count())
    with time_machine.travel(at(TODAY, 11), tick=False):
        assert public_reports_demo.seed_public_reports() == 0
    assert (PublicReport.objects.count(), PublicReportEvent.objects.count(), InboxItem.objects.count()) == before
