"""Reads of public reports, scoped: the triage queue, its figures (each the count of the list it opens)."""
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from organizations.scoping import visible

from .models import PublicReport, PublicReportEvent, ReportStatus, ZERO_TOLERANCE

# The queue's named views; a figure and the list it opens use the same condition.
QUEUES = {
    "waiting": Q(status=ReportStatus.RECEIVED),
    "handling": Q(status=ReportStatus.HANDLING),
    "done": Q(status__in=[ReportStatus.HANDLED, ReportStatus.DISMISSED]),
    "zero_tolerance": Q(kind__in=list(ZERO_TOLERANCE)),
}


def report_rows():
    return PublicReport.objects.select_related("school", "school__sub_district", "incident", "hazard", "triaged_by")


def filter_reports(reports, *, queue="", status="", kind="", school=None, date_from=None, date_to=None, q="",
                   sub_district=None):
    if sub_district is not None:
        reports = reports.filter(school__sub_district=sub_district)
    if queue in QUEUES:
        reports = reports.filter(QUEUES[queue])
    if status:
        reports = reports.filter(status=status)
    if kind:
        reports = reports.filter(kind=kind)
    if school is not None:
        reports = reports.filter(school=school)
    if date_from:
        reports = reports.filter(submitted_at__date__gte=date_from)
    if date_to:
        reports = reports.filter(submitted_at__date__lte=date_to)
    if q:
        reports = reports.filter(Q(description__icontains=q) | Q(receipt__iexact=q.replace("-", "").upper()))
    return reports


def report_list(user, **filters):
    return filter_reports(visible(user, report_rows()), **filters)


def report_figures(user, now=None):
    """The queue's counts, and how long the oldest waiting report has waited."""
    now = now or timezone.now()
    figures = visible(user, PublicReport.objects.all()).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in QUEUES.items()},
        oldest_waiting=Min("submitted_at", filter=QUEUES["waiting"]))
    oldest = figures.pop("oldest_waiting")
    figures["oldest_waiting_hours"] = int((now - oldest) / timedelta(hours=1)) if oldest else None
    return figures


def report_detail_queryset():
    return report_rows().prefetch_related("photos")


def report_events(report):
    return PublicReportEvent.objects.filter(report=report).select_related("actor").order_by("at", "pk")
