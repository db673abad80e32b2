"""Forms of the incident and supervision pages. They only parse what was typed: the services decide what is
allowed and say why, field by field, so the page and the API refuse alike, in the same words."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus_safety import uploads
from campus_safety.filter_forms import ListFilterForm
from organizations.forms import sub_district_filter
from risks.selectors import HAZARD_CATEGORIES

from .models import (ActionKind, Basis, ClaimStatus, IncidentKind, IncidentStatus, Measure, MediationKind,
                     MediationStatus, Responsibility, Severity, StatementKind, SupervisionStatus)

# ---------------------------------------------------------------------------------------------
# Widgets and helpers (the same as the hazard pages', which this app may not import)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """One or more photos from the phone's camera or gallery (or PDFs), checked by content."""

    def __init__(self, *args, **kwargs):
        attrs = {"accept": "image/*,application/pdf", "multiple": True, "capture": "environment"}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        uploads.validate_uploads(files)
        return files


def _date():
    # A date input takes ISO dates only, whatever the language's display format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _moment():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text(rows=3, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


def _amount_input():
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _choose(choices, label=_("请选择")):
    return [("", label)] + list(choices)


def leave_to_service(form, *names):
    """The service refuses these with its own message next to the field; the browser still asks for them."""
    for name in names:
        field = form.fields[name]
        field.required = False
        if not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["required"] = True


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


# ---------------------------------------------------------------------------------------------
# The report and the list


class IncidentReportForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=_("请选择学校"),
                                    error_messages={"required": _("请选择学校。"),
                                                    "invalid_choice": _("请选择学校。")})
    kind = forms.ChoiceField(label=_("事故类型"), choices=_choose(IncidentKind.choices))
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices, widget=forms.RadioSelect)
    occurred_at = forms.DateTimeField(label=_("发生时间"), widget=_moment(),
                                      error_messages={"invalid": _("请按“年-月-日 时:分”填写时间。")})
    place = forms.CharField(label=_("发生地点"),
                            widget=forms.TextInput(attrs={"placeholder": _("例如：操场东侧篮球场")}))
    injured = forms.IntegerField(label=_("受伤人数"), initial=0,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                                 error_messages={"invalid": _("请填写整数。")})
    deaths = forms.IntegerField(label=_("死亡人数"), initial=0,
                                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                                error_messages={"invalid": _("请填写整数。")})
    first_account = forms.CharField(label=_("初步情况"), widget=_text(4, placeholder=_(
        "发生了什么、伤亡情况、已采取的措施")))
    photos = PhotoField(label=_("现场照片"), required=False,
                        help_text=_("可直接拍照或从相册选择，可多张；每张不超过 10 MB。"))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["occurred_at"].initial = _now_local
        leave_to_service(self, "kind", "severity", "occurred_at", "place", "injured", "deaths", "first_account")
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
            self.fields["school"].empty_label = None


