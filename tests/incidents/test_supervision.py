"""The supervision sweep: schools flagged by the rules' thresholds (data), overdue major hazards listed as
one supervision record each (the ledger's 挂牌督办 flag is the same thing), lifted when the hazard is settled."""
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents import supervision
from incidents.models import (Basis, Measure, Supervision, SupervisionEvent, SupervisionEventKind, SupervisionRule,
                              SupervisionStatus)
from inspections import services as inspection_services
from risks import selectors as risk_selectors
from risks import services as risk_services
from risks.models import HazardStatus
from tests.duties.helpers import at
from tests.inspections.helpers import open_sweep, sheet
from tests.risks.helpers import assign_kwargs, make_hazard, photo

from .helpers import report

pytestmark = pytest.mark.django_db


def sweep():
    return supervision.supervision_sweep()


def flags(school=None, basis=Basis.INCIDENTS):
    rows = Supervision.objects.filter(basis=basis).order_by("pk")
    return list(rows.filter(school=school) if school is not None else rows)


def interview(world, record):
    return supervision.supervision_interview(
        actor=world.user("office"), supervision=record, held_on=timezone.localdate(), participants="校长、安全员",
        findings="课间巡查缺位", commitments="完善课间巡查和值班制度")


def rule(code):
    return SupervisionRule.objects.get(code=code)


# ---------------------------------------------------------------------------------------------
# Frequent incidents


def test_three_incidents_in_a_year_flag_the_school_for_an_interview_once(world):
    first, second = report(world), report(world, kind="fire")
    report(world, school=world.other_school, by="office")
    assert sweep() == {"opened": 0, "lifted": 0} and not flags()
    third = report(world, kind="traffic")
    assert sweep()["opened"] == 1
    [record] = flags()
    assert (record.school, record.measure, record.status, record.rule) == (
        world.school, Measure.INTERVIEW, SupervisionStatus.FLAGGED, rule("frequent-incidents"))
    assert record.evidence == {"incidents": [first.pk, second.pk, third.pk]} and record.deadline is None
    assert record.events.get().kind == SupervisionEventKind.FLAGGED and record.events.get().actor is None
    assert sweep() == {"opened": 0, "lifted": 0} and len(flags()) == 1
    assert not flags(world.other_school)


def test_incidents_outside_the_window_do_not_count(world):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=400), tick=False):
        report(world), report(world)
    with time_machine.travel(now - timedelta(days=364), tick=False):
        within = report(world)
    recent = report(world)
    assert sweep()["opened"] == 0 and not flags()
    latest = report(world)
    assert sweep()["opened"] == 1
    assert flags()[0].evidence == {"incidents": [within.pk, recent.pk, latest.pk]}


def test_after_the_interview_the_same_incidents_do_not_flag_again_but_new_ones_do(world):
    for _ in range(3):
        report(world)
    sweep()
    [first] = flags()
    # Reported after the flag, though it happened before: it was not part of the flag, so it counts next time.
    late = report(world, occurred_at=first.flagged_at - timedelta(minutes=40))
    interview(world, first)
    assert sweep()["opened"] == 0
    second = report(world)
    assert sweep()["opened"] == 0 and len(flags()) == 1
    third = report(world)
    assert sweep()["opened"] == 1
    record = flags()[-1]
    assert record.status == SupervisionStatus.FLAGGED and record.evidence == {
        "incidents": [late.pk, second.pk, third.pk]}
    assert not set(record.evidence["incidents"]) & set(first.evidence["incidents"])


def test_a_dismissed_flag_also_answers_for_its_incidents(world):
    for _ in range(3):
        report(world)
    sweep()
    supervision.supervision_dismiss(actor=world.user("office"), supervision=flags()[0], note="校外原因")
    assert sweep()["opened"] == 0 and flags()[0].status == SupervisionStatus.DISMISSED


