"""The printable reports: the periodic supervision report (督导报告) of a sub-district and a school's
rectification ledger. One function each gathers the report's numbers from the apps' scoped selectors; the page
(print styles) and the PDF (dashboards.pdf) both render what it returns, so they cannot disagree."""
from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duties import selectors as duty_selectors
from incidents import selectors as incident_selectors
from incidents.models import IncidentKind, Measure
from inspections import selectors as inspection_selectors
from organizations.models import School
from organizations.scoping import visible
from public_reports import policies as public_report_policies
from public_reports import selectors as public_report_selectors
from public_reports.models import ReportStatus
from risks import selectors as risk_selectors
from risks.models import HazardGrade, HazardStatus

from .overview import overdue_by_department


def _aware(day, end=False):
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def supervision_report(user, *, date_from, date_to, sub_district=None, today=None):
    """督导报告 for [date_from, date_to]: what was found and closed in the period, what is open and overdue
    at the end of it, duties, incidents, supervision, sweeps and public reports. A fixed number of queries."""
    today = today or timezone.localdate()
    start, end = _aware(date_from), _aware(date_to, end=True)
    hazards = risk_selectors.hazard_list(user, sub_district=sub_district).order_by()
    found = Q(found_at__gte=start, found_at__lte=end)
    closed = Q(status=HazardStatus.CLOSED, accepted_at__gte=start, accepted_at__lte=end)
    summary = hazards.aggregate(
        found=Count("pk", filter=found), found_major=Count("pk", filter=found & Q(grade=HazardGrade.MAJOR)),
        closed=Count("pk", filter=closed), open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"]),
        overdue=Count("pk", filter=risk_selectors.overdue_q(today)))
    schools = visible(user, School.objects.filter(is_active=True))
    if sub_district is not None:
        schools = schools.filter(sub_district=sub_district)
    per_school = {row["school_id"]: row for row in hazards.values("school_id").annotate(
        found=Count("pk", filter=found), closed=Count("pk", filter=closed),
        open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"]),
        overdue=Count("pk", filter=risk_selectors.overdue_q(today)))}
    school_rows = [{"school": school, **{key: per_school.get(school.pk, {}).get(key, 0)
                                         for key in ("found", "closed", "open", "overdue")}}
                   for school in schools.order_by("name")]
    incidents = incident_selectors.incident_list(user, sub_district=sub_district, date_from=date_from,
                                                 date_to=date_to).order_by()
    by_kind = dict(incidents.values_list("kind").annotate(n=Count("pk")))
    supervision = list(incident_selectors.supervision_list(user, sub_district=sub_district).filter(
        Q(status__in=incident_selectors.OPEN_SUPERVISION) | Q(flagged_at__gte=start, flagged_at__lte=end))
        .order_by("measure", "school__name"))
    campaigns = inspection_selectors.campaign_list(user).filter(starts_on__lte=date_to, ends_on__gte=date_from)
    if sub_district is not None:
        campaigns = campaigns.filter(sub_district=sub_district)
    campaigns = list(campaigns.order_by("starts_on"))
    progress = inspection_selectors.progress_by_campaign(user, campaigns)
    reports = None
    if public_report_policies.report_read.possible(user):
        reports = public_report_selectors.report_list(
            user, sub_district=sub_district, date_from=date_from, date_to=date_to).order_by().aggregate(
            received=Count("pk"), handled=Count("pk", filter=Q(status__in=[ReportStatus.HANDLED,
                                                                           ReportStatus.DISMISSED])))
    return {
        "date_from": date_from, "date_to": date_to, "today": today, "sub_district": sub_district,
        "summary": summary, "schools": school_rows,
        "overdue_by_department": overdue_by_department(user, today, sub_district),
        "duties": duty_selectors.completion(user, due_from=date_from, due_to=date_to, today=today)["by_owner"],
        "incidents": [(label, by_kind[kind]) for kind, label in IncidentKind.choices if by_kind.get(kind)],
        "incident_total": sum(by_kind.values()),
        "supervision": [{"school": row.school.name, "measure": row.get_measure_display(),
                         "status": row.get_status_display(), "reason": row.reason, "deadline": row.deadline}
                        for row in supervision],
        "measures": dict(Measure.choices),
        "campaigns": [{"title": c.title, "starts_on": c.starts_on, "ends_on": c.ends_on,
                       **progress.get(c.pk, {"total": 0, "done": 0})} for c in campaigns],
        "public_reports": reports,
    }


LEDGER_FIELDS = [("number", _("编号")), ("found_at", _("发现时间")), ("location", _("隐患部位")),
                 ("description", _("隐患描述")), ("grade", _("隐患等级")), ("unit", _("责任单位")),
                 ("deadline", _("整改时限")), ("status", _("状态")), ("accepted_at", _("验收时间"))]


def school_ledger(user, school, today=None):
    """A school's rectification ledger as printed: every hazard of the school, oldest first."""
    today = today or timezone.localdate()
    rows = []
    for hazard in risk_selectors.hazard_list(user, school=school).order_by("found_at", "pk"):
        rows.append({
            "number": hazard.number, "found_at": timezone.localtime(hazard.found_at),
            "location": hazard.location, "description": hazard.description,
            "grade": hazard.get_grade_display(), "unit": hazard.assignee_display, "deadline": hazard.deadline,
            "status": hazard.get_status_display(),
            "accepted_at": timezone.localtime(hazard.accepted_at) if hazard.accepted_at else None,
            "overdue": hazard.is_overdue(today),
        })
    return {"school": school, "rows": rows, "today": today, "fields": LEDGER_FIELDS}
