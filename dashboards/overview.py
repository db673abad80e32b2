"""The office's dashboard and the district's comparison, composed from the apps' scoped selectors.

Every figure is counted by the selector of the list it links to, with the same filters the link carries (the
`link` of each figure is built from those filters), so the number on the card is the count of the list behind
it. Each panel is a fixed number of aggregate queries whatever the data size.
"""
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duties import selectors as duty_selectors
from incidents import selectors as incident_selectors
from incidents.models import IncidentKind, Measure
from inspections import selectors as inspection_selectors
from organizations.models import School
from organizations.policies import sub_district_overview
from organizations.scoping import visible
from public_reports import policies as public_report_policies
from public_reports import selectors as public_report_selectors
from risks import selectors as risk_selectors
from risks.models import HazardGrade, HazardStatus, LevelColour, RiskStatus

from .charts import Series, bars

COLOUR_ORDER = [LevelColour.RED, LevelColour.ORANGE, LevelColour.YELLOW, LevelColour.BLUE]
MONTHS = 12


def link(url_name, **filters):
    """The list's address with these filters (None and False left out), as its filter form reads them."""
    query = {key: ("on" if value is True else getattr(value, "pk", value)) for key, value in filters.items()
             if value not in (None, False, "")}
    return f"{reverse(url_name)}?{urlencode(query)}" if query else reverse(url_name)


def _months(today, count=MONTHS):
    """The first day of each of the last `count` months, oldest first."""
    first = today.replace(day=1)
    months = []
    for _step in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _month_end(first):
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _month_key(value):
    if value is None:
        return None
    value = timezone.localtime(value) if hasattr(value, "tzinfo") and value.tzinfo else value
    return date(value.year, value.month, 1)


# ---------------------------------------------------------------------------------------------
# Hazards


def hazard_matrix(user, sub_district=None):
    """Hazards by status and grade (one query), each cell linking to the ledger filtered alike."""
    counts = {(row["status"], row["grade"]): row["n"] for row in
              risk_selectors.hazard_list(user, sub_district=sub_district).order_by()
              .values("status", "grade").annotate(n=Count("pk"))}
    grades = [("", _("未定级"))] + list(HazardGrade.choices)
    rows = []
    for status, label in HazardStatus.choices:
        # The ledger filters by grade but not by "no grade": an ungraded cell links only where every hazard
        # of the status is ungraded (just reported).
        cells = [{"n": counts.get((status, grade), 0), "grade_label": grade_label,
                  "link": link("risks:hazard_list", status=status, grade=grade or None, sub_district=sub_district)
                  if grade or status == HazardStatus.REPORTED else ""}
                 for grade, grade_label in grades]
        total = sum(cell["n"] for cell in cells)
        rows.append({"status": status, "label": label, "cells": cells, "total": total,
                     "link": link("risks:hazard_list", status=status, sub_district=sub_district)})
    return {"grades": grades, "rows": rows}


def hazard_flow(user, today, sub_district=None):
    """Opened (found) and closed (accepted) per month over twelve months: two queries. An opened figure
    links to the ledger of hazards found that month."""
    months = _months(today)
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    hazards = risk_selectors.hazard_list(user, sub_district=sub_district).order_by()
    opened = {_month_key(row["month"]): row["n"] for row in hazards.filter(found_at__gte=since).annotate(
        month=TruncMonth("found_at")).values("month").annotate(n=Count("pk"))}
    closed = {_month_key(row["month"]): row["n"] for row in hazards.filter(
        status=HazardStatus.CLOSED, accepted_at__gte=since).annotate(month=TruncMonth("accepted_at"))
        .values("month").annotate(n=Count("pk"))}
    rows = [{"month": month, "opened": opened.get(month, 0), "closed": closed.get(month, 0),
             "link": link("risks:hazard_list", date_from=month.isoformat(), date_to=_month_end(month).isoformat(),
                          sub_district=sub_district)} for month in months]
    series = [Series("opened", _("新增"), "fill-opened"), Series("closed", _("销号"), "fill-closed")]
    values = {(row["month"], key): row[key] for row in rows for key in ("opened", "closed")}
    chart = bars([(row["month"], f"{row['month']:%m}") for row in rows], series, values,
                 title=_("近 12 个月隐患新增与销号"))
    return {"rows": rows, "chart": chart}