def test_thresholds_and_measures_are_data(world):
    frequent = rule("frequent-incidents")
    frequent.threshold = 2
    frequent.save()
    report(world), report(world)
    assert sweep()["opened"] == 1

    for school in (world.other_school,):
        report(world, school=school, by="office"), report(world, school=school, by="office")
    frequent.active = False
    frequent.save()
    assert sweep()["opened"] == 0 and not flags(world.other_school)

    frequent.active, frequent.measure, frequent.deadline_days = True, Measure.LISTED, 20
    frequent.save()
    assert sweep()["opened"] == 1
    [listed] = flags(world.other_school)
    assert listed.status == SupervisionStatus.LISTED and listed.deadline == timezone.localdate() + timedelta(days=20)


def test_a_rule_on_the_manual_basis_is_no_sweep_and_breaks_nothing(world):
    SupervisionRule.objects.create(code="by-hand", basis=Basis.MANUAL, measure=Measure.INTERVIEW, threshold=1)
    for _ in range(3):
        report(world)
    assert sweep()["opened"] == 1


# ---------------------------------------------------------------------------------------------
# Overdue major hazards: listed for supervision (挂牌督办)


def listed_ledger(world):
    return set(risk_selectors.hazard_list(world.user("office"), supervised=True).values_list("pk", flat=True))


def open_hazard_records():
    return set(Supervision.objects.filter(status=SupervisionStatus.LISTED, hazard__isnull=False)
               .values_list("hazard_id", flat=True))


def test_an_overdue_major_hazard_is_listed_in_the_ledger_and_as_one_supervision_record(world):
    today = timezone.localdate()
    late = make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=today - timedelta(days=2))
    make_hazard(world, HazardStatus.RECTIFYING, grade="general", deadline=today - timedelta(days=2))
    make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=today)
    assert listed_ledger(world) == set() and open_hazard_records() == set()

    assert sweep() == {"opened": 1, "lifted": 0}
    late.refresh_from_db()
    assert late.supervised_at is not None and late.is_supervised()
    assert listed_ledger(world) == {late.pk} == open_hazard_records()
    [record] = flags(basis=Basis.OVERDUE_MAJOR_HAZARD)
    assert (record.school, record.hazard, record.measure, record.status, record.rule) == (
        world.school, late, Measure.LISTED, SupervisionStatus.LISTED, rule("overdue-major-hazard"))
    assert record.deadline == today + timedelta(days=30) and record.evidence["hazard"] == late.pk
    assert sweep() == {"opened": 0, "lifted": 0} and len(flags(basis=Basis.OVERDUE_MAJOR_HAZARD)) == 1

    # The office cannot lift it by hand while the hazard is listed.
    with pytest.raises(ValidationError) as refused:
        supervision.supervision_lift(actor=world.user("office"), supervision=record, note="已整改")
    assert "隐患验收销号" in refused.value.messages[0]
    record.refresh_from_db()
    assert record.status == SupervisionStatus.LISTED

    police, office = world.user("police"), world.user("office")
    risk_services.hazard_submit(actor=police, hazard=late, note="已整改", photos=[photo("after.jpg")])
    risk_services.hazard_accept(actor=office, hazard=late)
    assert sweep() == {"opened": 0, "lifted": 1}
    record.refresh_from_db()
    assert record.status == SupervisionStatus.LIFTED and record.closed_on == today
    lifted = record.events.get(kind=SupervisionEventKind.LIFTED)
    assert lifted.actor is None and lifted.data == {"hazard_settled": True}
    assert listed_ledger(world) == set() == open_hazard_records()
    assert sweep() == {"opened": 0, "lifted": 0}


def test_a_new_deadline_ends_the_listing_and_a_missed_one_lists_again(world):
    today = timezone.localdate()
    late = make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=today - timedelta(days=1))
    sweep()
    risk_services.hazard_assign(actor=world.user("office"), hazard=late,
                                **assign_kwargs(world, deadline=today + timedelta(days=5)))
    assert listed_ledger(world) == set()
    assert sweep() == {"opened": 0, "lifted": 1} and open_hazard_records() == set()
    with time_machine.travel(at(today + timedelta(days=6), 10), tick=False):
        assert sweep() == {"opened": 1, "lifted": 0}
        assert listed_ledger(world) == {late.pk} == open_hazard_records()
    assert Supervision.objects.filter(hazard=late).count() == 2  # the lifted record stays as it was