class IncidentFilterForm(ListFilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_choose(IncidentStatus.choices, _("全部状态")))
    kind = forms.ChoiceField(label=_("事故类型"), required=False, choices=_choose(IncidentKind.choices, _("全部类型")))
    severity = forms.ChoiceField(label=_("严重程度"), required=False,
                                 choices=_choose(Severity.choices, _("全部程度")))
    school = forms.ModelChoiceField(label=_("学校"), required=False, queryset=None, empty_label=_("全部学校"))
    date_from = forms.DateField(label=_("发生日期自"), required=False, widget=_date())
    date_to = forms.DateField(label=_("至"), required=False, widget=_date())
    q = forms.CharField(label=_("关键词"), required=False)
    open_only = forms.BooleanField(label=_("仅未结案"), required=False)
    late = forms.BooleanField(label=_("仅迟报"), required=False)
    mediation_alert = forms.BooleanField(label=_("调解临近或超过 60 天"), required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["sub_district"] = sub_district_filter(schools)


# ---------------------------------------------------------------------------------------------
# One form per step of the lifecycle (transitions.INCIDENT_LIFECYCLE)


class ActionForm(forms.Form):
    """A step's form: `passes` are the fields handed to the service as they were parsed."""

    passes = ()
    required_by_service = ()

    def __init__(self, *args, incident, item=None, **kwargs):
        self.incident, self.item = incident, item
        super().__init__(*args, **kwargs)
        leave_to_service(self, *self.required_by_service)

    def service_kwargs(self):
        return {"incident": self.incident, **{key: self.cleaned_data.get(key) for key in self.passes}}


class RespondForm(ActionForm):
    plan = forms.CharField(label=_("启动的应急预案"),
                           widget=forms.TextInput(attrs={"placeholder": _("例如：学生意外伤害事故应急预案")}))
    passes = required_by_service = ("plan",)


class ActForm(ActionForm):
    action = forms.ChoiceField(label=_("处置措施"), choices=_choose(ActionKind.choices))
    note = forms.CharField(label=_("做了什么"), widget=_text(2))
    happened_at = forms.DateTimeField(label=_("发生时间（不填为现在）"), required=False, widget=_moment(),
                                      error_messages={"invalid": _("请按“年-月-日 时:分”填写时间。")})
    passes = ("action", "note", "happened_at")
    required_by_service = ("action", "note")


class WrittenReportForm(ActionForm):
    text = forms.CharField(label=_("书面报告"), widget=_text(6))
    passes = required_by_service = ("text",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.incident.written_report:
            self.initial["text"] = self.incident.written_report


class InvestigateForm(ActionForm):
    note = forms.CharField(label=_("说明"), required=False, widget=_text(2))
    passes = ("note",)


class ConcludeForm(ActionForm):
    cause = forms.CharField(label=_("事故原因"), widget=_text(3))
    responsibility = forms.ChoiceField(label=_("责任认定"), choices=Responsibility.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("说明"), required=False, widget=_text(2))
    passes = ("cause", "responsibility", "note")
    required_by_service = ("cause", "responsibility")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.incident.responsibility:
            self.initial.update(cause=self.incident.cause, responsibility=self.incident.responsibility)


class InvolveForm(ActionForm):
    department = forms.ModelChoiceField(label=_("部门"), queryset=None, empty_label=_("请选择部门"))
    passes = required_by_service = ("department",)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ClaimForm(ActionForm):
    insurer = forms.CharField(label=_("保险公司"))
    policy_number = forms.CharField(label=_("保单号"))
    claim_number = forms.CharField(label=_("报案号（可后补）"), required=False)
    amount = forms.CharField(label=_("索赔金额（元）"), widget=_amount_input())
    filed_on = forms.DateField(label=_("报案日期（不填为今天）"), required=False, widget=_date())
    passes = ("insurer", "policy_number", "claim_number", "amount", "filed_on")
    required_by_service = ("insurer", "policy_number", "amount")


class ClaimUpdateForm(ActionForm):
    claim = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("理赔状态"), choices=ClaimStatus.choices)
    claim_number = forms.CharField(label=_("报案号"), required=False)
    paid_amount = forms.CharField(label=_("赔付金额（元）"), required=False, widget=_amount_input())
    settled_on = forms.DateField(label=_("办结日期（不填为今天）"), required=False, widget=_date())
    passes = ("status", "claim_number", "paid_amount", "settled_on")
    required_by_service = ("status",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = self.incident.claims.all()
        claim = self.item
        if claim is not None and not self.is_bound:
            self.initial.update(claim=claim.pk, status=claim.status, claim_number=claim.claim_number,
                                paid_amount=claim.paid_amount if claim.paid_amount is not None else "",
                                settled_on=claim.settled_on)

    def service_kwargs(self):
        return {"claim": self.cleaned_data["claim"], **{key: self.cleaned_data.get(key) for key in self.passes}}


class MediateForm(ActionForm):
    kind = forms.ChoiceField(label=_("调解方式"), choices=_choose(MediationKind.choices))
    mediator = forms.CharField(label=_("调解机构"),
                               widget=forms.TextInput(attrs={"placeholder": _("例如：崇义街道人民调解委员会")}))
    requested_on = forms.DateField(label=_("书面申请日期"), widget=_date(),
                                   help_text=_("调解期限从书面申请之日起计 60 天。"))
    passes = required_by_service = ("kind", "mediator", "requested_on")


class MediationUpdateForm(ActionForm):
    mediation = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("调解状态"), choices=MediationStatus.choices)
    outcome = forms.CharField(label=_("结果"), required=False, widget=_text(2))
    concluded_on = forms.DateField(label=_("结束日期（不填为今天）"), required=False, widget=_date())
    compensation = forms.CharField(label=_("约定赔偿（元）"), required=False, widget=_amount_input())
    compensation_paid_on = forms.DateField(label=_("赔偿支付日期"), required=False, widget=_date())
    passes = ("status", "outcome", "concluded_on", "compensation", "compensation_paid_on")
    required_by_service = ("status",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediation"].queryset = self.incident.mediations.all()
        mediation = self.item
        if mediation is not None and not self.is_bound:
            self.initial.update(
                mediation=mediation.pk, status=mediation.status, outcome=mediation.outcome,
                concluded_on=mediation.concluded_on, compensation_paid_on=mediation.compensation_paid_on,
                compensation=mediation.compensation if mediation.compensation is not None else "")

    def service_kwargs(self):
        return {"mediation": self.cleaned_data["mediation"],
                **{key: self.cleaned_data.get(key) for key in self.passes}}


class StatementForm(ActionForm):
    kind = forms.ChoiceField(label=_("声明类别"), choices=_choose(StatementKind.choices))
    spokesperson = forms.CharField(label=_("发言人"))
    published_on = forms.DateField(label=_("发布日期（不填为今天）"), required=False, widget=_date())
    text = forms.CharField(label=_("声明内容"), widget=_text(4))
    passes = ("kind", "spokesperson", "published_on", "text")
    required_by_service = ("kind", "spokesperson", "text")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.incident.needs_clarification:
            self.initial["kind"] = StatementKind.CLARIFICATION


class RaiseHazardForm(ActionForm):
    category = forms.ChoiceField(label=_("隐患类别"), choices=_choose(HAZARD_CATEGORIES))
    location = forms.CharField(label=_("隐患部位"))
    description = forms.CharField(label=_("需要整改的内容"), widget=_text(3))
    passes = required_by_service = ("category", "location", "description")


class CloseForm(ActionForm):
    note = forms.CharField(label=_("结案说明"), required=False, widget=_text(2))
    passes = ("note",)


class ReopenForm(ActionForm):
    reason = forms.CharField(label=_("重新打开的原因"), widget=_text(2))
    passes = required_by_service = ("reason",)


# ---------------------------------------------------------------------------------------------
# Supervision


class SupervisionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=_choose(SupervisionStatus.choices, _("全部状态")))
    measure = forms.ChoiceField(label=_("措施"), required=False, choices=_choose(Measure.choices, _("全部措施")))
    basis = forms.ChoiceField(label=_("依据"), required=False, choices=_choose(Basis.choices, _("全部依据")))
    school = forms.ModelChoiceField(label=_("学校"), required=False, queryset=None, empty_label=_("全部学校"))
    open_only = forms.BooleanField(label=_("仅未办结"), required=False)
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["sub_district"] = sub_district_filter(schools)

    def filters(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "", False)}


class SupervisionFlagForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=_("请选择学校"),
                                    error_messages={"required": _("请选择学校。"),
                                                    "invalid_choice": _("请选择学校。")})
    measure = forms.ChoiceField(label=_("督导措施"), choices=Measure.choices, widget=forms.RadioSelect,
                                initial=Measure.INTERVIEW)
    reason = forms.CharField(label=_("督导事由"), widget=_text(3))
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=_date(),
                               help_text=_("挂牌督办必填；约谈可不填。"))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        leave_to_service(self, "measure", "reason")


class SupervisionActionForm(forms.Form):
    passes = ()
    required_by_service = ()

    def __init__(self, *args, supervision, **kwargs):
        self.supervision = supervision
        super().__init__(*args, **kwargs)
        leave_to_service(self, *self.required_by_service)

    def service_kwargs(self):
        return {"supervision": self.supervision, **{key: self.cleaned_data.get(key) for key in self.passes}}


class InterviewForm(SupervisionActionForm):
    held_on = forms.DateField(label=_("约谈日期"), widget=_date())
    participants = forms.CharField(label=_("参加人员"), widget=_text(2))
    findings = forms.CharField(label=_("约谈发现的问题"), widget=_text(3))
    commitments = forms.CharField(label=_("学校的整改承诺"), widget=_text(3))
    passes = required_by_service = ("held_on", "participants", "findings", "commitments")


class DismissForm(SupervisionActionForm):
    note = forms.CharField(label=_("不予督导的理由"), widget=_text(2))
    passes = required_by_service = ("note",)


class ExtendForm(SupervisionActionForm):
    deadline = forms.DateField(label=_("新的整改期限"), widget=_date())
    passes = required_by_service = ("deadline",)


class LiftForm(SupervisionActionForm):
    note = forms.CharField(label=_("摘牌依据（整改完成情况）"), widget=_text(2))
    passes = required_by_service = ("note",)