def overdue_by_department(user, today, sub_district=None):
    """Overdue hazards per responsible department, the longest overdue first: one query."""
    rows = list(risk_selectors.hazard_list(user, overdue=True, today=today, sub_district=sub_district).order_by()
                .values("assigned_department_id", "assigned_department__name")
                .annotate(n=Count("pk"), oldest=Min("deadline")).order_by("oldest"))
    for row in rows:
        row["days"] = (today - row["oldest"]).days
        department = row["assigned_department_id"]
        # A school rectifying its own hazard has no department: the ledger cannot list those apart, no link.
        row["link"] = link("risks:hazard_list", overdue=True, department=department,
                           sub_district=sub_district) if department else ""
    return rows


def school_grid(user, today, sub_district=None):
    """Every school in scope with its highest active risk colour and its open and overdue hazards: three
    queries. Red and orange schools come first."""
    schools = visible(user, School.objects.filter(is_active=True))
    if sub_district is not None:
        schools = schools.filter(sub_district=sub_district)
    schools = list(schools.select_related("sub_district").order_by("name"))
    colours = {}
    for row in (risk_selectors.risk_list(user, status=RiskStatus.ACTIVE, sub_district=sub_district).order_by()
                .values("school_id", "level__colour").annotate(n=Count("pk"))):
        colours.setdefault(row["school_id"], {})[row["level__colour"]] = row["n"]
    hazards = {row["school_id"]: row for row in
               risk_selectors.hazard_list(user, status="open", sub_district=sub_district).order_by()
               .values("school_id").annotate(open=Count("pk"), overdue=Count("pk", filter=risk_selectors.overdue_q(
                   today)))}
    cells = []
    for school in schools:
        found = colours.get(school.pk, {})
        top = next((colour for colour in COLOUR_ORDER if found.get(colour)), "")
        figures = hazards.get(school.pk, {})
        cells.append({
            "school": school, "colour": top, "colour_label": LevelColour(top).label if top else _("无在册风险"),
            "risks": found.get(top, 0) if top else 0,
            "risks_link": link("risks:risk_list", school=school, colour=top) if top else "",
            "open": figures.get("open", 0), "open_link": link("risks:hazard_list", school=school, status="open"),
            "overdue": figures.get("overdue", 0),
            "overdue_link": link("risks:hazard_list", school=school, overdue=True),
        })
    rank = {colour: index for index, colour in enumerate(COLOUR_ORDER)}
    cells.sort(key=lambda cell: (rank.get(cell["colour"], len(COLOUR_ORDER)), -cell["overdue"],
                                 cell["school"].name))
    counts = {colour: sum(1 for cell in cells if cell["colour"] == colour) for colour in COLOUR_ORDER}
    return {"cells": cells, "counts": [(colour, LevelColour(colour).label, counts[colour])
                                       for colour in COLOUR_ORDER]}


# ---------------------------------------------------------------------------------------------
# Duties, sweeps, incidents, supervision, public reports


def duty_completion(user, today):
    """Duty tasks due this month per owner (on time / late / overdue / not yet due): the completion page's
    own selector, for the dates its link carries."""
    due_from, due_to = today.replace(day=1), _month_end(today.replace(day=1))
    rows = duty_selectors.completion(user, due_from=due_from, due_to=due_to, today=today)["by_owner"]
    return {"rows": rows, "link": link("duties:completion", due_from=due_from.isoformat(),
                                       due_to=due_to.isoformat()),
            "due_from": due_from, "due_to": due_to}


