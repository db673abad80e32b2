from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CAMPAIGN_KINDS, AnswerResult, CampaignStatus, ChecklistKind, InspectionStatus


def _date_input():
    # A date input takes ISO dates only, whatever the language's display format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignOpenForm(forms.Form):
    """Parses what the office typed; services.campaign_open decides what is allowed."""

    kind = forms.ChoiceField(label=_("类别"), choices=CAMPAIGN_KINDS)
    title = forms.CharField(label=_("名称"), required=False, widget=forms.TextInput(attrs={"required": True}))
    starts_on = forms.DateField(label=_("开始日期"), required=False, widget=_date_input())
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=_date_input())
    schools = forms.ModelMultipleChoiceField(label=_("排查学校"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("默认全部学校。"))
    departments = forms.ModelMultipleChoiceField(
        label=_("参与部门"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("教管中心负责全部学校，其他部门负责其包校学校。"))

    def __init__(self, *args, schools, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools
        self.fields["departments"].queryset = departments
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("schools", list(schools))


class CampaignFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + CampaignStatus.choices)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别"))] + CAMPAIGN_KINDS)


class InspectionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部"))] + InspectionStatus.choices)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别"))] + ChecklistKind.choices)
    mine = forms.BooleanField(label=_("只看待我检查"), required=False)


class SelfCheckRangeForm(forms.Form):
    date_from = forms.DateField(label=_("自"), widget=_date_input())
    date_to = forms.DateField(label=_("至"), widget=_date_input())

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("结束日期不能早于开始日期。"))
            elif (date_to - date_from).days > 92:
                self.add_error("date_to", _("一次最多查看 92 天。"))
        return cleaned


class CorrectForm(forms.Form):
    item = forms.ModelChoiceField(label=_("检查项"), queryset=None, required=False)
    result = forms.ChoiceField(label=_("更正为"), choices=[("", _("请选择"))] + AnswerResult.choices, required=False)
    reason = forms.CharField(label=_("更正原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


def answers_from(data, files, items):
    """The sheet as posted: item id → {"result", "note"}, and item id → photo files."""
    answers, photos = {}, {}
    for item in items:
        key = f"item-{item.pk}"
        if f"{key}-result" in data or f"{key}-note" in data:
            answers[item.pk] = {"result": data.get(f"{key}-result", ""), "note": data.get(f"{key}-note", "")}
        chosen = [upload for upload in files.getlist(f"{key}-photos") if upload]
        if chosen:
            photos[item.pk] = chosen
    return answers, photos
