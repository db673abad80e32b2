"""Everything the daily job needs, loaded once per run (a catch-up of many days reuses it)."""
from collections import defaultdict

from organizations import people
from organizations.models import Community, Department, School, SchoolLiaison, SubDistrict, Term

from .calendar import Calendar, TermInfo
from .models import DutyDefinition, DutyScope, Holiday, OwnerKind


def owner_anchor(task):
    """What a task's owners answer for, as organizations.people.answerers() keys it."""
    if task.owner_department_id:
        return ("department", task.owner_department_id)
    if task.owner_school_id:
        return ("school", task.owner_school_id)
    if task.owner_community_id:
        return ("community", task.owner_community_id)
    return ("office", task.sub_district_id)


class PlanningContext:
    def __init__(self):
        self.definitions = list(DutyDefinition.objects.filter(is_active=True).order_by("pk"))
        self.definitions_by_id = {d.pk: d for d in DutyDefinition.objects.all()}
        terms = [
            TermInfo(t.school_year.name, t.kind, t.get_kind_display(), t.starts_on, t.ends_on)
            for t in Term.objects.select_related("school_year")
        ]
        self.calendar = Calendar(terms, Holiday.objects.values_list("date", "kind"))
        self.sub_districts = list(SubDistrict.objects.order_by("pk"))
        self.departments = {(d.sub_district_id, d.kind): d for d in Department.objects.all()}
        self.schools = defaultdict(list)
        for school in School.objects.filter(is_active=True).order_by("pk"):
            self.schools[school.sub_district_id].append(school)
        self.communities = defaultdict(list)
        for community in Community.objects.order_by("pk"):
            self.communities[community.sub_district_id].append(community)
        self.contracted = defaultdict(set)
        for department_id, school_id in SchoolLiaison.objects.values_list("department_id", "school_id"):
            self.contracted[department_id].add(school_id)
        self._people = None

    def owner_department(self, definition, sub_district):
        if definition.owner_kind != OwnerKind.DEPARTMENT:
            return None
        return self.departments.get((sub_district.pk, definition.department_kind))

    def targets(self, definition, sub_district, department):
        """(school, community) pairs the definition yields in one sub-district; (None, None) = the sub-district."""
        scope = definition.scope
        if scope == DutyScope.SUB_DISTRICT:
            return [(None, None)]
        if scope == DutyScope.PER_COMMUNITY:
            return [(None, c) for c in self.communities[sub_district.pk]]
        schools = [s for s in self.schools[sub_district.pk] if definition.applies_to_kind(s.kind)]
        if scope == DutyScope.PER_CANTEEN_SCHOOL:
            schools = [s for s in schools if s.has_canteen]
        elif scope == DutyScope.PER_CONTRACTED_SCHOOL:
            served = self.contracted[department.pk] if department else set()
            schools = [s for s in schools if s.pk in served]
        return [(s, None) for s in schools]

    # People to remind, by what they answer for.
    def _answerers(self):
        if self._people is None:
            self._people = people.answerers()
        return self._people

    def owners_of(self, task):
        return list(self._answerers().get(owner_anchor(task), []))

    def office_of(self, task):
        return list(self._answerers().get(("office", task.sub_district_id), []))