def sweeps(user, sub_district=None):
    """Open campaigns with their progress (two queries)."""
    campaigns = inspection_selectors.campaign_list(user, status="open")
    if sub_district is not None:
        campaigns = campaigns.filter(sub_district=sub_district)
    campaigns = list(campaigns.order_by("ends_on")[:10])
    progress = inspection_selectors.progress_by_campaign(user, campaigns)
    return [{"campaign": campaign, **progress.get(campaign.pk, {"total": 0, "done": 0})} for campaign in campaigns]


def incidents(user, today, sub_district=None):
    """Incidents by kind (each linking to the list of that kind) and per month over twelve months."""
    rows = incident_selectors.incident_list(user, sub_district=sub_district).order_by()
    by_kind = {row["kind"]: row["n"] for row in rows.values("kind").annotate(n=Count("pk"))}
    kinds = [{"kind": kind, "label": label, "n": by_kind[kind],
              "link": link("incidents:incident_list", kind=kind, sub_district=sub_district)}
             for kind, label in IncidentKind.choices if by_kind.get(kind)]
    months = _months(today)
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    per_month = {_month_key(row["month"]): row["n"] for row in rows.filter(occurred_at__gte=since).annotate(
        month=TruncMonth("occurred_at")).values("month").annotate(n=Count("pk"))}
    monthly = [{"month": month, "n": per_month.get(month, 0),
                "link": link("incidents:incident_list", date_from=month.isoformat(),
                             date_to=_month_end(month).isoformat(), sub_district=sub_district)} for month in months]
    chart = bars([(row["month"], f"{row['month']:%m}") for row in monthly],
                 [Series("n", _("事故"), "fill-incident")], {(row["month"], "n"): row["n"] for row in monthly},
                 title=_("近 12 个月事故数"))
    return {"kinds": kinds, "monthly": monthly, "chart": chart,
            "total": sum(by_kind.values()), "link": link("incidents:incident_list", sub_district=sub_district)}


def supervision(user, sub_district=None):
    """Schools under 约谈 or 挂牌督办 now."""
    rows = incident_selectors.supervision_list(user, open_only=True, sub_district=sub_district)
    items = list(rows.order_by("measure", "deadline", "school__name")[:20])
    counts = dict(rows.order_by().values_list("measure").annotate(n=Count("pk")))
    return {"items": items, "count": sum(counts.values()),
            "counts": [(measure, label, counts.get(measure, 0),
                        link("incidents:supervision_list", open_only=True, measure=measure, sub_district=sub_district))
                       for measure, label in Measure.choices],
            "link": link("incidents:supervision_list", open_only=True, sub_district=sub_district)}


def public_reports(user, sub_district=None):
    if not public_report_policies.report_read.possible(user):
        return None
    waiting = public_report_selectors.report_list(user, queue="waiting", sub_district=sub_district)
    oldest = waiting.aggregate(oldest=Min("submitted_at"))["oldest"]
    return {"waiting": waiting.count(), "link": link("public_reports:triage_list", queue="waiting",
                                                     sub_district=sub_district),
            "oldest_hours": int((timezone.now() - oldest) / timedelta(hours=1)) if oldest else None}


# ---------------------------------------------------------------------------------------------
# The pages


def overview_sub_districts(user):
    return sub_district_overview.filter(user).order_by("name")


