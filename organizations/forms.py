from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Community, School, SchoolKind


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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("boarder_count") and not cleaned.get("is_boarding"):
            self.add_error("boarder_count", _("非寄宿制学校的寄宿生人数应为 0。"))
        if (cleaned.get("gate_latitude") is None) != (cleaned.get("gate_longitude") is None):
            self.add_error("gate_longitude", _("校门经纬度须同时填写或同时留空。"))
        return cleaned
