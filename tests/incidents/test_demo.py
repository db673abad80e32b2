"""The demo's incidents and supervision keep their promises, through the real services; seeding again changes
nothing."""
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from demo import duties as duties_demo
from demo import incidents as incidents_demo
from demo.organisation import seed_organisation
from demo.risks import seed_risks
from incidents import selectors, services
from incidents.models import (Basis, Incident, IncidentEvent, IncidentEventKind, IncidentStatus, InsuranceClaim,
                              Involvement, Measure, Mediation, Responsibility, Statement, StatementKind, Supervision,
                              SupervisionEvent, SupervisionStatus)
from notifications.models import InboxItem
from organizations.models import User
from risks import selectors as risk_selectors
from risks.models import Hazard
from tests.duties.helpers import at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
COUNTED = [Incident, IncidentEvent, Involvement, InsuranceClaim, Mediation, Statement, Supervision, SupervisionEvent,
           Hazard, InboxItem]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def seeded():
    with time_machine.travel(at(TODAY, 10), tick=False):
        seed_organisation()
        seed_risks()
        incidents_demo.seed_incidents(TODAY)
        yield


def office():
    return User.objects.get(username="office")


def test_every_stage_is_shown_and_one_incident_was_reopened(seeded):
    assert set(Incident.objects.values_list("status", flat=True)) == set(IncidentStatus.values)
    [reopened] = Incident.objects.filter(events__kind=IncidentEventKind.REOPENED)
    assert reopened.status == IncidentStatus.AFTERMATH and reopened.closed_at is None
    assert reopened.events.filter(kind=IncidentEventKind.CLOSED).exists()
    assert selectors.incident_figures(office())["late"] >= 1  # a first report past the hour


def test_an_insurance_claim_is_open_and_keeps_its_incident_open(seeded):
    [claim] = [claim for claim in InsuranceClaim.objects.all() if claim.is_open]
    assert claim.incident.status == IncidentStatus.AFTERMATH
    assert any(claim.policy_number in obstacle for obstacle in services.closing_obstacles(claim.incident))


def test_a_mediation_is_eight_days_from_its_limit(seeded):
    [mediation] = Mediation.objects.filter(status="open")
    assert mediation.requested_on == date(2026, 9, 29) and mediation.days_left(TODAY) == 8
    assert mediation.is_near_limit(TODAY) and not mediation.is_over_limit(TODAY)
    with time_machine.travel(at(TODAY, 10), tick=False):
        alerted = selectors.incident_list(office(), mediation_alert=True)
        assert list(alerted) == [mediation.incident]


def test_a_school_not_at_fault_published_its_clarification(seeded):
    [incident] = Incident.objects.filter(responsibility=Responsibility.NOT_SCHOOL)
    assert incident.school.name == incidents_demo.NOT_AT_FAULT_SCHOOL and incident.status == IncidentStatus.CLOSED
    assert incident.statements.filter(kind=StatementKind.CLARIFICATION).exists()


def test_the_school_with_three_incidents_is_flagged_for_an_interview(seeded):
    [flag] = Supervision.objects.filter(basis=Basis.INCIDENTS)
    assert (flag.school.name, flag.measure, flag.status) == (
        incidents_demo.FREQUENT_SCHOOL, Measure.INTERVIEW, SupervisionStatus.FLAGGED)
    assert sorted(flag.evidence["incidents"]) == sorted(
        Incident.objects.filter(school=flag.school).values_list("pk", flat=True))
    assert len(flag.evidence["incidents"]) == 3


def test_a_school_is_under_listed_supervision_and_the_ledger_agrees(seeded):
    listed = Supervision.objects.filter(status=SupervisionStatus.LISTED)
    assert listed.exists() and all(record.hazard is not None for record in listed)
    assert set(listed.values_list("hazard", flat=True)) == set(
        risk_selectors.hazard_list(office(), supervised=True).values_list("pk", flat=True))
    assert all(record.hazard.is_supervised() and record.hazard.grade == "major" for record in listed)


def test_every_step_went_through_the_services(seeded):
    for incident in Incident.objects.all():
        events = list(incident.events.all())
        assert events[0].kind == IncidentEventKind.REPORTED and events[-1].to_status == incident.status
        assert all(a.to_status == b.from_status for a, b in zip(events, events[1:])), incident
    assert Hazard.objects.filter(source="incident").count() == 3


def test_seeding_again_changes_nothing(seeded):
    before = counts()
    with time_machine.travel(at(TODAY, 10), tick=False):
        incidents_demo.seed_incidents(TODAY)
        seed_risks()
    assert counts() == before


def test_seed_demo_seeds_the_incidents_once(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(duties_demo, "HISTORY_DAYS", 5)
    with time_machine.travel(at(TODAY, 10), tick=False):
        call_command("seed_demo")
        before = counts()
        # Nine of the incidents demo, and one a public report of the public reports demo was triaged into.
        assert before["Incident"] == 10 and before["Supervision"] >= 2
        call_command("seed_demo")
    assert counts() == before