def test_the_days_past_the_deadline_before_listing_are_data(world):
    today = timezone.localdate()
    overdue = rule("overdue-major-hazard")
    overdue.threshold = 3
    overdue.save()
    two_days = make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=today - timedelta(days=2))
    three_days = make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=today - timedelta(days=3))
    assert sweep()["opened"] == 1
    assert listed_ledger(world) == {three_days.pk} == open_hazard_records()
    two_days.refresh_from_db()
    assert two_days.supervised_at is None


# ---------------------------------------------------------------------------------------------
# Failed sweeps


def inspect(world, campaign, school, failed):
    inspection = campaign.inspections.get(school=school)
    inspection_services.inspection_submit(actor=world.user("education"), inspection=inspection,
                                          answers=sheet(inspection, fail=failed))
    return inspection


def test_a_sweep_failing_five_items_at_a_school_flags_it_for_an_interview(world):
    campaign = open_sweep(world, participants={world.education: [world.school, world.other_school]})
    inspect(world, campaign, world.school, failed=(1, 2, 3, 5))
    failing = inspect(world, campaign, world.other_school, failed=(1, 2, 3, 5, 6))
    assert sweep()["opened"] == 1
    [record] = flags(basis=Basis.FAILED_SWEEP)
    assert (record.school, record.measure, record.status) == (world.other_school, Measure.INTERVIEW,
                                                              SupervisionStatus.FLAGGED)
    assert record.evidence == {"inspection": failing.pk, "failed": 5}
    assert sweep()["opened"] == 0

    failed_sweep = rule("failed-sweep")
    failed_sweep.threshold = 4
    failed_sweep.save()
    assert sweep()["opened"] == 1
    assert {r.school for r in flags(basis=Basis.FAILED_SWEEP)} == {world.school, world.other_school}


def test_a_self_check_is_no_sweep(world):
    failed_sweep = rule("failed-sweep")
    failed_sweep.threshold = 1
    failed_sweep.save()
    check = inspection_services.self_check_start(actor=world.user("school_officer"), school=world.school)
    inspection_services.inspection_submit(actor=world.user("school_officer"), inspection=check,
                                          answers=sheet(check, fail=(1, 2)))
    assert sweep()["opened"] == 0


# ---------------------------------------------------------------------------------------------
# The job


def test_the_celery_task_runs_the_sweep(world, django_capture_on_commit_callbacks):
    from incidents.tasks import supervision_sweep

    for _ in range(3):
        report(world)
    make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=timezone.localdate() - timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        assert supervision_sweep.delay().get() == {"opened": 2, "lifted": 0}
        assert supervision_sweep.delay().get() == {"opened": 0, "lifted": 0}
    assert {r.basis for r in Supervision.objects.all()} == {Basis.INCIDENTS, Basis.OVERDUE_MAJOR_HAZARD}
    assert SupervisionEvent.objects.filter(kind=SupervisionEventKind.FLAGGED).count() == 2


def test_the_office_flags_by_hand_once_per_school_and_measure(world):
    office = world.user("office")
    record = supervision.supervision_flag(actor=office, school=world.school, measure=Measure.INTERVIEW,
                                          reason="家长集中投诉校门口秩序")
    assert record.basis == Basis.MANUAL and record.events.get().actor == office
    with pytest.raises(ValidationError) as refused:
        supervision.supervision_flag(actor=office, school=world.school, measure=Measure.INTERVIEW, reason="再次")
    assert refused.value.message_dict == {"measure": ["该学校已有同类未办结的督导记录。"]}
    with pytest.raises(ValidationError) as refused:
        supervision.supervision_flag(actor=office, school=world.school, measure=Measure.LISTED, reason="挂牌")
    assert refused.value.message_dict == {"deadline": ["挂牌督办须规定整改期限。"]}
