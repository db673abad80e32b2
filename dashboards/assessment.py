"""年度专项考核: each department and community of a sub-district scored from what the system recorded in the
year, by the formula the office set (models.AssessmentFormula, the newest applies). Changing the formula is
services.formula_set.

    score = Σ(weight × rate) ÷ Σ(weights of the rates that apply) × 100 − penalty × overdue hazards, at least 0

A rate applies when the unit had something to be measured on (a community rectifies no hazards); the formula
is shown beside every score. One grouped query per criterion, whatever the number of units or rows.
"""
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duties import selectors as duty_selectors
from duties.models import TaskStatus
from incidents import selectors as incident_selectors
from inspections import selectors as inspection_selectors
from inspections.models import InspectionStatus
from organizations.models import Community, Department
from risks import selectors as risk_selectors
from risks.models import HazardStatus

from .models import AssessmentFormula


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    measures: str


RATES = [
    Criterion("duty_on_time", _("职责任务按时完成率"), _("年内到期的职责任务中按时完成的比例")),
    Criterion("rectified_on_time", _("隐患按时整改率"), _("交办给本单位、整改时限在年内且已到期的隐患中，按时限验收销号的比例")),
    Criterion("sweep_done", _("排查任务完成率"), _("年内排查行动分给本单位的检查中已提交的比例")),
    Criterion("incident_on_time", _("事故按时报告率"), _("本单位参与处置的年内事故中，书面报告按时提交的比例")),
]
PENALTY = Criterion("overdue_penalty", _("逾期隐患扣分"), _("交办给本单位、现在逾期未整改的隐患，每处扣分"))


def formula_for(sub_district):
    """The formula in force: the newest the office set, or the defaults (an unsaved row) before any."""
    return (AssessmentFormula.objects.filter(sub_district=sub_district).order_by("-set_at", "-pk").first()
            or AssessmentFormula(sub_district=sub_district))


def formula_text(formula):
    terms = " + ".join(f"{getattr(formula, c.key).normalize():f}×{c.label}" for c in RATES)
    return _("得分 = (%(terms)s) ÷ 适用权重之和 × 100 − %(penalty)s × 逾期隐患数") % {
        "terms": terms, "penalty": f"{formula.overdue_penalty.normalize():f}"}


def _year_bounds(year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    aware = (timezone.make_aware(datetime.combine(start, time.min)),
             timezone.make_aware(datetime.combine(end, time.max)))
    return start, end, aware


def _rates(rows, key):
    """{unit id: (met, total)} from rows of a grouped count."""
    return {row[key]: (row["met"], row["total"]) for row in rows if row[key] is not None}


def _measure(user, sub_district, year, today):
    start, end, (start_at, end_at) = _year_bounds(year)
    last_day = min(end, today)
    tasks = duty_selectors.task_list(user, status="all").filter(
        sub_district=sub_district, due_on__gte=start, due_on__lte=last_day).order_by()
    on_time = Q(status=TaskStatus.DONE, closed_at__date__lte=F("due_on"))
    duty_by_department = _rates(tasks.exclude(owner_department=None).values("owner_department").annotate(
        met=Count("pk", filter=on_time), total=Count("pk")), "owner_department")
    duty_by_community = _rates(tasks.exclude(owner_community=None).values("owner_community").annotate(
        met=Count("pk", filter=on_time), total=Count("pk")), "owner_community")
    hazards = risk_selectors.hazard_list(user, sub_district=sub_district).order_by().exclude(
        assigned_department=None)
    rectified = _rates(hazards.filter(deadline__gte=start, deadline__lte=min(end, today)).values(
        "assigned_department").annotate(
        met=Count("pk", filter=Q(status=HazardStatus.CLOSED, accepted_at__date__lte=F("deadline"))),
        total=Count("pk")), "assigned_department")
    overdue = {row["assigned_department"]: row["n"] for row in hazards.filter(
        risk_selectors.overdue_q(today)).values("assigned_department").annotate(n=Count("pk"))}
    inspections = inspection_selectors.inspection_list(user).filter(
        campaign__sub_district=sub_district, campaign__starts_on__gte=start, campaign__starts_on__lte=end).order_by()
    sweeps = _rates(inspections.exclude(department=None).values("department").annotate(
        met=Count("pk", filter=Q(status=InspectionStatus.SUBMITTED)), total=Count("pk")), "department")
    incidents = incident_selectors.incident_list(user, sub_district=sub_district).filter(
        occurred_at__gte=start_at, occurred_at__lte=end_at, written_report_due__lte=timezone.now()).order_by()
    reported = _rates(incidents.values("involvements__department").annotate(
        met=Count("pk", filter=Q(written_report_at__lte=F("written_report_due"))), total=Count("pk")),
        "involvements__department")
    return {"department": {"duty_on_time": duty_by_department, "rectified_on_time": rectified,
                           "sweep_done": sweeps, "incident_on_time": reported},
            "community": {"duty_on_time": duty_by_community}, "overdue": overdue}


def _score(formula, rates, overdue):
    applicable = [(getattr(formula, c.key), rates[c.key]["rate"]) for c in RATES if rates[c.key]["rate"] is not None]
    weights = sum((weight for weight, _rate in applicable), Decimal(0))
    if not weights:
        return None
    base = sum((weight * rate for weight, rate in applicable), Decimal(0)) / weights
    score = max(base - formula.overdue_penalty * overdue, Decimal(0))
    return score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def assess(user, sub_district, year, today=None):
    """The ranking of the sub-district's departments and of its communities for `year`, with the formula."""
    today = today or timezone.localdate()
    formula = formula_for(sub_district)
    measured = _measure(user, sub_district, year, today)
    tables = {}
    for kind, units in (("department", Department.objects.filter(sub_district=sub_district)),
                        ("community", Community.objects.filter(sub_district=sub_district))):
        rows = []
        for unit in units.order_by("name"):
            rates = {}
            for criterion in RATES:
                met, total = measured[kind].get(criterion.key, {}).get(unit.pk, (0, 0))
                rate = (Decimal(met) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP) if total else None
                rates[criterion.key] = {"met": met, "total": total, "rate": rate}
            overdue = measured["overdue"].get(unit.pk, 0) if kind == "department" else 0
            rows.append({"unit": unit, "rates": rates, "overdue": overdue,
                         "score": _score(formula, rates, overdue)})
        rows.sort(key=lambda row: (row["score"] is None, -(row["score"] or 0), row["unit"].name))
        for position, row in enumerate(rows, start=1):
            row["rank"] = position if row["score"] is not None else None
        tables[kind] = rows
    return {"year": year, "sub_district": sub_district, "formula": formula, "formula_text": formula_text(formula),
            "criteria": RATES, "penalty": PENALTY, "departments": tables["department"],
            "communities": tables["community"]}
