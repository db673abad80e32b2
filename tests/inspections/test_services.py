"""Template → campaign → inspection → failed items → hazards, exactly once; grading by the checklist;
versions; the daily self-check and the duty it fulfils; missed school days."""
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from duties.models import DutyDefinition, DutyTask, Holiday, TaskStatus
from inspections import selectors, services
from inspections.models import ChecklistTemplate, Inspection, InspectionStatus
from risks.models import Hazard, HazardEventKind, HazardStatus
from tests.risks.helpers import photo

from .helpers import dragnet, item, open_sweep, sheet

NOV = time_machine.travel(date(2026, 11, 20), tick=False)


@pytest.fixture(autouse=True)
def november():
    with NOV:
        yield


def test_a_sweep_covers_every_active_school_of_the_sub_district_by_default(world):
    campaign = open_sweep(world, participants={world.education: [world.school, world.other_school]})
    inspections = campaign.inspections.order_by("school__name")
    assert {i.school for i in inspections} == {world.school, world.other_school}
    assert {i.department for i in inspections} == {world.education}
    assert all(i.status == InspectionStatus.DRAFT for i in inspections)


def test_failed_items_become_hazards_exactly_once_graded_by_the_checklist(world):
    campaign = open_sweep(world, participants={world.education: [world.school]})
    inspection = campaign.inspections.get(school=world.school)
    edu = world.user("education")
    direct = item(inspection, 1)  # blocked exits: a direct-judgement case
    assert direct.is_direct_judgement and not item(inspection, 6).is_direct_judgement
    answers = sheet(inspection, fail=(1, 6))
    services.inspection_save(actor=edu, inspection=inspection, answers=answers,
                             photos={direct.pk: [photo("exit.jpg")]})
    services.inspection_submit(actor=edu, inspection=inspection)
    hazards = Hazard.objects.order_by("pk")
    assert hazards.count() == 2
    major, general = hazards
    assert (major.grade, general.grade) == ("major", "general")
    assert major.status == general.status == HazardStatus.GRADED
    assert major.source_key == f"inspection:{inspection.pk}:item:{direct.pk}"
    assert major.attachments.count() == 1 and major.reported_by == edu
    graded = major.events.get(kind=HazardEventKind.GRADED)
    assert graded.actor is None and graded.data["basis"] == direct.direct_judgement
    with pytest.raises(ValidationError):
        services.inspection_submit(actor=edu, inspection=inspection)
    with pytest.raises(ValidationError):
        services.inspection_save(actor=edu, inspection=inspection, answers=sheet(inspection))
    assert Hazard.objects.count() == 2
    inspection.refresh_from_db()
    assert inspection.answers.get(item=direct).hazard == major


def test_a_correction_is_an_event_and_a_newly_failed_item_one_more_hazard(world):
    campaign = open_sweep(world, participants={world.education: [world.school]})
    inspection = campaign.inspections.get(school=world.school)
    edu = world.user("education")
    services.inspection_submit(actor=edu, inspection=inspection, answers=sheet(inspection, fail=(6,)))
    for _ in range(2):
        services.inspection_correct(actor=edu, inspection=inspection, item=item(inspection, 7), result="fail",
                                    reason="复查发现校舍裂缝")
    assert Hazard.objects.count() == 2
    inspection.refresh_from_db()
    assert inspection.answers.get(item=item(inspection, 7)).result == "pass"  # the submitted answer stands
    assert inspection.events.filter(kind="corrected").count() == 2
    with pytest.raises(ValidationError) as refused:
        services.inspection_correct(actor=edu, inspection=inspection, item=item(inspection, 7), result="pass",
                                    reason="")
    assert "reason" in refused.value.message_dict


def test_every_item_must_be_answered_and_a_failure_explained(world):
    campaign = open_sweep(world, participants={world.education: [world.school]})
    inspection = campaign.inspections.get(school=world.school)
    answers = sheet(inspection, fail=(2,), note="")
    del answers[item(inspection, 3).pk]
    with pytest.raises(ValidationError) as refused:
        services.inspection_submit(actor=world.user("education"), inspection=inspection, answers=answers)
    errors = refused.value.message_dict
    assert errors[f"item-{item(inspection, 2).pk}"] == ["不合格项请写明问题所在。"]
    assert errors[f"item-{item(inspection, 3).pk}"] == ["请填写此项检查结果。"]
    assert not Hazard.objects.exists()
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.DRAFT
    assert not inspection.answers.exists()  # nothing half-saved


