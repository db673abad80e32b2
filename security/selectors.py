"""Reads of the zone, patrols, guard posts, cameras, drills, trainings and staffing (scoped)."""
from django.db.models import Case, Prefetch, Value, When

from organizations.models import School
from organizations.scoping import visible

from . import services
from .models import (Camera, Drill, DrillProblem, GuardDuty, GuardSlot, PatrolFinding, PatrolLog, Premises, PremisesStatus,
                     PremisesType, Training)

# How far around a school the zone page looks (beyond every radius, so "just outside" shows too).
NEARBY_M = 500


def premises_list(user, *, type=None, status="", q=""):
    rows = visible(user, Premises.objects.select_related("type", "sub_district"))
    if type is not None:
        rows = rows.filter(type=type)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(name__icontains=q) | rows.filter(address__icontains=q)
    return rows


def premises_types():
    return PremisesType.objects.all()


def zone(school):
    """The school's zone: its gates and the operating premises within NEARBY_M of a gate, nearest first,
    each with its distance, the nearest gate and whether it breaks the rule of its type."""
    gates = services.gates_of(school)
    rows = []
    if gates:
        candidates = Premises.objects.filter(sub_district=school.sub_district_id,
                                             status=PremisesStatus.OPERATING).select_related("type")
        for premises in candidates:
            metres, gate = services.distance_to(school, premises, gates)
            if metres is not None and metres <= NEARBY_M:
                rows.append({"premises": premises, "metres": metres, "gate": gate,
                             "violation": services.is_violation(premises, metres),
                             "supervised": premises.type.supervised and metres <= premises.type.radius_m})
    rows.sort(key=lambda row: row["metres"])
    return {"school": school, "gates": gates, "rows": rows,
            "radii": sorted({t.radius_m for t in PremisesType.objects.filter(prohibited=True)}, reverse=True)}


def zone_violation_counts(schools):
    """{school pk: number of operating prohibited premises inside its zone, or None for a school without a
    gate}. Pass the schools with their gates prefetched: then it takes one more query whatever their number."""
    areas = {school.sub_district_id for school in schools}
    candidates = list(Premises.objects.filter(sub_district__in=areas, status=PremisesStatus.OPERATING,
                                              type__prohibited=True).select_related("type"))
    counts = {}
    for school in schools:
        gates = services.gates_of(school)
        counts[school.pk] = sum(
            1 for premises in candidates if premises.sub_district_id == school.sub_district_id
            and services.is_violation(premises, services.distance_to(school, premises, gates)[0])) if gates else None
    return counts


def patrols(user, school=None):
    rows = visible(user, PatrolLog.objects.select_related("school", "department", "recorded_by").prefetch_related(
        Prefetch("findings", queryset=PatrolFinding.objects.select_related("hazard"))))
    return rows.filter(school=school) if school is not None else rows


SLOT_ORDER = Case(*[When(slot=slot, then=Value(n)) for n, slot in enumerate(GuardSlot.values)])


def guard_duties(user, school=None, on=None):
    """Rosters, a day's slots in the order of the day (morning, noon, afternoon)."""
    rows = visible(user, GuardDuty.objects.select_related("school", "department")).order_by("-on", "school",
                                                                                           SLOT_ORDER, "post")
    if school is not None:
        rows = rows.filter(school=school)
    return rows.filter(on=on) if on is not None else rows


def cameras(user, school):
    return visible(user, Camera.objects.filter(school=school))


def drills(user, school=None):
    rows = visible(user, Drill.objects.select_related("school", "guided_by").prefetch_related(
        Prefetch("problems", queryset=DrillProblem.objects.select_related("hazard")), "evidence"))
    return rows.filter(school=school) if school is not None else rows


def trainings(user, school=None, kind=""):
    rows = visible(user, Training.objects.select_related("school", "department").prefetch_related("evidence"))
    if school is not None:
        rows = rows.filter(school=school)
    return rows.filter(kind=kind) if kind else rows


def visible_schools(user):
    return visible(user, School.objects.filter(is_active=True)).order_by("name")


def schools_near(user, premises):
    """The visible schools of the premises' sub-district within NEARBY_M of a gate, nearest first: school,
    metres, the nearest gate and whether the premises breaks its type's rule there (the detail page's list)."""
    near = []
    for school in visible_schools(user).filter(sub_district=premises.sub_district_id).prefetch_related("gates"):
        metres, gate = services.distance_to(school, premises)
        if metres is not None and metres <= NEARBY_M:
            near.append({"school": school, "metres": metres, "gate": gate,
                         "violation": services.is_violation(premises, metres)})
    near.sort(key=lambda row: row["metres"])
    return near
