"""The workbench's panel for a department and for a school: what the unit answers for, each figure counted by
the selector of the list it links to (overview.link), a fixed number of queries."""
from django.db.models import Count
from django.utils import timezone

from inspections import selectors as inspection_selectors
from organizations.models import Term
from risks import selectors as risk_selectors
from risks.models import RiskStatus
from security import selectors as security_selectors

from . import assessment
from .overview import COLOUR_ORDER, link, school_grid


def department_panel(user, department, today=None):
    """Its hazards (open, overdue), this year's on-time rates as the assessment measures them, and the
    schools it serves with their colours."""
    today = today or timezone.localdate()
    hazards = risk_selectors.hazard_list(user, department=department).aggregate(
        open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"]),
        overdue=Count("pk", filter=risk_selectors.overdue_q(today)))
    ranking = assessment.assess(user, department.sub_district, today.year, today)
    row = next((row for row in ranking["departments"] if row["unit"].pk == department.pk), None)
    return {
        "department": department, "hazards": hazards,
        "open_link": link("risks:hazard_list", department=department, status="open"),
        "overdue_link": link("risks:hazard_list", department=department, overdue=True),
        "rates": [(criterion.label, row["rates"][criterion.key]) for criterion in assessment.RATES] if row else [],
        # The score only: a department sees too little of the others for a rank of its own making.
        "score": row["score"] if row else None,
        "grid": school_grid(user, today),
    }


def _term(today):
    return Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()


def school_panel(user, school, today=None):
    """Its risks by colour, open and overdue hazards, the school days it missed its self-check this month,
    and its drills this term."""
    today = today or timezone.localdate()
    colours = dict(risk_selectors.risk_list(user, school=school, status=RiskStatus.ACTIVE).order_by()
                   .values_list("level__colour").annotate(n=Count("pk")))
    hazards = risk_selectors.hazard_list(user, school=school).aggregate(
        open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"]),
        overdue=Count("pk", filter=risk_selectors.overdue_q(today)))
    checks = next((row for row in inspection_selectors.self_check_days(user, today.replace(day=1), today)
                   if row["school"].pk == school.pk), None)
    term = _term(today)
    drills = list(security_selectors.drills(user, school=school).filter(
        held_on__gte=term.starts_on, held_on__lte=term.ends_on)) if term else []
    return {
        "school": school, "hazards": hazards,
        "colours": [(colour, colours.get(colour, 0), link("risks:risk_list", school=school, colour=colour))
                    for colour in COLOUR_ORDER],
        "open_link": link("risks:hazard_list", school=school, status="open"),
        "overdue_link": link("risks:hazard_list", school=school, overdue=True),
        "missed_days": checks["missed"] if checks else [], "school_days": checks["school_days"] if checks else 0,
        "term": term, "drills": drills,
    }