@pytest.mark.parametrize(("person", "outcome"), [
    ("education", "ok"), ("office", "ok"), ("police", 404), ("school_officer", 403), ("leader", 403),
    ("outside_office", 404),
])
def test_who_may_fill_a_sweep_inspection(world, person, outcome):
    campaign = open_sweep(world, participants={world.education: [world.school]})
    inspection = campaign.inspections.get(school=world.school)
    from django.http import Http404
    try:
        services.inspection_save(actor=world.user(person), inspection=inspection, answers=sheet(inspection))
        got = "ok"
    except Http404:
        got = 404
    except PermissionDenied:
        got = 403
    assert got == outcome


def test_only_the_office_opens_a_sweep(world):
    with pytest.raises(PermissionDenied):
        services.campaign_open(actor=world.user("education"), sub_district=world.sub_district, kind="dragnet",
                               template=dragnet(), title="x", starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 1))


def test_a_revised_checklist_leaves_finished_inspections_as_they_were(world):
    campaign = open_sweep(world, participants={world.education: [world.school]})
    inspection = campaign.inspections.get(school=world.school)
    services.inspection_submit(actor=world.user("education"), inspection=inspection, answers=sheet(inspection))
    old = dragnet()
    texts = [i.text for i in old.items.all()]
    revised = services.template_revise(template=old, items=[
        {"category": "fire", "text": "新的检查项", "guidance": "", "direct_judgement": ""}])
    assert revised.version == 2 and revised.is_current and not ChecklistTemplate.objects.get(pk=old.pk).is_current
    inspection.refresh_from_db()
    assert inspection.template_id == old.pk
    assert [i.text for i in inspection.template.items.all()] == texts
    assert [s[1][0][0].text for s in selectors.answer_sheet(inspection)][:1] == [texts[0]]


def test_opening_a_sweep_fulfils_the_offices_duty_of_organising_it(world):
    definition = DutyDefinition.objects.get(code="office-dragnet-sweep")
    task = DutyTask.objects.create(definition=definition, period_key="2026-H2", period_label="2026年下半年",
                                   opens_on=date(2026, 7, 1), due_on=date(2026, 12, 31),
                                   sub_district=world.sub_district)
    campaign = open_sweep(world)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == world.user("office")
    assert str(campaign.pk) in task.evidence_link


def test_a_submitted_self_check_closes_the_days_duty_task(world):
    day = date(2026, 11, 20)
    definition = DutyDefinition.objects.get(code="school-daily-self-check")
    task = DutyTask.objects.create(definition=definition, period_key=day.isoformat(), period_label=day.isoformat(),
                                   opens_on=day, due_on=day, sub_district=world.sub_district, school=world.school,
                                   owner_school=world.school)
    officer = world.user("school_officer")
    inspection = services.self_check_start(actor=officer, school=world.school)
    assert services.self_check_start(actor=officer, school=world.school) == inspection
    services.inspection_submit(actor=officer, inspection=inspection, answers=sheet(inspection, fail=(3,)))
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    hazard = Hazard.objects.get()
    assert hazard.grade == "major" and hazard.source == "self_check"
    with pytest.raises(PermissionDenied):
        services.self_check_start(actor=world.user("police"), school=world.school)


def test_missed_self_check_days_skip_weekends_and_holidays(world):
    Holiday.objects.create(date=date(2026, 11, 18), name="校庆放假")
    officer = world.user("school_officer")
    for day in (date(2026, 11, 16), date(2026, 11, 19)):
        with time_machine.travel(day, tick=False):
            inspection = services.self_check_start(actor=officer, school=world.school, day=day)
            services.inspection_submit(actor=officer, inspection=inspection, answers=sheet(inspection),
                                       inspected_on=day)
    rows = {row["school"]: row for row in selectors.self_check_days(world.user("office"), date(2026, 11, 14),
                                                                   date(2026, 11, 20))}
    # 14-15 weekend, 16 done, 17 missed, 18 holiday, 19 done, 20 missed
    assert rows[world.school]["school_days"] == 4 and rows[world.school]["done"] == 2
    assert rows[world.school]["missed"] == [date(2026, 11, 17), date(2026, 11, 20)]
    assert rows[world.other_school]["missed"] == [date(2026, 11, d) for d in (16, 17, 19, 20)]
    assert world.outside_school not in rows
    assert selectors.self_check_days(world.user("school_officer"), date(2026, 11, 16), date(2026, 11, 20))[0][
        "school"] == world.school


def test_a_campaign_closes_once_and_only_by_its_office(world):
    campaign = open_sweep(world, participants={world.education: [world.school]})
    with pytest.raises(PermissionDenied):
        services.campaign_close(actor=world.user("education"), campaign=campaign)
    services.campaign_close(actor=world.user("office"), campaign=campaign)
    with pytest.raises(ValidationError):
        services.campaign_close(actor=world.user("office"), campaign=campaign)
    assert timedelta(0) <= campaign.ends_on - campaign.starts_on
