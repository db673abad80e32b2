"""Patrols, drills, trainings and staffing: findings as hazards once, duties fulfilled, GB/T 29315-2022."""
from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from duties.models import DutyDefinition, DutyTask, TaskStatus
from risks.models import Hazard
from security import services, staffing
from security.models import DrillKind, Staffing, TrainingKind


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield


def _task(world, code, day, **target):
    definition = DutyDefinition.objects.get(code=code)
    return DutyTask.objects.create(definition=definition, period_key=f"{code}-{day}", period_label=str(day),
                                   opens_on=day, due_on=day, sub_district=world.sub_district, **target)


@pytest.mark.parametrize(("day_students", "guards"), [
    (0, 1), (99, 1), (100, 2), (999, 2), (1000, 3), (1499, 3), (1500, 4), (2000, 5), (2600, 6)])
def test_guards_required_follow_the_standard(day_students, guards):
    assert staffing.guards_required(day_students) == guards


def test_the_shortfall_counts_day_students_and_boarders():
    assert staffing.shortfall(students=1200, boarders=300, guards=1, dorm_managers=1) == {"guards": 1, "dorm_managers": 1}
    assert staffing.shortfall(students=80, boarders=0, guards=1, dorm_managers=0) == {}


def test_a_school_short_of_guards_shows_it_and_may_file_it_once_a_year(world):
    services.staffing_save(actor=world.user("school_officer"), school=world.school, guards=1, dorm_managers=0,
                           volunteers=4, gate_staffed_24h=True, patrols_per_day=5)
    check = services.staffing_check(world.school)
    assert check["required"]["guards"] == 3 and check["missing"] == {"guards": 2}  # 1000 day students
    first = services.staffing_report_shortfall(actor=world.user("school_officer"), school=world.school)
    again = services.staffing_report_shortfall(actor=world.user("office"), school=world.school)
    assert first.pk == again.pk and "专职保安缺 2 名" in first.description
    services.staffing_save(actor=world.user("office"), school=world.school, guards=3, dorm_managers=0, volunteers=0,
                           gate_staffed_24h=True, patrols_per_day=6)
    with pytest.raises(ValidationError):
        services.staffing_report_shortfall(actor=world.user("office"), school=world.school)
    with pytest.raises(PermissionDenied):
        services.staffing_save(actor=world.user("police"), school=world.school, guards=9, dorm_managers=0,
                               volunteers=0, gate_staffed_24h=True, patrols_per_day=5)
    assert Staffing.objects.get().guards == 3


def test_a_police_patrol_is_logged_its_findings_filed_and_the_days_duty_done(world):
    day = date(2026, 11, 20)
    task = _task(world, "police-patrol", day, school=world.school, owner_department=world.police)
    log = services.patrol_record(actor=world.user("police"), school=world.school, patrolled_on=day,
                                 started_at=time(7, 20), ended_at=time(8, 10), route="正门—东侧路口—后门",
                                 findings=[{"category": "traffic", "location": "东侧路口", "description": "减速带损坏"}])
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == world.user("police")
    hazard = Hazard.objects.get()
    assert hazard.source == "patrol" and hazard.source_key == f"patrol:{log.pk}:finding:1"
    assert log.findings.get().hazard == hazard and log.department == world.police


@pytest.mark.parametrize(("person", "refusal"), [
    ("health", Http404), ("school_officer", PermissionDenied), ("office", PermissionDenied),
    ("leader", PermissionDenied)])
def test_only_a_guarding_department_records_patrols(world, person, refusal):
    with pytest.raises(refusal):
        services.patrol_record(actor=world.user(person), school=world.school, patrolled_on=date(2026, 11, 20),
                               started_at=time(7), ended_at=time(8), route="正门")


def test_a_patrol_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.patrol_record(actor=world.user("police"), school=world.school, patrolled_on=date(2026, 11, 20),
                               started_at=time(9), ended_at=time(8), route="正门",
                               findings=[{"category": "", "location": "", "description": "x"}])
    errors = refused.value.message_dict
    assert errors["ended_at"] == ["结束时间应晚于开始时间。"] and "findings-1" in errors
    assert not Hazard.objects.exists()


def test_a_drills_problems_become_hazards_once_and_the_drill_duty_is_done(world):
    day = date(2026, 11, 18)
    definition = DutyDefinition.objects.get(code="school-drill-monthly")
    task = DutyTask.objects.create(definition=definition, period_key="2026-11", period_label="2026年11月",
                                   opens_on=date(2026, 11, 1), due_on=date(2026, 11, 30),
                                   sub_district=world.sub_district, school=world.school, owner_school=world.school)
    drill = services.drill_record(actor=world.user("school_officer"), school=world.school, kind=DrillKind.EARTHQUAKE,
                                  held_on=day, participants=1050, duration_min=15, evacuation_seconds=190,
                                  problems=[{"category": "facilities", "location": "教学楼西侧楼梯",
                                             "description": "楼梯口疏散指示灯不亮"}])
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    hazard = Hazard.objects.get()
    assert hazard.source == "drill" and hazard.source_key == f"drill:{drill.pk}:problem:1"
    assert drill.problems.get().hazard == hazard


def test_a_fire_class_at_a_school_fulfils_the_safety_offices_termly_duty(world):
    from organizations.models import Department, DepartmentKind, LiaisonKind, Membership, Role, SchoolLiaison, User

    safety = Department.objects.create(sub_district=world.sub_district, kind=DepartmentKind.SAFETY, name="安监办")
    SchoolLiaison.objects.create(school=world.school, department=safety, kind=LiaisonKind.FIRE_SAFETY)
    person = User.objects.create_user("safety", password="x" * 12)
    Membership.objects.create(user=person, role=Role.DEPARTMENT, department=safety)
    definition = DutyDefinition.objects.get(code="safety-fire-class")
    task = DutyTask.objects.create(definition=definition, period_key="t", period_label="2026-2027 秋季学期",
                                   opens_on=date(2026, 9, 1), due_on=date(2027, 1, 22),
                                   sub_district=world.sub_district, school=world.school, owner_department=safety)
    services.training_record(actor=person, sub_district=world.sub_district, school=world.school,
                             kind=TrainingKind.FIRE_CLASS, held_on=date(2026, 11, 19), department=safety,
                             participants=300)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
