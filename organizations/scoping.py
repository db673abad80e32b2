"""The one place that decides what a person may see and change.

Every queryset shown to a user goes through `visible()` (reads) or `writable()` (changes). A model
opts in by declaring `scope_paths`, mapping the kinds of reach below to lookups on the model:

    sub_district  the office and leaders reach everything of their sub-district(s)
    school        school officers and principals reach their school; departments the schools they
                  serve (包校, or all schools for the education center); communities their schools
    department    department staff reach what is assigned to their department
    community     community staff reach what belongs to their community
    reference     read-only reference data any member of the sub-district may see
    own_school    only the schools a person answers for directly (officer, principal), not those served
    oversight     sub-districts whose schools a department oversees (the education center)

Outsiders get 404 (they cannot learn that a row exists); read-only roles get 403 on writes.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import READ_ONLY_ROLES, Membership, Role, School, SchoolLiaison, SubDistrict

_CACHE_ATTR = "_campus_scope"


@dataclass(frozen=True)
class Reach:
    sub_districts: frozenset = field(default_factory=frozenset)
    schools: frozenset = field(default_factory=frozenset)
    departments: frozenset = field(default_factory=frozenset)
    communities: frozenset = field(default_factory=frozenset)
    member_of: frozenset = field(default_factory=frozenset)  # sub-districts with any membership
    own_schools: frozenset = field(default_factory=frozenset)
    overseen: frozenset = field(default_factory=frozenset)

    def q(self, model, *, reference=True):
        paths = getattr(model, "scope_paths", None)
        if paths is None:
            raise ImproperlyConfigured(f"{model.__name__} declares no scope_paths and cannot be scoped.")
        condition = Q(pk__in=[])
        for kind, ids in (
            ("sub_district", self.sub_districts),
            ("school", self.schools),
            ("department", self.departments),
            ("community", self.communities),
            ("own_school", self.own_schools),
            ("oversight", self.overseen),
        ):
            if ids and kind in paths:
                # A path is a lookup, or (for a reach through a related table) a function of the ids to a Q.
                path = paths[kind]
                condition |= path(ids) if callable(path) else Q(**{f"{path}__in": ids})
        if reference and self.member_of and "reference" in paths:
            condition |= Q(**{f"{paths['reference']}__in": self.member_of})
        return condition


class Scope:
    """What one user reaches, computed once per request from their memberships."""

    def __init__(self, user):
        self.user = user
        self.is_superuser = bool(user.is_active and user.is_superuser)
        memberships = list(
            Membership.objects.filter(user=user).select_related("department", "school", "community")
            if user.is_authenticated and user.is_active
            else []
        )
        self.memberships = memberships
        self.roles = frozenset(m.role for m in memberships)
        self.read = self._reach(memberships)
        self.write = self._reach([m for m in memberships if m.role not in READ_ONLY_ROLES])

    @staticmethod
    def _reach(memberships):
        sub_districts, schools, departments, communities, member_of = set(), set(), set(), set(), set()
        overseeing, served_by = set(), set()
        for m in memberships:
            if m.role in (Role.OFFICE, Role.LEADER):
                sub_districts.add(m.sub_district_id)
                member_of.add(m.sub_district_id)
            elif m.role == Role.DISTRICT_LEADER:
                ids = SubDistrict.objects.filter(district_id=m.district_id).values_list("pk", flat=True)
                sub_districts.update(ids)
                member_of.update(ids)
            elif m.role == Role.DEPARTMENT:
                departments.add(m.department_id)
                member_of.add(m.department.sub_district_id)
                if m.department.oversees_all_schools:
                    overseeing.add(m.department.sub_district_id)
                else:
                    served_by.add(m.department_id)
            elif m.role in (Role.SCHOOL_OFFICER, Role.PRINCIPAL):
                schools.add(m.school_id)
                member_of.add(m.school.sub_district_id)
            elif m.role == Role.COMMUNITY:
                communities.add(m.community_id)
                member_of.add(m.community.sub_district_id)
        if overseeing or served_by or communities:
            schools.update(
                School.objects.filter(
                    Q(sub_district__in=overseeing)
                    | Q(pk__in=SchoolLiaison.objects.filter(department__in=served_by).values("school"))
                    | Q(community__in=communities)
                ).values_list("pk", flat=True)
            )
        own_schools = {m.school_id for m in memberships if m.role in (Role.SCHOOL_OFFICER, Role.PRINCIPAL)}
        return Reach(
            frozenset(sub_districts), frozenset(schools), frozenset(departments),
            frozenset(communities), frozenset(member_of), frozenset(own_schools), frozenset(overseeing),
        )

    @property
    def own_schools(self):
        """Schools a person answers for directly (officer, principal), as opposed to schools they serve."""
        return self.write.own_schools

    @property
    def is_read_only(self):
        return not self.is_superuser and not self.write.member_of and not self.write.sub_districts

    @property
    def holds_only_read_only_roles(self):
        """A leader: told that the account is read-only, rather than that nothing is theirs to act on."""
        return bool(self.memberships) and self.is_read_only

    def visible(self, queryset):
        if self.is_superuser:
            return queryset
        return queryset.filter(self.read.q(queryset.model))

    def writable(self, queryset):
        if self.is_superuser:
            return queryset
        return queryset.filter(self.write.q(queryset.model, reference=False))


def scope_for(user):
    scope = getattr(user, _CACHE_ATTR, None)
    if scope is None:
        scope = Scope(user)
        if user.is_authenticated:
            setattr(user, _CACHE_ATTR, scope)
    return scope


def visible(user, queryset):
    return scope_for(user).visible(queryset)


def writable(user, queryset):
    return scope_for(user).writable(queryset)


def nameable(user, queryset):
    """The rows a person may name in a filter or a foreign key: those they see. Another sub-district's row is
    then refused exactly like an id that does not exist. Sub-districts have no scope_paths (they are the scope);
    models with neither (grading schemes, duty definitions, school years) are shared by the deployment."""
    if getattr(queryset.model, "scope_paths", None) is not None:
        return visible(user, queryset)
    if queryset.model is SubDistrict:
        scope = scope_for(user)
        return queryset if scope.is_superuser else queryset.filter(
            pk__in=scope.read.member_of | scope.read.sub_districts)
    return queryset


def get_visible_or_404(user, queryset, **lookup):
    obj = visible(user, queryset).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def get_writable_or_403(user, queryset, **lookup):
    """404 for what the user cannot see at all, 403 for what they see but may not change."""
    obj = get_visible_or_404(user, queryset, **lookup)
    if not writable(user, queryset).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj
