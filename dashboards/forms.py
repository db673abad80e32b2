"""The report's period, as its page asks for it."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("自"), widget=_date(), error_messages={"invalid": _("请按“年-月-日”填写日期。")})
    date_to = forms.DateField(label=_("至"), widget=_date(), error_messages={"invalid": _("请按“年-月-日”填写日期。")})

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return cleaned

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