def office_dashboard(user, today=None, sub_district=None):
    """Everything the office looks at in the morning, for its sub-district (or one a district leader chose)."""
    today = today or timezone.localdate()
    return {
        "today": today,
        "hazards": risk_selectors.hazard_list(user, sub_district=sub_district).aggregate(
            open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"]),
            overdue=Count("pk", filter=risk_selectors.overdue_q(today)),
            major_open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"] & Q(grade=HazardGrade.MAJOR))),
        "links": {
            "open": link("risks:hazard_list", status="open", sub_district=sub_district),
            "overdue": link("risks:hazard_list", overdue=True, sub_district=sub_district),
            "major_open": link("risks:hazard_list", status="open", grade=HazardGrade.MAJOR, sub_district=sub_district),
        },
        "matrix": hazard_matrix(user, sub_district),
        "flow": hazard_flow(user, today, sub_district),
        "overdue_by_department": overdue_by_department(user, today, sub_district),
        "grid": school_grid(user, today, sub_district),
        "duties": duty_completion(user, today) if sub_district is None else None,
        "sweeps": sweeps(user, sub_district),
        "incidents": incidents(user, today, sub_district),
        "supervision": supervision(user, sub_district),
        "public_reports": public_reports(user, sub_district),
        "scheduler": duty_selectors.last_scheduler_run(),
    }


def district_comparison(user, today=None):
    """One row per sub-district this person oversees: its schools by colour and its open work, each figure
    linking to the list narrowed to that sub-district. A fixed number of grouped queries."""
    today = today or timezone.localdate()
    sub_districts = list(overview_sub_districts(user))
    ids = [sub.pk for sub in sub_districts]
    schools = dict(visible(user, School.objects.filter(is_active=True, sub_district__in=ids)).order_by()
                   .values_list("sub_district").annotate(n=Count("pk")))
    hazards = {row["school__sub_district"]: row for row in risk_selectors.hazard_list(user).filter(
        school__sub_district__in=ids).order_by().values("school__sub_district").annotate(
        open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"]),
        overdue=Count("pk", filter=risk_selectors.overdue_q(today)))}
    red_schools = {}
    for row in (risk_selectors.risk_list(user, status=RiskStatus.ACTIVE).filter(school__sub_district__in=ids)
                .order_by().values("school__sub_district", "level__colour").annotate(n=Count("pk"))):
        red_schools.setdefault(row["school__sub_district"], {})[row["level__colour"]] = row["n"]
    incidents_open = dict(incident_selectors.incident_list(user, open_only=True).filter(
        school__sub_district__in=ids).order_by().values_list("school__sub_district").annotate(n=Count("pk")))
    supervised = dict(incident_selectors.supervision_list(user, open_only=True).filter(
        school__sub_district__in=ids).order_by().values_list("school__sub_district").annotate(n=Count("pk")))
    rows = []
    for sub in sub_districts:
        figures = hazards.get(sub.pk, {})
        colours = red_schools.get(sub.pk, {})
        rows.append({
            "sub_district": sub, "schools": schools.get(sub.pk, 0),
            "red_risks": colours.get(LevelColour.RED, 0), "orange_risks": colours.get(LevelColour.ORANGE, 0),
            "red_link": link("risks:risk_list", colour=LevelColour.RED, sub_district=sub),
            "orange_link": link("risks:risk_list", colour=LevelColour.ORANGE, sub_district=sub),
            "open": figures.get("open", 0), "open_link": link("risks:hazard_list", status="open", sub_district=sub),
            "overdue": figures.get("overdue", 0),
            "overdue_link": link("risks:hazard_list", overdue=True, sub_district=sub),
            "incidents_open": incidents_open.get(sub.pk, 0),
            "incidents_link": link("incidents:incident_list", open_only=True, sub_district=sub),
            "supervised": supervised.get(sub.pk, 0),
            "supervised_link": link("incidents:supervision_list", open_only=True, sub_district=sub),
        })
    series = [Series("open", _("未销号隐患"), "fill-opened"), Series("overdue", _("逾期隐患"), "fill-overdue")]
    chart = bars([(row["sub_district"].pk, row["sub_district"].name) for row in rows], series,
                 {(row["sub_district"].pk, key): row[key] for row in rows for key in ("open", "overdue")},
                 title=_("各街道隐患"))
    return {"rows": rows, "chart": chart, "today": today}
