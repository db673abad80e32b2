"""Operator settings of the duty calendar, with their defaults (override in Django settings)."""
from datetime import timedelta

from django.conf import settings


def escalate_after_days():
    """Overdue days after which the office is told, unless a duty sets its own number."""
    return getattr(settings, "DUTIES_ESCALATE_AFTER_DAYS", 7)


def catch_up_max_days():
    """How far back the daily job catches up after the scheduler was down."""
    return getattr(settings, "DUTIES_CATCH_UP_MAX_DAYS", 92)


def claim_timeout():
    """A claimed reminder whose worker died is taken over after this long."""
    return timedelta(seconds=getattr(settings, "CLAIM_TIMEOUT_SECONDS", 300))
