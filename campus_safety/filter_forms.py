"""What every list's filter form shares: a date range that ends before it starts is said next to its end, and
`filters()` hands the selector the fields typed correctly (a wrong one is shown, never silently dropped)."""
from django import forms
from django.utils.translation import gettext_lazy as _


class DateRangeForm(forms.Form):
    """date_from / date_to in order; also the form of the API's filter sets (django-filter's Meta.form)."""

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return cleaned


class ListFilterForm(DateRangeForm):
    def filters(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "", False)}
