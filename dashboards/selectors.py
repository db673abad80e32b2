"""The figures of the workbench, composed from the other apps' scoped selectors (read-only)."""
from django.db.models import Count, Q
from django.utils import timezone

from duties import policies as duty_policies
from duties import selectors as duty_selectors
from inspections import policies as inspection_policies
from inspections import selectors as inspection_selectors
from organizations.models import School
from organizations.scoping import visible
from risks import policies as risk_policies
from risks import selectors as risk_selectors
from risks.models import HazardStatus, LevelColour, RiskStatus



def hazard_figures(user, today):
    """One query: what the ledger in this person's scope looks like today."""
    overdue = risk_selectors.overdue_q(today)
    return risk_selectors.hazard_list(user).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=risk_selectors.STATUS_GROUPS["open"]),
        unassigned=Count("pk", filter=risk_selectors.STATUS_GROUPS["unassigned"]),
        overdue=Count("pk", filter=overdue),
        supervised=Count("pk", filter=risk_selectors.supervised_q(today)),
        submitted=Count("pk", filter=Q(status=HazardStatus.SUBMITTED)),
        closed=Count("pk", filter=Q(status=HazardStatus.CLOSED)),
    )


def risk_colours(user):
    """One query: active risks per colour, in the order red, orange, yellow, blue."""
    counts = dict(
        risk_selectors.risk_list(user, status=RiskStatus.ACTIVE)
        .order_by().values_list("level__colour").annotate(n=Count("pk"))
    )
    return [(colour, label, counts.get(colour, 0)) for colour, label in LevelColour.choices
            if colour != LevelColour.GREY or counts.get(colour)]


def my_rectifications(user, today, limit=5):
    inbox = risk_selectors.hazard_inbox(user, today)
    return {"count": inbox.count(), "items": list(inbox[:limit])}


def my_duties(user, today, limit=5):
    # The figures are the counts of the lists they link to (status=overdue / soon, mine=on).
    tasks = duty_selectors.task_list(user, status="open", today=today, mine_of=user)
    figures = {"overdue": duty_selectors.task_list(user, status="overdue", today=today, mine_of=user).count(),
               "due_soon": duty_selectors.task_list(user, status="soon", today=today, mine_of=user).count()}
    return {**figures, "items": list(tasks[:limit])}


def workbench(user, today=None):
    today = today or timezone.localdate()
    figures = {
        "today": today,
        "school_count": visible(user, School.objects.filter(is_active=True)).count(),
        "hazards": hazard_figures(user, today),
        "risk_colours": risk_colours(user),
        "reviews_due": risk_selectors.reviews_due(user, today).count(),
        "can_report": risk_policies.hazard_report.possible(user),
    }
    if risk_policies.hazard_rectify.possible(user):
        figures["rectifications"] = my_rectifications(user, today)
    if duty_policies.duty_task_close.possible(user):
        figures["duties"] = my_duties(user, today)
    if inspection_policies.self_check.possible(user):
        figures["self_checks"] = inspection_selectors.todays_self_checks(user, today)
    if inspection_policies.inspection_mine.possible(user):
        figures["inspections"] = inspection_selectors.my_inspections(user)
    if duty_policies.scheduler_watch.possible(user):
        figures["show_scheduler"] = True
        figures["scheduler"] = duty_selectors.last_scheduler_run()
    return figures
