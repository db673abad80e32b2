"""Reads of incidents and supervision, always through organizations.scoping. A page's figure and the list
it links to come from the same function here."""
from datetime import timedelta

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from organizations.scoping import visible

from .models import (OPEN_STATUSES, Incident, IncidentEvent, InsuranceClaim, Involvement, Mediation,
                     MediationStatus, Supervision, SupervisionEvent, SupervisionRule, SupervisionStatus,
                     mediation_warning_days)

OPEN_SUPERVISION = (SupervisionStatus.FLAGGED, SupervisionStatus.LISTED)


def late_q(now=None):
    """A first report past its deadline, or a written report late or still missing past its deadline."""
    now = now or timezone.now()
    return (Q(reported_at__gt=F("first_report_due"))
            | Q(written_report_at__gt=F("written_report_due"))
            | Q(written_report_at__isnull=True, written_report_due__lt=now))


def mediation_alert_q(today=None):
    """An open mediation within its warning days of the 60-day limit, or past it."""
    today = today or timezone.localdate()
    return Q(mediations__status=MediationStatus.OPEN,
             mediations__due_on__lte=today + timedelta(days=mediation_warning_days()))


def _day(now):
    """The local day of a given moment (a figure asked for another time), else today."""
    return timezone.localdate(now) if now is not None else None


def incident_rows():
    return Incident.objects.select_related("school", "reported_by")


def filter_incidents(incidents, *, status="", kind="", severity="", school=None, late=False, open_only=False,
                     mediation_alert=False, date_from=None, date_to=None, q="", now=None, sub_district=None):
    if sub_district is not None:
        incidents = incidents.filter(school__sub_district=sub_district)
    if status:
        incidents = incidents.filter(status=status)
    if open_only:
        incidents = incidents.filter(status__in=OPEN_STATUSES)
    if kind:
        incidents = incidents.filter(kind=kind)
    if severity:
        incidents = incidents.filter(severity=severity)
    if school is not None:
        incidents = incidents.filter(school=school)
    if late:
        incidents = incidents.filter(late_q(now))
    if mediation_alert:
        incidents = incidents.filter(pk__in=Incident.objects.filter(mediation_alert_q(_day(now))).values("pk"))
    if date_from:
        incidents = incidents.filter(occurred_at__date__gte=date_from)
    if date_to:
        incidents = incidents.filter(occurred_at__date__lte=date_to)
    if q:
        incidents = incidents.filter(Q(place__icontains=q) | Q(first_account__icontains=q))
    return incidents


def incident_list(user, **filters):
    return filter_incidents(visible(user, incident_rows()), **filters)


def incident_figures(user, now=None):
    """One query: the counts the incident list's filters show (each equals the filtered list's count)."""
    incidents = visible(user, Incident.objects.all())
    return incidents.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        late=Count("pk", filter=late_q(now)),
        mediation_alert=Count("pk", filter=Q(pk__in=Incident.objects.filter(mediation_alert_q(_day(now)))
                                             .values("pk"))),
    )


def incident_detail_queryset():
    return incident_rows().prefetch_related(
        Prefetch("events", queryset=IncidentEvent.objects.select_related("actor")),
        Prefetch("involvements", queryset=Involvement.objects.select_related("department")),
        "photos", "claims", "mediations", "statements",
    )


def claim_rows(user):
    return visible(user, InsuranceClaim.objects.select_related("incident__school"))


def mediation_rows(user):
    return visible(user, Mediation.objects.select_related("incident__school"))


def supervision_rows():
    return Supervision.objects.select_related("school", "rule", "hazard")


def supervision_list(user, *, status="", measure="", basis="", school=None, open_only=False, overdue=False,
                     today=None, sub_district=None):
    rows = visible(user, supervision_rows())
    if sub_district is not None:
        rows = rows.filter(school__sub_district=sub_district)
    if status:
        rows = rows.filter(status=status)
    if open_only:
        rows = rows.filter(status__in=OPEN_SUPERVISION)
    if measure:
        rows = rows.filter(measure=measure)
    if basis:
        rows = rows.filter(basis=basis)
    if school is not None:
        rows = rows.filter(school=school)
    if overdue:
        rows = rows.filter(status__in=OPEN_SUPERVISION, deadline__lt=today or timezone.localdate())
    return rows


def supervision_figures(user, today=None):
    today = today or timezone.localdate()
    open_rows = Q(status__in=OPEN_SUPERVISION)
    return visible(user, Supervision.objects.all()).aggregate(
        open=Count("pk", filter=open_rows),
        flagged=Count("pk", filter=Q(status=SupervisionStatus.FLAGGED)),
        listed=Count("pk", filter=Q(status=SupervisionStatus.LISTED)),
        overdue=Count("pk", filter=open_rows & Q(deadline__lt=today)),
    )


def supervision_detail_queryset():
    return supervision_rows().prefetch_related(
        Prefetch("events", queryset=SupervisionEvent.objects.select_related("actor")))


def school_supervisions(user, school):
    return supervision_list(user, school=school)


def school_incidents(user, school, limit=10):
    return incident_list(user, school=school)[:limit]


def supervision_rules():
    return SupervisionRule.objects.order_by("basis", "code")


def incidents_of(user, ids):
    """The incidents a supervision record rests on, as far as this person may see them."""
    return incident_list(user).filter(pk__in=ids or [])

