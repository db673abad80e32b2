"""Deadlines on a frozen clock: the first report within the hour, the written report within a day, mediation
within 60 days of the written request (warned 10 days ahead)."""
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from incidents import selectors, services
from incidents.models import IncidentEvent, IncidentEventKind, IncidentStatus, Mediation
from tests.duties.helpers import at

from .helpers import make_incident, report

pytestmark = pytest.mark.django_db

NOON = at(date(2026, 11, 20), 12, 0)


def late_ids(world, now):
    office = world.user("office")
    listed = set(selectors.incident_list(office, late=True, now=now).values_list("pk", flat=True))
    assert selectors.incident_figures(office, now=now)["late"] == len(listed)  # the figure is the list's count
    return listed


@pytest.mark.parametrize("minutes, late", [(59, False), (60, False), (61, True)])
def test_the_first_report_is_due_within_the_hour(world, minutes, late):
    with time_machine.travel(NOON, tick=False):
        incident = report(world, occurred_at=NOON - timedelta(minutes=minutes))
    assert incident.reported_at == NOON
    assert incident.first_report_due == NOON - timedelta(minutes=minutes) + timedelta(minutes=60)
    assert incident.is_first_report_late is late
    event = IncidentEvent.objects.get(incident=incident, kind=IncidentEventKind.REPORTED)
    assert event.data["late"] is late and event.data["minutes"] == minutes
    assert late_ids(world, NOON) == ({incident.pk} if late else set())


def test_the_written_report_is_due_within_a_day_and_a_missing_one_is_late_past_it(world):
    occurred = NOON - timedelta(minutes=20)
    with time_machine.travel(NOON, tick=False):
        on_time = report(world, occurred_at=occurred)
        late = report(world, occurred_at=occurred)
        missing = report(world, occurred_at=occurred)
    assert on_time.written_report_due == occurred + timedelta(hours=24)
    assert late_ids(world, NOON) == set()

    with time_machine.travel(occurred + timedelta(hours=23), tick=False):
        on_time = services.incident_written_report(actor=world.user("school_officer"), incident=on_time,
                                                   text="书面报告")
        assert late_ids(world, occurred + timedelta(hours=23)) == set()
        assert not missing.is_written_report_late()
    with time_machine.travel(occurred + timedelta(hours=25), tick=False):
        late = services.incident_written_report(actor=world.user("school_officer"), incident=late, text="书面报告")
        assert missing.is_written_report_late()
        assert late_ids(world, occurred + timedelta(hours=25)) == {late.pk, missing.pk}
        assert late_ids(world, None) == {late.pk, missing.pk}  # now is the clock's
    assert not on_time.is_written_report_late() and late.is_written_report_late()
    assert IncidentEvent.objects.get(incident=on_time, kind=IncidentEventKind.WRITTEN_REPORT).data == {
        "late": False, "revised": False}
    assert IncidentEvent.objects.get(incident=late, kind=IncidentEventKind.WRITTEN_REPORT).data == {
        "late": True, "revised": False}

    # A revision keeps the first time it was written: a late report is not made on time by revising it.
    with time_machine.travel(occurred + timedelta(hours=30), tick=False):
        revised = services.incident_written_report(actor=world.user("office"), incident=on_time, text="修订稿")
    assert revised.written_report_at == occurred + timedelta(hours=23) and revised.written_report == "修订稿"
    assert IncidentEvent.objects.filter(incident=on_time, kind=IncidentEventKind.WRITTEN_REPORT).last().data == {
        "late": False, "revised": True}


def test_a_changed_setting_moves_the_deadline_of_new_incidents_only(world, settings):
    with time_machine.travel(NOON, tick=False):
        before = report(world, occurred_at=NOON - timedelta(minutes=45))
        settings.INCIDENT_FIRST_REPORT_MINUTES = 30
        after = report(world, occurred_at=NOON - timedelta(minutes=45))
    before.refresh_from_db()
    assert before.first_report_due == NOON + timedelta(minutes=15) and not before.is_first_report_late
    assert after.first_report_due == NOON - timedelta(minutes=15) and after.is_first_report_late
    assert late_ids(world, NOON) == {after.pk}


def test_mediation_is_due_sixty_days_after_the_request_and_warned_ten_days_ahead(world):
    office = world.user("office")
    with time_machine.travel(at(date(2026, 9, 1), 9, 0), tick=False):
        incident = make_incident(world, IncidentStatus.AFTERMATH)
        mediation = services.mediation_open(actor=office, incident=incident, kind="people", mediator="人民调解委员会",
                                            requested_on=date(2026, 9, 1))
    assert mediation.due_on == date(2026, 10, 31) == Mediation.due_for(date(2026, 9, 1))

    def alert(day):
        with time_machine.travel(at(day, 9, 0), tick=False):
            listed = set(selectors.incident_list(office, mediation_alert=True).values_list("pk", flat=True))
            assert selectors.incident_figures(office)["mediation_alert"] == len(listed)
        # The same answer for a moment given (a job or a report for another day), whatever the clock says.
        assert set(selectors.incident_list(office, mediation_alert=True, now=at(day, 9, 0)).values_list(
            "pk", flat=True)) == listed
        assert selectors.incident_figures(office, now=at(day, 9, 0))["mediation_alert"] == len(listed)
        return listed

    assert (mediation.is_near_limit(date(2026, 10, 20)), mediation.is_over_limit(date(2026, 10, 20))) == (False, False)
    assert alert(date(2026, 10, 20)) == set()
    for day in (date(2026, 10, 21), date(2026, 10, 31)):  # ten days left, the last day
        assert mediation.is_near_limit(day) and not mediation.is_over_limit(day)
        assert alert(day) == {incident.pk}
    assert mediation.days_left(date(2026, 11, 1)) == -1
    assert mediation.is_over_limit(date(2026, 11, 1)) and not mediation.is_near_limit(date(2026, 11, 1))
    assert alert(date(2026, 11, 1)) == {incident.pk}

    with time_machine.travel(at(date(2026, 11, 2), 9, 0), tick=False):
        done = services.mediation_update(actor=office, mediation=mediation, status="failed", outcome="调解不成")
    assert not done.is_over_limit(date(2026, 11, 2)) and not done.is_near_limit(date(2026, 10, 25))
    assert alert(date(2026, 11, 2)) == set()


def test_a_changed_mediation_limit_applies_to_new_requests(world, settings):
    office = world.user("office")
    incident = make_incident(world, IncidentStatus.AFTERMATH)
    first = services.mediation_open(actor=office, incident=incident, kind="people", mediator="人民调解委员会",
                                    requested_on=timezone.localdate(incident.occurred_at))
    settings.INCIDENT_MEDIATION_DAYS = 30
    second = services.mediation_open(actor=office, incident=incident, kind="arbitration", mediator="仲裁委",
                                     requested_on=timezone.localdate(incident.occurred_at))
    first.refresh_from_db()
    assert (first.due_on - first.requested_on).days == 60 and (second.due_on - second.requested_on).days == 30
