"""The report's period, as its page asks for it."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus_safety.filter_forms import DateRangeForm


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportPeriodForm(DateRangeForm):
    date_from = forms.DateField(label=_("自"), widget=_date(), error_messages={"invalid": _("请按“年-月-日”填写日期。")})
    date_to = forms.DateField(label=_("至"), widget=_date(), error_messages={"invalid": _("请按“年-月-日”填写日期。")})

    @staticmethod
    def default_period(today=None):
        """The month so far: what the office reports on at the end of a month."""
        today = today or timezone.localdate()
        return today.replace(day=1), today


class FormulaForm(forms.Form):
    """The weights as typed; the service (services.formula_set) says what is wrong with them."""

    def __init__(self, *args, criteria, penalty, formula, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in [*criteria, penalty]:
            self.fields[criterion.key] = forms.CharField(
                label=criterion.label, help_text=criterion.measures, required=False,
                initial=f"{getattr(formula, criterion.key).normalize():f}",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
