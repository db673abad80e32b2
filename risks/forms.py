from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campus_safety import uploads
from campus_safety.filter_forms import ListFilterForm
from campus_safety.validation import too_long_messages
from organizations.forms import sub_district_filter

from . import grading
from .selectors import STATUS_GROUP_CHOICES
from .models import (AssigneeKind, Category, GradingMethod, GradingScheme, HazardGrade, HazardStatus, LevelColour,
                     RiskStatus)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """One or more photos from the phone's camera or gallery (or PDFs), checked by content."""

    def __init__(self, *args, **kwargs):
        # data-max-bytes: the browser refuses a too big file, or shrinks a photo, before it is sent.
        attrs = {"accept": "image/*,application/pdf", "multiple": True, "capture": "environment",
                 "data-max-bytes": uploads.MAX_UPLOAD_BYTES}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        uploads.validate_uploads(files)
        return files


def leave_to_service(form, *names):
    """The service refuses these with its own message next to the field (the same for form, API and
    importer); the browser still asks for them before sending."""
    for name in names:
        field = form.fields[name]
        field.required = False
        if not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["required"] = True


def _date_input():
    # A date input takes ISO dates only, whatever the language's display format (2026/12/11 shows empty).
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HazardReportForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=None)
    category = forms.ChoiceField(label=_("类别"), choices=[("", _("请选择"))] + Category.choices)
    location = forms.CharField(label=_("隐患部位"), max_length=120, error_messages=too_long_messages(),
                               widget=forms.TextInput(attrs={"placeholder": _("例如：教学楼三楼东侧楼梯")}))
    description = forms.CharField(label=_("隐患描述"), max_length=2000, error_messages=too_long_messages(),
                                  widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotoField(label=_("现场照片"), required=False,
                        help_text=_("可直接拍照或从相册选择，可多张；每张不超过 10 MB。"))
    risk = forms.ModelChoiceField(label=_("关联风险（可选）"), queryset=None, required=False,
                                  empty_label=_("不关联"))

    def __init__(self, *args, schools, risks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["risk"].queryset = risks
        leave_to_service(self, "category", "location", "description")
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk

    def clean(self):
        cleaned = super().clean()
        risk, school = cleaned.get("risk"), cleaned.get("school")
        if risk is not None and school is not None and risk.school_id != school.pk:
            self.add_error("risk", _("关联风险必须属于同一学校。"))
        return cleaned


class HazardFilterForm(ListFilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态"))] + STATUS_GROUP_CHOICES + HazardStatus.choices)
    grade = forms.ChoiceField(label=_("等级"), required=False, choices=[("", _("全部等级"))] + HazardGrade.choices)
    school = forms.ModelChoiceField(label=_("学校"), required=False, queryset=None, empty_label=_("全部学校"))
    department = forms.ModelChoiceField(label=_("责任单位"), required=False, queryset=None,
                                        empty_label=_("全部单位"))
    category = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别"))] + Category.choices)
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)
    supervised = forms.BooleanField(label=_("仅挂牌督办"), required=False)
    date_from = forms.DateField(label=_("发现日期自"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("至"), required=False, widget=_date_input())
    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, schools, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["department"].queryset = departments
        self.fields["sub_district"] = sub_district_filter(schools)


class HazardGradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("隐患等级"), choices=HazardGrade.choices, widget=forms.RadioSelect,
                              help_text=_("一般隐患：危害和整改难度较小，可立即整改排除；重大隐患：需停用并经过一定时间整改，"
                                          "或单位自身难以排除（参照教发厅函〔2024〕20号直接判定情形）。"))
    comment = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HazardAssignForm(forms.Form):
    assignee_kind = forms.ChoiceField(label=_("整改主体"), choices=AssigneeKind.choices, widget=forms.RadioSelect,
                                      initial=AssigneeKind.DEPARTMENT)
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=None, required=False,
                                        empty_label=_("请选择"))
    responsible_person = forms.CharField(label=_("人员落实：责任人"), max_length=50, error_messages=too_long_messages())
    measures = forms.CharField(label=_("措施落实：整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("时限落实：整改时限"), widget=_date_input())
    funds_amount = forms.DecimalField(label=_("资金落实：金额（元）"),
                                      error_messages={"invalid": _("请输入金额数字，例如 1500.50。")})
    funds_source = forms.CharField(label=_("资金落实：来源"), max_length=120, error_messages=too_long_messages(),
                                   widget=forms.TextInput(attrs={"placeholder": _("例如：学校公用经费")}))
    contingency_plan = forms.CharField(label=_("预案落实：整改期间的应急预案"),
                                       widget=forms.Textarea(attrs={"rows": 3}))
    comment = forms.CharField(label=_("交办说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        leave_to_service(self, "assignee_kind", "responsible_person", "measures", "deadline", "funds_amount",
                         "funds_source", "contingency_plan")
        # Hidden in the browser while the school rectifies itself (the server ignores it then anyway).
        shown_when = f"{self.add_prefix('assignee_kind')}={AssigneeKind.DEPARTMENT}"
        self.fields["department"].widget.attrs["data-shown-when"] = shown_when


class HazardStartForm(forms.Form):
    comment = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HazardSubmitForm(forms.Form):
    note = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotoField(label=_("整改后照片或证明材料"), help_text=_("至少一张；可多张，每张不超过 10 MB。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leave_to_service(self, "note", "photos")


class HazardRejectForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leave_to_service(self, "reason")


class HazardAcceptForm(forms.Form):
    comment = forms.CharField(label=_("验收意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LedgerImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 台账文件（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


# ---------------------------------------------------------------------------------------------
# Risks


def _factor_choices(scale):
    return [("", _("请选择"))] + [(str(value), label) for value, label in scale]


class RiskAssessForm(forms.Form):
    """One form for both methods: the fields of the scheme's method are required, the others ignored."""

    scheme = forms.ModelChoiceField(label=_("分级方案"), queryset=GradingScheme.objects.filter(is_active=True),
                                    empty_label=None)
    lec_likelihood = forms.ChoiceField(label=_("L 事故发生的可能性"), required=False,
                                       choices=_factor_choices(grading.LEC_LIKELIHOOD))
    lec_exposure = forms.ChoiceField(label=_("E 暴露于危险环境的频繁程度"), required=False,
                                     choices=_factor_choices(grading.LEC_EXPOSURE))
    lec_consequence = forms.ChoiceField(label=_("C 发生事故可能造成的后果"), required=False,
                                        choices=_factor_choices(grading.LEC_CONSEQUENCE))
    ls_likelihood = forms.ChoiceField(label=_("L 可能性"), required=False,
                                      choices=_factor_choices(grading.LS_LIKELIHOOD))
    ls_severity = forms.ChoiceField(label=_("S 严重程度"), required=False,
                                    choices=_factor_choices(grading.LS_SEVERITY))
    note = forms.CharField(label=_("评估说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        scheme = cleaned.get("scheme")
        if scheme is None:
            return cleaned
        if scheme.method == GradingMethod.LEC:
            names = {"likelihood": "lec_likelihood", "exposure": "lec_exposure", "severity": "lec_consequence"}
        else:
            names = {"likelihood": "ls_likelihood", "severity": "ls_severity"}
        factors = {"exposure": None}
        for key, field in names.items():
            if not cleaned.get(field):
                self.add_error(field, _("按所选方案，此项必填。"))
            else:
                factors[key] = grading.D(cleaned[field])
        if not self.errors:
            try:
                cleaned["level"] = grading.level_for(scheme, grading.score_for(scheme.method, **factors))
            except ValidationError as error:
                self.add_error(None, error)
        cleaned["factors"] = factors
        return cleaned


class RiskForm(RiskAssessForm):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=None)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    name = forms.CharField(label=_("风险名称"), max_length=120)
    location = forms.CharField(label=_("风险部位"), max_length=120)
    description = forms.CharField(label=_("风险描述"), widget=forms.Textarea(attrs={"rows": 3}))
    control_measures = forms.CharField(label=_("管控措施"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_department = forms.ModelChoiceField(label=_("责任部门"), queryset=None, required=False,
                                                    empty_label=_("学校自身"))
    responsible_person = forms.CharField(label=_("责任人"), max_length=50)

    field_order = ["school", "category", "name", "location", "description", "control_measures",
                   "responsible_department", "responsible_person", "scheme"]

    def __init__(self, *args, schools, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["responsible_department"].queryset = departments


class RiskRetireForm(forms.Form):
    reason = forms.CharField(label=_("销号原因"), widget=forms.Textarea(attrs={"rows": 2}))


class RiskFilterForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), required=False, queryset=None, empty_label=_("全部学校"))
    category = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别"))] + Category.choices)
    colour = forms.ChoiceField(label=_("等级"), required=False, choices=[("", _("全部等级"))] + [
        (LevelColour.RED, _("重大（红）")), (LevelColour.ORANGE, _("较大（橙）")),
        (LevelColour.YELLOW, _("一般（黄）")), (LevelColour.BLUE, _("低（蓝）"))])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + RiskStatus.choices,
                               initial=RiskStatus.ACTIVE)
    review_due = forms.BooleanField(label=_("仅待复评"), required=False)
    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["sub_district"] = sub_district_filter(schools)

    def filters(self):
        """Like the ledger's: the fields typed correctly apply, a wrong one is shown next to its field."""
        if not self.is_bound:
            return {"status": RiskStatus.ACTIVE}
        self.is_valid()
        status = self.cleaned_data.get("status", RiskStatus.ACTIVE if "status" in self.errors else "")
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "", False)} | {
            "status": status}
