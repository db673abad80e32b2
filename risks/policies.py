"""Who may do what in the risk register and the hazard loop: each rule once, for one row and for many.

Rules are written against the person's write reach (organizations.scoping), never against role names:
the office is whoever reaches the sub-district, an assignee whoever reaches the assigned department or
answers for the school itself. See organizations/rules.py for how one rule answers every question.
"""
from django.db.models import Q

from organizations.models import School, SubDistrict
from organizations.rules import Rule

from .models import AssigneeKind, Hazard, Risk


def _office_of_school(scope):
    return Q(sub_district__in=scope.write.sub_districts)


def _hazard_office(scope):
    return Q(school__sub_district__in=scope.write.sub_districts)


def _hazard_rectifier(scope):
    return (Q(assignee_kind=AssigneeKind.DEPARTMENT, assigned_department__in=scope.write.departments)
            | Q(assignee_kind=AssigneeKind.SCHOOL, school__in=scope.write.own_schools))


def _hazard_acceptor(scope):
    # 核查验收 is the office's, and never by the person who did the rectification.
    return _hazard_office(scope) & ~Q(rectified_by=scope.user.pk)


def _report_at(scope):
    # The office for its schools; officers, principals, serving departments and communities for theirs.
    return _office_of_school(scope) | Q(pk__in=scope.write.schools)


def _grade_at_report(scope):
    return _office_of_school(scope)


def _manage_risks(scope, school="pk", sub_district="sub_district"):
    # The education center maintains the lists of every school it oversees.
    return (Q(**{f"{sub_district}__in": scope.write.sub_districts}) | Q(**{f"{school}__in": scope.write.own_schools})
            | Q(**{f"{sub_district}__in": scope.write.overseen}))


def _choose_scheme(scope):
    return _office_of_school(scope)


def _ledger_import(scope):
    return Q(pk__in=scope.write.sub_districts)


hazard_report = Rule(School, _report_at, name="hazard_report")
hazard_grade_on_report = Rule(School, _grade_at_report, name="hazard_grade_on_report")
hazard_office = Rule(Hazard, _hazard_office, name="hazard_office")
hazard_rectify = Rule(Hazard, _hazard_rectifier, name="hazard_rectify")
hazard_accept = Rule(Hazard, _hazard_acceptor, name="hazard_accept")

risk_manage = Rule(School, _manage_risks, name="risk_manage")
risk_choose_scheme = Rule(School, _choose_scheme, name="risk_choose_scheme")
risk_manage_row = Rule(Risk, lambda scope: _manage_risks(scope, "school", "school__sub_district"),
                       name="risk_manage_row")

ledger_import = Rule(SubDistrict, _ledger_import, name="ledger_import")
