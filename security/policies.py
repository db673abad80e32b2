"""Who may do what in the safety zone, patrols, drills, trainings and staffing (organizations.rules).

Some rules depend on the kind of department a person works for (the comprehensive-governance office
and law enforcement keep the premises register; the police and the traffic brigade patrol): that is the
department's business, not a role, and is read from the person's memberships.
"""
from django.db.models import Q

from organizations.models import DepartmentKind, School, SchoolLiaison, SubDistrict
from organizations.rules import Rule

from .models import Premises

ZONE_KEEPERS = (DepartmentKind.GOVERNANCE, DepartmentKind.LAW_ENFORCEMENT)
PATROLLERS = (DepartmentKind.POLICE, DepartmentKind.TRAFFIC)
DRILL_GUIDES = (DepartmentKind.SAFETY,)


def _departments_of_kind(scope, kinds):
    return [m.department for m in scope.memberships
            if m.department_id in scope.write.departments and m.department.kind in kinds]


def _served_by(scope, kinds):
    departments = [d.pk for d in _departments_of_kind(scope, kinds)]
    if not departments:
        return []
    return list(SchoolLiaison.objects.filter(department__in=departments).values_list("school_id", flat=True))


def _premises_keeper_areas(scope):
    return {d.sub_district_id for d in _departments_of_kind(scope, ZONE_KEEPERS)} | set(scope.write.sub_districts)


def _premises_edit(scope):
    return Q(pk__in=_premises_keeper_areas(scope))


def _premises_row_edit(scope):
    return Q(sub_district__in=_premises_keeper_areas(scope))


def _school_office_or_own(scope):
    return Q(sub_district__in=scope.write.sub_districts) | Q(pk__in=scope.write.own_schools)


def _patrol(scope):
    # The police and the traffic brigade patrol the zones of the schools they guard (包校).
    return Q(pk__in=_served_by(scope, PATROLLERS))


def _guard_duty(scope):
    return _school_office_or_own(scope) | _patrol(scope)


def _drill(scope):
    # The school runs its drills; the safety supervision office records those it guided; the office too.
    return _school_office_or_own(scope) | Q(pk__in=_served_by(scope, DRILL_GUIDES))


def _training_at_school(scope):
    return _school_office_or_own(scope) | Q(pk__in=scope.write.schools)


def _training_in_area(scope):
    areas = {d.sub_district_id for d in _departments_of_kind(scope, tuple(DepartmentKind.values))}
    return Q(pk__in=areas | set(scope.write.sub_districts))


premises_edit = Rule(SubDistrict, _premises_edit, name="premises_edit")
premises_row_edit = Rule(Premises, _premises_row_edit, name="premises_row_edit")
gate_edit = Rule(School, _school_office_or_own, name="gate_edit")
patrol_record = Rule(School, _patrol, name="patrol_record")
guard_duty_record = Rule(School, _guard_duty, name="guard_duty_record")
camera_edit = Rule(School, _school_office_or_own, name="camera_edit")
drill_record = Rule(School, _drill, name="drill_record")
training_at_school = Rule(School, _training_at_school, name="training_at_school")
training_in_area = Rule(SubDistrict, _training_in_area, name="training_in_area")
staffing_edit = Rule(School, _school_office_or_own, name="staffing_edit")
