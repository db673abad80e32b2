"""Who may do what with incidents and supervision (organizations.rules): each rule once, for a row and for many.

The office handles an incident (response, investigation, aftermath, closing); the school that had it
answers for its own response, written report and insurance claim; the departments concerned (told by
the incident's kind, or joined by the office, such as the safety supervision office for investigations)
add what they did to the timeline.
"""
from django.db.models import Q

from organizations.models import School
from organizations.rules import Rule

from .models import Incident, Involvement, Supervision


def _office(scope):
    return Q(school__sub_district__in=scope.write.sub_districts)


def _own_school(scope):
    return Q(school__in=scope.write.own_schools)


def _involved_department(scope):
    if not scope.write.departments:
        return Q(pk__in=[])
    incidents = Involvement.objects.filter(department__in=scope.write.departments).values_list("incident", flat=True)
    return Q(pk__in=list(incidents))


def _report_at(scope):
    # The office for its schools; officers, principals, serving departments and communities for theirs.
    return Q(sub_district__in=scope.write.sub_districts) | Q(pk__in=scope.write.schools)


def _office_of_school(scope):
    return Q(sub_district__in=scope.write.sub_districts)


incident_report = Rule(School, _report_at, name="incident_report")
incident_office = Rule(Incident, _office, name="incident_office")
incident_respond = Rule(Incident, lambda scope: _office(scope) | _own_school(scope), name="incident_respond")
incident_act = Rule(Incident, lambda scope: _office(scope) | _own_school(scope) | _involved_department(scope),
                    name="incident_act")

supervision_manage = Rule(Supervision, _office, name="supervision_manage")
supervision_flag = Rule(School, _office_of_school, name="supervision_flag")
