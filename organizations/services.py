from django.core.exceptions import PermissionDenied
from django.db import transaction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import policies
from .models import School
from .scoping import get_visible_or_404

# No school in a sub-district has more; a typo of extra zeros is caught here rather than saved
# (and on PostgreSQL it would overflow the integer column).
MAX_HEADCOUNT = 100_000

SCHOOL_FACT_FIELDS = frozenset({
    "address", "student_count", "staff_count", "is_boarding", "boarder_count", "has_canteen",
    "gate_latitude", "gate_longitude",
})


@transaction.atomic
def school_update_facts(*, actor, school, changes):
    """The facts a school keeps current (counts, boarding, canteen, gate); the office or the school itself."""
    unknown = set(changes) - SCHOOL_FACT_FIELDS
    if unknown:
        raise ValueError(f"not school facts: {sorted(unknown)}")
    school = get_visible_or_404(actor, School.objects.select_for_update(), pk=school.pk)
    if not policies.school_update_facts.allows(actor, school):
        raise PermissionDenied
    for name, value in changes.items():
        setattr(school, name, value)
    _check_facts(school, set(changes))
    school.full_clean()
    school.save(update_fields=sorted(changes))
    return school




def check_headcount(value):
    """Raises for a head count no school has (the form runs it on the field, before the model's own
    integer-range check could answer first in other words)."""
    if value is not None and value > MAX_HEADCOUNT:
        raise ValidationError(_("人数不能超过 %(limit)s，请核对。") % {"limit": MAX_HEADCOUNT})


def _check_facts(school, changed):
    errors = fact_errors(school, changed)
    if errors:
        raise ValidationError(errors)


def fact_errors(school, changed):
    """The rules of the facts being changed (a fact nobody touches is not held against the others), as
    {field: message}; the form asks this too, so its messages stand next to their fields."""
    errors = {}
    for name in {"student_count", "staff_count", "boarder_count"} & changed:
        try:
            check_headcount(getattr(school, name))
        except ValidationError as error:
            errors[name] = error.messages
    boarding = {"is_boarding", "boarder_count", "student_count"} & changed
    if boarding and school.boarder_count and not school.is_boarding:
        errors.setdefault("boarder_count", _("非寄宿制学校的寄宿生人数应为 0。"))
    if boarding and school.boarder_count and school.boarder_count > (school.student_count or 0):
        errors.setdefault("boarder_count", _("寄宿生人数不能多于学生人数。"))
    if (school.gate_latitude is None) != (school.gate_longitude is None):
        errors["gate_longitude"] = _("校门经纬度须同时填写或同时留空。")
    return errors
