"""The public report's services: submission behind the challenge and the throttle, triage into exactly one
incident or hazard, the police told of zero-tolerance kinds, the contact read only with a record, and personal
data erased after its retention."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from incidents.models import Incident
from notifications.models import InboxItem
from public_reports import challenge, services, throttle
from public_reports.models import (Outcome, PublicHit, PublicReport, PublicReportEvent, PublicReportEventKind,
                                   ReportStatus)
from risks.models import Hazard, HazardSource

from .builders import solved_challenge, submit

pytestmark = pytest.mark.django_db


def _errors(excinfo):
    return excinfo.value.message_dict


def test_a_report_is_received_with_an_unguessable_receipt_and_told_to_the_triaging_roles(world):
    report = submit(world, kind="facility", description="教学楼三楼栏杆松动")
    assert report.status == ReportStatus.RECEIVED and len(report.receipt) == 12
    assert report.receipt != submit(world, kind="facility", description="另一件事").receipt
    told = set(InboxItem.objects.filter(key__startswith=f"public-report:{report.pk}:")
               .values_list("recipient__username", flat=True))
    assert told == {"office", "education"}  # not the police: a facility is not a zero-tolerance matter
    assert list(report.events.values_list("kind", "actor")) == [(PublicReportEventKind.SUBMITTED, None)]


@pytest.mark.parametrize("kind", ["bullying", "corporal_punishment", "harassment"])
def test_zero_tolerance_kinds_go_to_the_police_station_at_once(world, kind):
    report = submit(world, kind=kind, anonymous=False, contact="13800001111")
    police = InboxItem.objects.get(key=f"public-report:{report.pk}:police:{world.user('police').pk}")
    assert "13800001111" not in police.title + police.body and police.link == ""
    assert "推搡" in police.body  # what happened, so the station can act


def test_the_challenge_must_be_answered_right_and_only_once(world):
    token, answer = solved_challenge()
    base = dict(school_id=world.school.pk, kind="other", description="校门口路灯不亮", address="192.0.2.1")
    with pytest.raises(ValidationError) as wrong:
        services.report_submit(challenge_token=token, challenge_answer=str(int(answer) + 1), **base)
    assert "answer" in _errors(wrong)
    with pytest.raises(ValidationError) as forged:
        services.report_submit(challenge_token=token + "x", challenge_answer=answer, **base)
    assert "answer" in _errors(forged)
    services.report_submit(challenge_token=token, challenge_answer=answer, **base)
    with pytest.raises(ValidationError) as replayed:
        services.report_submit(challenge_token=token, challenge_answer=answer, **base)
    assert "answer" in _errors(replayed)
    assert PublicReport.objects.count() == 1
    assert PublicHit.objects.filter(action=PublicHit.Action.WRONG).count() == 2


def test_an_expired_challenge_is_refused(world, monkeypatch):
    token, answer = solved_challenge()
    monkeypatch.setattr(challenge, "MAX_AGE_SECONDS", -1)
    with pytest.raises(ValidationError) as expired:
        services.report_submit(school_id=world.school.pk, kind="other", description="x", challenge_token=token,
                               challenge_answer=answer)
    assert "过期" in _errors(expired)["answer"][0]


def test_an_unknown_school_reads_exactly_as_no_school(world):
    messages = []
    for school_id in ("", "987654", "abc"):
        token, answer = solved_challenge()
        with pytest.raises(ValidationError) as refused:
            services.report_submit(school_id=school_id, kind="other", description="x", challenge_token=token,
                                   challenge_answer=answer)
        messages.append(_errors(refused))
    assert messages[0] == messages[1] == messages[2] == {"school": ["请选择学校。"]}


def test_a_contact_is_required_unless_anonymous_and_dropped_when_anonymous(world):
    with pytest.raises(ValidationError) as refused:
        submit(world, anonymous=False, contact="")
    assert "contact" in _errors(refused)
    report = submit(world, anonymous=True, contact="13800001111", contact_name="张")
    assert report.contact == report.contact_name == ""


def test_the_twenty_first_report_from_one_address_in_an_hour_is_refused(world, settings):
    settings.PUBLIC_REPORTS_PER_SCHOOL_HOUR = 100
    for _ in range(20):
        submit(world, address="198.51.100.7")
    with pytest.raises(throttle.Throttled) as refused:
        submit(world, address="198.51.100.7")
    assert "一小时" in refused.value.message
    submit(world, address="198.51.100.8")  # another address still may
    # An hour later the address may report again.
    token, answer = solved_challenge()
    services.report_submit(school_id=world.school.pk, kind="other", description="一小时后", challenge_token=token,
                           challenge_answer=answer, address="198.51.100.7",
                           now=timezone.now() + timedelta(hours=1, minutes=1))
    assert PublicReport.objects.filter(client_address="198.51.100.7").count() == 21


def test_one_school_takes_only_so_many_reports_an_hour(world, settings):
    settings.PUBLIC_REPORTS_PER_SCHOOL_HOUR = 3
    for n in range(3):
        submit(world, address=f"203.0.113.{n}")
    with pytest.raises(throttle.Throttled):
        submit(world, address="203.0.113.99")
    submit(world, school=world.other_school, address="203.0.113.99")


def test_triage_into_an_incident_happens_once(world):
    report = submit(world)
    office = world.user("office")
    args = dict(kind="violence", severity="general", occurred_at=report.submitted_at, place="教学楼厕所")
    report = services.report_to_incident(actor=office, report=report, **args)
    assert report.status == ReportStatus.HANDLING and report.outcome == Outcome.INCIDENT
    incident = Incident.objects.get()
    assert report.incident == incident and report.number in incident.first_account
    assert incident.reported_by == office
    with pytest.raises(ValidationError):
        services.report_to_incident(actor=office, report=report, **args)
    with pytest.raises(ValidationError):
        services.report_to_hazard(actor=office, report=report, category="bullying", location="厕所")
    assert Incident.objects.count() == 1 and Hazard.objects.count() == 0


def test_triage_into_a_hazard_goes_through_the_keyed_intake_once(world):
    report = submit(world, kind="facility", description="操场篮球架底座锈断")
    education = world.user("education")
    report = services.report_to_hazard(actor=education, report=report, category="facilities", location="操场")
    hazard = Hazard.objects.get()
    assert report.hazard == hazard and hazard.source == HazardSource.PUBLIC
    assert hazard.source_key == f"public:{report.pk}" and "篮球架" in hazard.description
    with pytest.raises(ValidationError):
        services.report_to_hazard(actor=education, report=report, category="facilities", location="操场")
    assert Hazard.objects.count() == 1


def test_a_failed_triage_leaves_nothing_half_made(world):
    report = submit(world)
    with pytest.raises(ValidationError) as refused:
        services.report_to_incident(actor=world.user("office"), report=report, kind="violence", severity="general",
                                    occurred_at=report.submitted_at + timedelta(days=2), place="厕所")
    assert "occurred_at" in _errors(refused)
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and Incident.objects.count() == 0
    assert list(report.events.values_list("kind", flat=True)) == [PublicReportEventKind.SUBMITTED]


def test_merge_into_an_open_incident_of_the_same_school_only(world):
    from tests.incidents.helpers import make_incident

    incident = make_incident(world)
    report = submit(world)
    office = world.user("office")
    with pytest.raises(ValidationError):
        services.report_merge(actor=office, report=report, target="incident:987654")
    report = services.report_merge(actor=office, report=report, target=f"incident:{incident.pk}")
    assert report.incident == incident and report.outcome == Outcome.MERGED_INCIDENT


def test_dismissed_and_answered_reports_show_their_public_answer(world):
    office = world.user("office")
    dismissed = services.report_dismiss(actor=office, report=submit(world), reason="重复举报",
                                        public_answer="已并入此前的举报处理，感谢您的监督。")
    assert dismissed.status == ReportStatus.DISMISSED
    assert dismissed.events.last().note == "重复举报"  # the reason stays inside
    report = services.report_to_hazard(actor=office, report=submit(world), category="bullying", location="厕所")
    with pytest.raises(ValidationError):
        services.report_answer(actor=office, report=report, public_answer="  ")
    report = services.report_answer(actor=office, report=report, public_answer="学校已加强午休巡查。")
    assert report.status == ReportStatus.HANDLED and report.public_answer == "学校已加强午休巡查。"


@pytest.mark.parametrize("name, refusal", [("police", Http404), ("school_officer", Http404), ("health", Http404),
                                           ("leader", PermissionDenied), ("outside_office", Http404)])
def test_only_the_office_and_the_education_center_triage(world, name, refusal):
    report = submit(world)
    with pytest.raises(refusal):
        services.report_to_hazard(actor=world.user(name), report=report, category="bullying", location="厕所")
    with pytest.raises(refusal):
        services.report_read_contact(actor=world.user(name), report=report)
    assert not report.events.exclude(kind=PublicReportEventKind.SUBMITTED).exists()


def test_reading_a_contact_is_recorded_each_time(world):
    report = submit(world, anonymous=False, contact_name="李女士", contact="13800002222")
    for name in ("office", "education"):
        assert services.report_read_contact(actor=world.user(name), report=report)["contact"] == "13800002222"
    readers = report.events.filter(kind=PublicReportEventKind.CONTACT_READ).values_list("actor__username", flat=True)
    assert list(readers) == ["office", "education"]
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED


def test_personal_data_is_erased_after_its_retention(world, settings):
    settings.PUBLIC_REPORT_CONTACT_DAYS = 30
    old = submit(world, anonymous=False, contact="13800003333", address="192.0.2.50")
    PublicReport.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=31))
    recent = submit(world, anonymous=False, contact="13800004444", address="192.0.2.51")
    PublicHit.objects.update(at=timezone.now() - timedelta(days=2))
    assert services.personal_data_purge() == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert (old.contact, old.client_address) == ("", None) and old.personal_data_purged_at
    assert (recent.contact, recent.client_address) == ("13800004444", "192.0.2.51")
    assert old.events.filter(kind=PublicReportEventKind.PURGED).count() == 1
    assert PublicHit.objects.count() == 0
    assert services.personal_data_purge() == 0  # once
    assert services.report_read_contact(actor=world.user("office"), report=old) == {
        "name": "", "contact": "", "purged": True}


def test_events_are_appended_never_changed(world):
    report = submit(world)
    services.report_read_contact(actor=world.user("office"), report=report)
    first = list(PublicReportEvent.objects.filter(report=report).values_list("pk", "kind", "at"))
    services.report_to_hazard(actor=world.user("office"), report=report, category="bullying", location="厕所")
    after = list(PublicReportEvent.objects.filter(report=report).values_list("pk", "kind", "at"))
    assert after[:len(first)] == first and len(after) == len(first) + 1
