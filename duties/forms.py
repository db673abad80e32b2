from django import forms
from django.utils.translation import gettext_lazy as _

from campus_safety.validation import too_long_messages

from .models import DutyDefinition


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class DutyTaskCloseForm(forms.Form):
    # Required and capped by the service (duty_task_close), which words it the same for the API.
    note = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 4, "required": True}),
                           max_length=4000, required=False, error_messages=too_long_messages())
    evidence_files = MultipleFileField(label=_("佐证材料"), required=False,
                                       help_text=_("PDF 或图片，每个文件不超过 10 MB，可多选。"))
    evidence_link = forms.URLField(label=_("或佐证链接"), required=False, max_length=500, assume_scheme="https",
                                   help_text=_("检查、培训或演练记录的链接。"))


STATUS_CHOICES = [("open", _("未完成")), ("due", _("未到期")), ("soon", _("7 天内到期")), ("overdue", _("已逾期")),
                  ("done", _("已完成")), ("all", _("全部"))]


class DutyTaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)
    definition = forms.ModelChoiceField(label=_("职责"), queryset=DutyDefinition.objects.all(), required=False,
                                        empty_label=_("全部职责"))
    due_from = forms.DateField(label=_("截止日期从"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    whose = forms.ChoiceField(label=_("范围"), required=False, choices=[
        ("mine", _("我负责的")), ("served", _("我联系的学校和单位")), ("all", _("全部可见"))])
    mine = forms.BooleanField(required=False, widget=forms.HiddenInput)  # older links: ?mine=on means whose=mine


class CompletionFilterForm(forms.Form):
    due_from = forms.DateField(label=_("截止日期从"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due_to = forms.DateField(label=_("至"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    definition = forms.ModelChoiceField(label=_("职责"), queryset=DutyDefinition.objects.all(), required=False,
                                        empty_label=_("全部职责（按月份）"),
                                        help_text=_("选定一项职责时按其周期统计。"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("due_from") and cleaned.get("due_to") and cleaned["due_from"] > cleaned["due_to"]:
            self.add_error("due_to", _("结束日期不能早于开始日期。"))
        return cleaned
