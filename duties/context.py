"""Everything the daily job needs, loaded once per run (a catch-up of many days reuses it)."""
from collections import defaultdict

from organizations.models import (Community, Department, Membership, Role, School, SchoolLiaison, SubDistrict,
                                  Term)

from .calendar import Calendar, TermInfo
from .models import DutyDefinition, DutyScope, Holiday, OwnerKind


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
    def _load_people(self):
        people = {"department": defaultdict(list), "school": defaultdict(list), "community": defaultdict(list),
                  "office": defaultdict(list)}
        memberships = Membership.objects.filter(user__is_active=True).select_related("user").order_by("user_id")
        for m in memberships:
            if m.role == Role.DEPARTMENT:
                people["department"][m.department_id].append(m.user)
            elif m.role in (Role.SCHOOL_OFFICER, Role.PRINCIPAL):
                people["school"][m.school_id].append(m.user)
            elif m.role == Role.COMMUNITY:
                people["community"][m.community_id].append(m.user)
            elif m.role == Role.OFFICE:
                people["office"][m.sub_district_id].append(m.user)
        return people

    def owners_of(self, task):
        if self._people is None:
            self._people = self._load_people()
        if task.owner_department_id:
            found = self._people["department"][task.owner_department_id]
        elif task.owner_school_id:
            found = self._people["school"][task.owner_school_id]
        elif task.owner_community_id:
            found = self._people["community"][task.owner_community_id]
        else:
            found = self._people["office"][task.sub_district_id]
        return list({u.pk: u for u in found}.values())

    def office_of(self, task):
        if self._people is None:
            self._people = self._load_people()
        return list({u.pk: u for u in self._people["office"][task.sub_district_id]}.values())
