"""How often one address (and one school) may use the public pages, counted in the database so every
web process and worker sees the same figure. A refusal is polite and says when to try again."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PublicHit

WINDOW = timedelta(hours=1)
A = PublicHit.Action


class Throttled(Exception):
    """Refused for now; `message` says so in the person's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _limits():
    return {
        (A.SUBMIT, "address"): settings.PUBLIC_REPORTS_PER_ADDRESS_HOUR,
        (A.SUBMIT, "school"): settings.PUBLIC_REPORTS_PER_SCHOOL_HOUR,
        (A.LOOKUP, "address"): settings.PUBLIC_LOOKUPS_PER_ADDRESS_HOUR,
        (A.WRONG, "address"): settings.PUBLIC_WRONG_ANSWERS_PER_ADDRESS_HOUR,
    }


def _count(action, now, **who):
    return PublicHit.objects.filter(action=action, at__gt=now - WINDOW, **who).count()


def check(action, *, address, school=None, now=None):
    """Raise Throttled when the address (or the school, for reports) used up its hour."""
    now = now or timezone.now()
    limits = _limits()
    if _count(action, now, address=address) >= limits[(action, "address")] or (
            action == A.SUBMIT and _count(A.WRONG, now, address=address) >= limits[(A.WRONG, "address")]):
        raise Throttled(_("您在一小时内提交或查询的次数太多，请一小时后再试。情况紧急请直接拨打 110。"))
    if school is not None and (action, "school") in limits and _count(action, now, school=school) >= limits[
            (action, "school")]:
        raise Throttled(_("该学校一小时内收到的举报太多，请稍后再试。情况紧急请直接拨打 110。"))


def record(action, *, address, school=None, now=None):
    PublicHit.objects.create(action=action, address=address, school=school, at=now or timezone.now())


def forget(now=None):
    """Hits older than a day count for nothing; they go."""
    return PublicHit.objects.filter(at__lt=(now or timezone.now()) - timedelta(days=1)).delete()[0]
