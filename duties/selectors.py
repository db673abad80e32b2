"""Reads of the duty calendar, always through organizations.scoping."""
from datetime import timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from notifications import selectors as notification_selectors
from organizations.models import Department, Term
from organizations.scoping import visible

from . import policies
from .calendar import Calendar, TermInfo
from .models import DutyTask, Holiday, SchedulerRun, TaskStatus

DUE_SOON_DAYS = 7

STATUS_FILTERS = {
    "due": lambda qs, today: qs.filter(status=TaskStatus.OPEN, due_on__gte=today),
    "soon": lambda qs, today: qs.filter(status=TaskStatus.OPEN, due_on__gte=today,
                                        due_on__lte=today + timedelta(days=DUE_SOON_DAYS)),
    "overdue": lambda qs, today: qs.filter(status=TaskStatus.OPEN, due_on__lt=today),
    "done": lambda qs, today: qs.filter(status=TaskStatus.DONE),
    "open": lambda qs, today: qs.filter(status=TaskStatus.OPEN),
    "all": lambda qs, today: qs,
}


def task_rows():
    return DutyTask.objects.select_related(
        "definition", "school", "community", "sub_district", "owner_department", "owner_school", "owner_community")


WHOSE = ("mine", "served", "all")


def filter_tasks(tasks, *, status="open", definition=None, today=None, due_from=None, due_to=None, school=None,
                 department=None, mine_of=None, served_of=None):
    """The list's filters on tasks someone already scoped; `mine_of` keeps the tasks that person answers for,
    `served_of` the others they see (the schools they serve, the units they watch)."""
    today = today or timezone.localdate()
    tasks = STATUS_FILTERS.get(status or "open", STATUS_FILTERS["open"])(tasks, today)
    if mine_of is not None:
        tasks = tasks.filter(owned_q(mine_of))
    if served_of is not None:
        tasks = tasks.exclude(owned_q(served_of))
    if definition is not None:
        tasks = tasks.filter(definition=definition)
    if due_from:
        tasks = tasks.filter(due_on__gte=due_from)
    if due_to:
        tasks = tasks.filter(due_on__lte=due_to)
    if school is not None:
        tasks = tasks.filter(school=school)
    if department is not None:
        tasks = tasks.filter(owner_department=department)
    if status == "done":
        return tasks.order_by("-closed_at", "-pk")
    return tasks.order_by("due_on", "definition_id", "pk")


def task_list(user, **filters):
    return filter_tasks(visible(user, task_rows()), **filters)


def default_whose(user):
    """A list of duty tasks opens on the person's own (those they may close); a leader's on all they see."""
    return "mine" if policies.duty_task_close.possible(user) else "all"


def whose_filter(user, whose):
    """The filter arguments of a `whose` choice (mine / served / all)."""
    return {"mine": {"mine_of": user}, "served": {"served_of": user}}.get(whose, {})


def _late_q():
    # Closed after the due date, in local time: compared on the closing day.
    return Q(status=TaskStatus.DONE, closed_at__date__gt=F("due_on"))


def completion_counts(tasks, group_by, today):
    """Per group: total, done on time, done late, open and overdue, open and not yet due."""
    return (
        tasks.values(*group_by)
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            late=Count("pk", filter=_late_q()),
            overdue=Count("pk", filter=Q(status=TaskStatus.OPEN, due_on__lt=today)),
            pending=Count("pk", filter=Q(status=TaskStatus.OPEN, due_on__gte=today)),
        )
        .order_by(*group_by)
    )


def completion(user, *, due_from, due_to, definition=None, today=None):
    """The office's view: completion per owner, per duty, and per month of the due date (or, for one
    duty, per period of that duty)."""
    today = today or timezone.localdate()
    tasks = visible(user, DutyTask.objects.all()).filter(due_on__gte=due_from, due_on__lte=due_to)
    if definition is not None:
        tasks = tasks.filter(definition=definition)
    by_owner = completion_counts(
        tasks, ["definition__owner_kind", "owner_department__name", "definition__department_kind"], today)
    by_duty = completion_counts(tasks, ["definition__title", "definition__frequency", "definition_id"], today)
    if definition is not None:
        by_period = completion_counts(tasks, ["due_on", "period_label"], today)
    else:
        by_period = completion_counts(tasks.annotate(month=TruncMonth("due_on")), ["month"], today)
    rows = []
    for group in (by_owner, by_duty, by_period):
        for row in group:
            row["on_time"] = row["done"] - row["late"]
            row["rate"] = round(100 * row["on_time"] / row["total"]) if row["total"] else 0
        rows.append(list(group))
    return {"by_owner": rows[0], "by_duty": rows[1], "by_period": rows[2]}


def failed_robot_posts(user):
    """Group-robot posts of the departments this person sees that failed for good (fix the address, retry)."""
    departments = visible(user, Department.objects.all()).values_list("pk", flat=True)
    return notification_selectors.failed_deliveries(f"department:{pk}" for pk in departments)


def last_scheduler_run():
    return SchedulerRun.objects.order_by("-finished_at").first()


def owned_q(user):
    """The tasks this person answers for: the rule of closing a task, as a query."""
    return policies.duty_task_close.q(user)


def school_calendar():
    """The configured terms and holidays as a Calendar (two queries)."""
    terms = [TermInfo(t.school_year.name, t.kind, t.get_kind_display(), t.starts_on, t.ends_on)
             for t in Term.objects.select_related("school_year")]
    return Calendar(terms, Holiday.objects.values_list("date", "kind"))


def school_days(date_from, date_to, calendar=None):
    """Every school day from date_from to date_to (terms, weekends, holidays and make-up days)."""
    calendar = calendar or school_calendar()
    days, day = [], date_from
    while day <= date_to:
        if calendar.is_school_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days
