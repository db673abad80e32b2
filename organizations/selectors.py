from django.db.models import Q

from .models import Community, Department, SchoolYear
from .scoping import visible


def filter_schools(schools, *, q="", kind="", community=None):
    if q:
        schools = schools.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if kind:
        schools = schools.filter(kind=kind)
    if community is not None:
        schools = schools.filter(community=community)
    return schools


def community_list(user):
    return visible(user, Community.objects.select_related("sub_district"))


def department_list(user):
    return visible(user, Department.objects.select_related("sub_district"))


def current_school_year(today):
    return (
        SchoolYear.objects.filter(starts_on__lte=today, ends_on__gte=today).prefetch_related("terms").first()
        or SchoolYear.objects.filter(starts_on__gt=today).order_by("starts_on").prefetch_related("terms").first()
    )
