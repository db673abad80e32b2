"""Who answers for what. Other apps ask here instead of comparing role names themselves."""
from collections import defaultdict

from .models import Membership, Role, User

# The roles that answer for each kind of anchor (read-only leaders answer for nothing).
ANSWERS_FOR = {
    Role.OFFICE: ("office", "sub_district_id"),
    Role.DEPARTMENT: ("department", "department_id"),
    Role.SCHOOL_OFFICER: ("school", "school_id"),
    Role.PRINCIPAL: ("school", "school_id"),
    Role.COMMUNITY: ("community", "community_id"),
}


def _active(**membership):
    return User.objects.filter(is_active=True, **{f"memberships__{k}": v for k, v in membership.items()})


def office_staff(sub_district_id):
    """The joint meeting office of a sub-district."""
    return _active(role=Role.OFFICE, sub_district_id=sub_district_id)


def department_staff(department_id):
    return _active(role=Role.DEPARTMENT, department_id=department_id)


def school_staff(school_id):
    """Those who answer for one school directly: its safety officers and its principal."""
    return _active(role__in=[Role.SCHOOL_OFFICER, Role.PRINCIPAL], school_id=school_id)


def answerers():
    """Every active person by what they answer for: {("office" | "department" | "school" | "community", id):
    [users]}, each list in the order the people were created. One query, for jobs that ask many times."""
    found = defaultdict(list)
    memberships = (Membership.objects.filter(user__is_active=True, role__in=list(ANSWERS_FOR))
                   .select_related("user").order_by("user_id", "pk"))
    for m in memberships:
        kind, attribute = ANSWERS_FOR[m.role]
        people = found[(kind, getattr(m, attribute))]
        if m.user not in people:
            people.append(m.user)
    return found
