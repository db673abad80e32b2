from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import School
from .scoping import get_visible_or_404, scope_for

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
    if not can_update_school_facts(actor, school):
        raise PermissionDenied
    for name, value in changes.items():
        setattr(school, name, value)
    school.full_clean()
    school.save(update_fields=sorted(changes))
    return school


def can_update_school_facts(user, school):
    scope = scope_for(user)
    return scope.is_office_for(school.sub_district_id) or school.pk in scope.own_schools
