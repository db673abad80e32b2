"""Every change the dashboards make: the assessment's formula (a new row each time; the old ones stay)."""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.utils.translation import gettext as _

from campus_safety.validation import Errors

from . import policies
from .assessment import PENALTY, RATES
from .models import AssessmentFormula

WEIGHT_MAX, PENALTY_MAX = Decimal("100"), Decimal("20")


def _number(errors, field, value, limit):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.add(field, _("请填写数字。"))
        return None
    if not number.is_finite() or number < 0 or number > limit:
        errors.add(field, _("请填写 0 到 %(limit)s 之间的数。") % {"limit": limit})
        return None
    if number != number.quantize(Decimal("0.1")):
        errors.add(field, _("最多保留一位小数。"))
        return None
    return number


def formula_set(*, actor, sub_district, weights):
    """The office sets its assessment's weights (`weights` by criterion key, and overdue_penalty)."""
    if not policies.assessment_formula_set.allows(actor, sub_district):
        raise PermissionDenied(_("只有街道办可以修改考核计分办法。"))
    errors = Errors()
    values = {c.key: _number(errors, c.key, weights.get(c.key, ""), WEIGHT_MAX) for c in RATES}
    values[PENALTY.key] = _number(errors, PENALTY.key, weights.get(PENALTY.key, ""), PENALTY_MAX)
    if not errors and not any(values[c.key] for c in RATES):
        errors.add(NON_FIELD_ERRORS, _("至少要有一项考核指标的权重大于 0。"))
    errors.raise_if_any()
    return AssessmentFormula.objects.create(sub_district=sub_district, set_by=actor, **values)
