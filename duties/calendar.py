"""Periods and reminder dates, computed from configured terms and holidays; pure functions, no queries.

A period is open (its task may be materialised) from `opens_on` to `closes_on`. Calendar periods close
when they end; a term-start duty stays creatable until its term ends, so a late scheduler still creates
it (overdue) instead of losing it.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .models import Frequency, HolidayKind, OwnerKind, ReminderKind


@dataclass(frozen=True)
class TermInfo:
    year_name: str
    kind: str
    kind_label: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    opens_on: date
    due_on: date
    closes_on: date


def month_end(year, month):
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


class Calendar:
    def __init__(self, terms, holidays):
        self.terms = sorted(terms, key=lambda t: t.starts_on)
        self.holidays = dict(holidays)  # date -> HolidayKind

    def term_on(self, day):
        return next((t for t in self.terms if t.starts_on <= day <= t.ends_on), None)

    def is_school_day(self, day):
        if self.term_on(day) is None:
            return False
        kind = self.holidays.get(day)
        if kind == HolidayKind.HOLIDAY:
            return False
        if kind == HolidayKind.MAKEUP_SCHOOL_DAY:
            return True
        return day.weekday() < 5

    def periods_open_on(self, definition, day):
        frequency = definition.frequency
        y, m = day.year, day.month
        if frequency == Frequency.SCHOOL_DAYS:
            if not self.is_school_day(day):
                return []
            return [Period(day.isoformat(), day.isoformat(), day, day, day)]
        if frequency == Frequency.MONTHLY:
            end = month_end(y, m)
            return [Period(f"{y}-{m:02d}", _("%(y)s年%(m)s月") % {"y": y, "m": m}, date(y, m, 1), end, end)]
        if frequency == Frequency.QUARTERLY:
            q = (m - 1) // 3 + 1
            end = month_end(y, q * 3)
            return [Period(f"{y}-Q{q}", _("%(y)s年第%(q)s季度") % {"y": y, "q": q}, date(y, q * 3 - 2, 1), end, end)]
        if frequency == Frequency.SEMI_ANNUAL:
            h = 1 if m <= 6 else 2
            end = month_end(y, h * 6)
            label = _("%(y)s年上半年") % {"y": y} if h == 1 else _("%(y)s年下半年") % {"y": y}
            return [Period(f"{y}-H{h}", label, date(y, h * 6 - 5, 1), end, end)]
        if frequency == Frequency.ANNUAL:
            return [Period(f"{y}", _("%(y)s年") % {"y": y}, date(y, 1, 1), date(y, 12, 31), date(y, 12, 31))]
        if frequency == Frequency.TERMLY:
            term = self.term_on(day)
            if term is None:
                return []
            return [Period(f"{term.year_name}-{term.kind}", f"{term.year_name} {term.kind_label}",
                           term.starts_on, term.ends_on, term.ends_on)]
        if frequency == Frequency.BEFORE_TERM:
            periods = []
            for term in self.terms:
                opens = term.starts_on - timedelta(days=definition.opens_days_before)
                if opens <= day <= term.ends_on:
                    periods.append(Period(
                        f"pre-{term.year_name}-{term.kind}",
                        _("%(term)s开学前") % {"term": f"{term.year_name} {term.kind_label}"},
                        opens, term.starts_on - timedelta(days=1), term.ends_on))
            return periods
        raise ValueError(f"unknown frequency {frequency}")


OWNER, OFFICE = "owner", "office"


def escalation_days(definition, default):
    days = default if definition.escalate_after_days is None else definition.escalate_after_days
    return 0 if definition.owner_kind == OwnerKind.OFFICE else days


def reminder_entries(definition, opens_on, due_on, *, escalate_default, until):
    """Every (date, kind, audience) reminder of a task up to `until`, in date order.

    Before the due date by each lead time (never before the task opens), on the day, then every
    `overdue_every_days` while it stays open (first the day after, at most `overdue_max_reminders`
    times), and one escalation to the office.
    """
    entries = []
    for days in sorted({int(d) for d in definition.lead_days if int(d) > 0}, reverse=True):
        when = due_on - timedelta(days=days)
        if when >= opens_on:
            entries.append((when, ReminderKind.before(days), OWNER))
    if definition.remind_on_due:
        entries.append((due_on, ReminderKind.DUE, OWNER))
    escalate = escalation_days(definition, escalate_default)
    if escalate:
        entries.append((due_on + timedelta(days=escalate), ReminderKind.ESCALATION, OFFICE))
    every, cap = definition.overdue_every_days, definition.overdue_max_reminders
    if every:
        late, count = 1, 0
        while due_on + timedelta(days=late) <= until and (not cap or count < cap):
            entries.append((due_on + timedelta(days=late), ReminderKind.overdue(late), OWNER))
            late, count = late + every, count + 1
    return sorted((e for e in entries if e[0] <= until), key=lambda e: (e[0], e[1]))


def next_reminder_on(definition, opens_on, due_on, *, escalate_default, after):
    """The first reminder date strictly after `after`, or None when nothing more will be sent."""
    reach = max(definition.overdue_every_days, 1) + escalation_days(definition, escalate_default) + 1
    horizon = max(after, due_on) + timedelta(days=reach)
    for when, _kind, _audience in reminder_entries(definition, opens_on, due_on,
                                                    escalate_default=escalate_default, until=horizon):
        if when > after:
            return when
    return None
