"""Demo duty calendar: holidays, the daily job run over the last weeks and for today, reminders sent,
and some past tasks closed (on time or late) by their owners, so every demo inbox and list has content.

Idempotent: the daily job never creates anything twice and only open tasks are closed.
"""
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from duties import services
from duties.context import owner_anchor
from duties.models import DutyTask, Holiday, HolidayKind, TaskStatus
from organizations.models import Term
from organizations.people import answerers

# How many days are replayed: None means since the current term began (at least 45 days), so the office's
# pages show a term of duties and daily self-checks; tests set a small number.
HISTORY_DAYS = None
SHORTEST_HISTORY = 45


def history_days(today):
    if HISTORY_DAYS is not None:
        return HISTORY_DAYS
    term = Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    return max(SHORTEST_HISTORY, (today - term.starts_on).days) if term else SHORTEST_HISTORY

# Illustrative national holidays and make-up school days (调休) of the demo school years.
HOLIDAYS = [
    *[(date(2025, 10, d), "国庆节、中秋节") for d in range(1, 9)],
    (date(2026, 1, 1), "元旦"), (date(2026, 4, 6), "清明节"),
    *[(date(2026, 5, d), "劳动节") for d in range(1, 6)], (date(2026, 6, 19), "端午节"),
    *[(date(2026, 10, d), "国庆节") for d in range(1, 8)], (date(2027, 1, 1), "元旦"),
    (date(2027, 4, 5), "清明节"), *[(date(2027, 5, d), "劳动节") for d in range(1, 6)],
]
MAKEUP_DAYS = [(date(2025, 9, 28), "国庆调休上课"), (date(2025, 10, 11), "国庆调休上课"),
               (date(2026, 9, 27), "国庆调休上课"), (date(2026, 10, 10), "国庆调休上课")]


def _owner(task, people):
    """The first person who answers for the task closes it."""
    owners = people.get(owner_anchor(task))
    return owners[0] if owners else None


def _planned_close(task):
    """About two in three tasks get done, most the day before they are due, some three days late."""
    if task.pk % 3 == 0:
        return None
    if task.pk % 5 == 0:
        return task.due_on + timedelta(days=3)
    return max(task.due_on - timedelta(days=1), task.opens_on)


# Duties done by a record another app keeps (a sweep opened or closed, a self-check submitted): the demo of
# that app fulfils them on the day (demo.inspections through `each_day`), not an owner's free note.
FULFILLED_BY_RECORDS = {"school-daily-self-check", "office-dragnet-sweep", "edu-join-sweep", "gov-surroundings"}


def _close_due_on(day, people):
    candidates = DutyTask.objects.filter(
        status=TaskStatus.OPEN, due_on__gte=day - timedelta(days=3), due_on__lte=day + timedelta(days=1),
    ).exclude(definition__code__in=FULFILLED_BY_RECORDS).select_related("definition")
    for task in candidates.order_by("pk"):
        owner = _owner(task, people)
        if owner is None or _planned_close(task) != day:
            continue
        closed_at = timezone.make_aware(datetime.combine(day, time(16, 30)))
        link = f"https://records.example.cn/duties/{task.pk}" if task.definition.evidence_required else ""
        services.duty_task_close(actor=owner, task=task, note="已按要求完成（演示数据）", evidence_link=link,
                                 now=closed_at)


def seed_duties(today=None, each_day=None):
    """`each_day(day)` is called after each replayed day's job and closings (the other apps' history)."""
    today = today or timezone.localdate()
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(date=day, defaults={"kind": HolidayKind.HOLIDAY, "name": name})
    for day, name in MAKEUP_DAYS:
        Holiday.objects.get_or_create(date=day, defaults={"kind": HolidayKind.MAKEUP_SCHOOL_DAY, "name": name})
    if not services.SchedulerRun.objects.exists():
        # Replay the last weeks day by day, owners closing tasks as they go, as if the system had been in use.
        people = answerers()
        for n in range(history_days(today), 0, -1):
            day = today - timedelta(days=n)
            services.run_daily(today=day, trigger="demo")
            _close_due_on(day, people)
            if each_day is not None:
                each_day(day)
    result = services.run_daily(today=today, trigger="demo")
    for reminder_id in result.to_send:
        services.reminder_send(reminder_id=reminder_id)
    return DutyTask.objects.filter(~Q(status=TaskStatus.OPEN)).count()
