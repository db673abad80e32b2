"""Forms of the triage pages. They only parse what was typed: the services decide what is allowed and say why,
field by field, so the page and the API refuse alike, in the same words."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus_safety.filter_forms import ListFilterForm
from incidents.models import IncidentKind, Severity
from organizations.forms import sub_district_filter
from risks.selectors import HAZARD_CATEGORIES

from . import services
from .models import ReportKind, ReportStatus
from .selectors import QUEUES

QUEUE_LABELS = {"waiting": _("待分办"), "handling": _("处理中"), "done": _("已办结"),
                "zero_tolerance": _("侵害学生权益（零容忍）")}


def _choose(choices, label=_("请选择")):
    return [("", label)] + list(choices)


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _optional(form, *names):
    """The service refuses an empty one with its own message; the browser still asks for it."""
    for name in names:
        form.fields[name].required = False
        form.fields[name].widget.attrs["required"] = True


class ReportFilterForm(ListFilterForm):
    queue = forms.ChoiceField(label=_("队列"), required=False,
                              choices=_choose([(name, QUEUE_LABELS[name]) for name in QUEUES], _("全部")))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_choose(ReportStatus.choices, _("全部状态")))
    kind = forms.ChoiceField(label=_("举报类别"), required=False, choices=_choose(ReportKind.choices, _("全部类别")))
    school = forms.ModelChoiceField(label=_("学校"), required=False, queryset=None, empty_label=_("全部学校"))
    date_from = forms.DateField(label=_("收到日期自"), required=False, widget=_date())
    date_to = forms.DateField(label=_("至"), required=False, widget=_date())
    q = forms.CharField(label=_("关键词或回执码"), required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["sub_district"] = sub_district_filter(schools)


class StepForm(forms.Form):
    """One triage step: `service_kwargs()` is what the service is called with."""

    def __init__(self, *args, report, actor, **kwargs):
        self.report, self.actor = report, actor
        super().__init__(*args, **kwargs)

    def service_kwargs(self):
        return {"report": self.report, **self.cleaned_data}


class ToIncidentForm(StepForm):
    kind = forms.ChoiceField(label=_("事故类型"), choices=_choose(IncidentKind.choices))
    severity = forms.ChoiceField(label=_("严重程度"), choices=_choose(Severity.choices))
    occurred_at = forms.DateTimeField(
        label=_("发生时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("请按“年-月-日 时:分”填写时间。")})
    place = forms.CharField(label=_("发生地点"))
    injured = forms.IntegerField(label=_("受伤人数"), initial=0, min_value=0, required=False,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                                 error_messages={"invalid": _("请填写整数。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "kind", "severity", "occurred_at", "place")
        self.fields["kind"].initial = services.SUGGESTED_INCIDENT_KIND.get(self.report.kind, "")
        self.fields["occurred_at"].initial = timezone.localtime(self.report.submitted_at).replace(second=0,
                                                                                                 microsecond=0)
        self.fields["place"].initial = (_("学校周边") if self.report.surroundings else self.report.school.name)

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["injured"] = data.get("injured") or 0
        return {"report": self.report, **data}


class ToHazardForm(StepForm):
    category = forms.ChoiceField(label=_("隐患类别"), choices=_choose(HAZARD_CATEGORIES))
    location = forms.CharField(label=_("隐患部位"))
    description = forms.CharField(label=_("隐患描述"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("不填则使用举报内容。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "category", "location")
        self.fields["category"].initial = services.SUGGESTED_HAZARD_CATEGORY.get(self.report.kind, "")


class MergeForm(StepForm):
    target = forms.CharField(label=_("并入"), widget=forms.Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "target")
        incidents, hazards = services.merge_candidates(self.actor, self.report)
        choices = [(f"incident:{row.pk}", f"{row.number} {row.get_kind_display()} {row.place}")
                   for row in incidents[:50]]
        choices += [(f"hazard:{row.pk}", f"{row.number} {row.location} {row.description[:30]}") for row in hazards[:50]]
        self.fields["target"].widget.choices = _choose(choices, _("请选择本校未办结的事故或隐患"))
        self.has_candidates = bool(choices)


class DismissForm(StepForm):
    reason = forms.CharField(label=_("不予受理的理由（内部）"), widget=forms.Textarea(attrs={"rows": 3}))
    public_answer = forms.CharField(label=_("给举报人的公开答复"),
                                    help_text=_("举报人凭回执码只能看到这一句，不要写入姓名、电话等个人信息。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "reason", "public_answer")


class AnswerForm(StepForm):
    public_answer = forms.CharField(label=_("给举报人的公开答复"),
                                    help_text=_("举报人凭回执码只能看到这一句，不要写入姓名、电话等个人信息。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "public_answer")


class ReadContactForm(StepForm):
    """No fields: the button itself asks, and the reading is recorded."""
