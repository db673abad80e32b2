"""Expected tasks and reminders for the test world, computed here without the duties calendar code:
plain date loops over the configured terms and holidays, and a hand-made table of who owns what."""
import calendar
from collections import Counter
from datetime import date, timedelta

from .calendar_world import HOLIDAYS, MAKEUP_DAYS, TERMS

# For the test world (tests/world.py): per duty code, one entry per target, each
# (number of people who own it, number of office people who receive its escalation).
CHONGYI_OFFICE, DUNREN_OFFICE = 1, 1
SCHOOLS_POLICE = [(1, CHONGYI_OFFICE), (1, CHONGYI_OFFICE), (0, DUNREN_OFFICE)]  # 敦仁派出所 has no staff account
TARGETS = {
    "office-dragnet-sweep": [(CHONGYI_OFFICE, 0), (DUNREN_OFFICE, 0)],
    "office-analysis-meeting": [(CHONGYI_OFFICE, 0), (DUNREN_OFFICE, 0)],
    "edu-join-sweep": [(1, 1)], "edu-report-status": [(1, 1)], "edu-principal-training": [(1, 1)],
    "gov-surroundings": [], "gov-safe-campus-demo": [], "gov-assessment": [],  # no 综治办 in the world
    "police-patrol": SCHOOLS_POLICE, "police-anti-terror": SCHOOLS_POLICE,
    "health-monthly-supervision": [(1, 1), (1, 1)], "health-termly-special": [(1, 1), (1, 1)],
    "health-drinking-water": [(1, 1), (1, 1)], "health-tableware-sampling": [(1, 1)],  # one canteen
    "health-staff-check": [(1, 1), (1, 1)], "health-student-test": [(1, 1), (1, 1)],
    "health-staff-training": [(1, 1)],
    "food-supervision": [], "food-canteen-training": [], "food-seasonal-monitoring": [],
    "safety-fire-class": [], "safety-fire-drill": [],
    "community-safety-meeting": [(1, 1), (0, 1)], "community-screening": [(1, 1), (0, 1)],
    # 实验小学 (officer + principal), 崇义中学 (nobody), 敦仁小学 (the outsider is its officer)
    "school-daily-self-check": [(2, 1), (0, 1), (1, DUNREN_OFFICE)],
    "school-drill-monthly": [(2, 1), (0, 1), (1, DUNREN_OFFICE)],
    "school-drill-kindergarten": [],
    "school-liability-insurance": [(2, 1), (0, 1), (1, DUNREN_OFFICE)],
}


def _last_day(y, m):
    return date(y, m, calendar.monthrange(y, m)[1])


def school_days(start, end):
    days = []
    day = start
    while day <= end:
        in_term = any(s <= day <= e for _y, _k, s, e in TERMS)
        weekday = day.weekday() < 5 and day not in HOLIDAYS
        if in_term and (weekday or day in MAKEUP_DAYS):
            days.append(day)
        day += timedelta(days=1)
    return days


def periods(frequency, start, end, opens_days_before=30):
    """(opens_on, due_on) of every period whose task the window [start, end] creates."""
    months = []
    y, m = start.year, start.month
    while date(y, m, 1) <= end:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if frequency == "school_days":
        return [(d, d) for d in school_days(start, end)]
    if frequency == "monthly":
        return [(date(y, m, 1), _last_day(y, m)) for y, m in months]
    if frequency in ("quarterly", "semi_annual", "annual"):
        size = {"quarterly": 3, "semi_annual": 6, "annual": 12}[frequency]
        found = []
        for y, m in months:
            first = (m - 1) // size * size + 1
            period = (date(y, first, 1), _last_day(y, first + size - 1))
            if period not in found:
                found.append(period)
        return found
    if frequency == "termly":
        return [(s, e) for _y, _k, s, e in TERMS if s <= end and e >= start]
    if frequency == "before_term":
        return [(s - timedelta(days=opens_days_before), s - timedelta(days=1))
                for _y, _k, s, e in TERMS if s - timedelta(days=opens_days_before) <= end and e >= start]
    raise AssertionError(frequency)


def reminder_dates(definition, opens, due, created, end, escalate_default=7):
    """(owner reminder dates, escalation dates) of one task created on `created`, up to `end`."""
    owner = [due - timedelta(days=n) for n in definition.lead_days if due - timedelta(days=n) >= opens]
    if definition.remind_on_due:
        owner.append(due)
    if definition.overdue_every_days:
        late = [due + timedelta(days=k) for k in range(1, (end - due).days + 1, definition.overdue_every_days)]
        owner += late[:definition.overdue_max_reminders] if definition.overdue_max_reminders else late
    escalate = escalate_default if definition.escalate_after_days is None else definition.escalate_after_days
    office = [due + timedelta(days=escalate)] if escalate and definition.owner_kind != "office" else []
    keep = lambda days: [d for d in days if created <= d <= end]  # noqa: E731
    return keep(owner), keep(office)


def targets(extra_schools=0):
    """TARGETS plus `extra_schools` primary schools in 崇义, no canteen, each with one officer account."""
    found = {code: list(entries) for code, entries in TARGETS.items()}
    for _n in range(extra_schools):
        for code in ("police-patrol", "police-anti-terror", "health-monthly-supervision", "health-termly-special",
                     "health-drinking-water", "health-staff-check", "health-student-test",
                     "school-daily-self-check", "school-drill-monthly", "school-liability-insurance"):
            found[code].append((1, CHONGYI_OFFICE))
    return found


def expected(definitions, start, end, extra_schools=0):
    """Counters of tasks and of reminders per duty code for a daily job run every day from start to end."""
    table = targets(extra_schools)
    tasks, reminders = Counter(), Counter()
    for definition in definitions:
        for opens, due in periods(definition.frequency, start, end, definition.opens_days_before):
            created = max(opens, start)
            owner_days, office_days = reminder_dates(definition, opens, due, created, end)
            for owners, office in table[definition.code]:
                tasks[definition.code] += 1
                reminders[definition.code] += owners * len(owner_days) + office * len(office_days)
    return tasks, reminders
