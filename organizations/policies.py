"""Who may do what with the organisation's own rows: each rule once (see rules.py)."""
from django.db.models import Q

from .models import School, SubDistrict
from .rules import Rule


def _school_facts_editor(scope):
    # The office for its schools, the school itself for its own facts.
    return Q(sub_district__in=scope.write.sub_districts) | Q(pk__in=scope.write.own_schools)


def _school_directory(scope):
    # Schools reached other than as one's own school: the office, leaders, serving departments, communities.
    return Q(sub_district__in=scope.read.sub_districts) | Q(pk__in=scope.read.schools - scope.read.own_schools)


def _own_school(scope):
    return Q(pk__in=scope.read.own_schools)


def _organisation_reader(scope):
    # The office, the leaders and the departments read the sub-district's departments and communities.
    return Q(pk__in=scope.read.sub_districts) | Q(departments__in=scope.read.departments)


def _api_docs_reader(scope):
    return Q(pk__in=scope.write.sub_districts)


def _overview_reader(scope):
    # The office and the leaders of a sub-district, a district leader of every sub-district of the district.
    return Q(pk__in=scope.read.sub_districts)


school_update_facts = Rule(School, _school_facts_editor, name="school_update_facts")
school_directory = Rule(School, _school_directory, name="school_directory")
own_school = Rule(School, _own_school, name="own_school")
organisation_read = Rule(SubDistrict, _organisation_reader, name="organisation_read")
api_docs_read = Rule(SubDistrict, _api_docs_reader, name="api_docs_read")
sub_district_overview = Rule(SubDistrict, _overview_reader, name="sub_district_overview")
