from types import SimpleNamespace

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Community, School, SchoolKind, SubDistrict
from .services import MAX_HEADCOUNT, check_headcount, fact_errors


def sub_district_filter(schools):
    """A list's sub-district filter: the sub-districts of the schools the list offers (a district leader
    narrows to one; the dashboards' drill-down links carry it)."""
    return forms.ModelChoiceField(
        label=_("街道"), required=False, empty_label=_("全部街道"),
        queryset=SubDistrict.objects.filter(pk__in=schools.values("sub_district")).order_by("name"))


class SchoolFilterForm(forms.Form):
    q = forms.CharField(label=_("名称"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型"))] + SchoolKind.choices)
    community = forms.ModelChoiceField(label=_("社区"), required=False, queryset=Community.objects.none(),
                                       empty_label=_("全部社区"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class SchoolFactsForm(forms.ModelForm):
    """The facts a school keeps current itself; name, type and community belong to the office (admin)."""

    class Meta:
        model = School
        fields = [
            "address", "student_count", "staff_count", "is_boarding", "boarder_count", "has_canteen",
            "gate_latitude", "gate_longitude",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits themselves are the service's (services.school_update_facts), for every caller.
        for name in ("student_count", "staff_count", "boarder_count"):
            self.fields[name].widget.attrs["max"] = MAX_HEADCOUNT
            self.fields[name].validators.append(check_headcount)

    def clean(self):
        cleaned = super().clean()
        candidate = SimpleNamespace(**{name: getattr(self.instance, name) for name in self.Meta.fields})
        changed = {name for name in self.Meta.fields if name in cleaned}
        for name in changed:
            setattr(candidate, name, cleaned[name])
        for field, message in fact_errors(candidate, changed).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned
