from django import forms
from django.core.validators import MaxValueValidator
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

    # No school in a sub-district has more; a typo of extra zeros is caught here rather than saved
    # (and on PostgreSQL it would overflow the integer column).
    MAX_HEADCOUNT = 100_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("student_count", "staff_count", "boarder_count"):
            self.fields[name].widget.attrs["max"] = self.MAX_HEADCOUNT
            self.fields[name].validators.append(MaxValueValidator(
                self.MAX_HEADCOUNT, message=_("人数不能超过 %(limit)s，请核对。") % {"limit": self.MAX_HEADCOUNT}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("boarder_count") and not cleaned.get("is_boarding"):
            self.add_error("boarder_count", _("非寄宿制学校的寄宿生人数应为 0。"))
        students, boarders = cleaned.get("student_count"), cleaned.get("boarder_count")
        if students is not None and boarders and boarders > students:
            self.add_error("boarder_count", _("寄宿生人数不能多于学生人数。"))
        if (cleaned.get("gate_latitude") is None) != (cleaned.get("gate_longitude") is None):
            self.add_error("gate_longitude", _("校门经纬度须同时填写或同时留空。"))
        return cleaned
