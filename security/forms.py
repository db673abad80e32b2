"""Forms only parse what was typed; the services decide what is allowed and say why."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from risks.selectors import HAZARD_CATEGORIES

from .models import DrillKind, GuardSlot, PatrolKind, PremisesStatus, PremisesType, TrainingKind

FINDING_ROWS = 3


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


SYSTEMS = [("gcj02", _("GCJ-02（高德、腾讯地图）")), ("wgs84", _("WGS-84（手机 GPS 定位）"))]


class CoordinatesForm(forms.Form):
    latitude = forms.CharField(label=_("纬度"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    longitude = forms.CharField(label=_("经度"), required=False,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    system = forms.ChoiceField(label=_("坐标来源"), choices=SYSTEMS, initial="gcj02",
                               help_text=_("系统按 GCJ-02 保存；手机 GPS 定位的坐标会自动换算。"))


class GateForm(CoordinatesForm):
    name = forms.CharField(label=_("校门名称"), required=False, initial=_("正门"))

    field_order = ["name", "latitude", "longitude", "system"]


class PremisesForm(CoordinatesForm):
    name = forms.CharField(label=_("场所名称"), required=False)
    type = forms.ModelChoiceField(label=_("类型"), queryset=PremisesType.objects.all(), required=False,
                                  empty_label=_("请选择"))
    address = forms.CharField(label=_("地址"), required=False)
    licence_no = forms.CharField(label=_("许可证号"), required=False)
    operator = forms.CharField(label=_("经营者"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=PremisesStatus.choices, initial=PremisesStatus.OPERATING)

    field_order = ["name", "type", "address", "latitude", "longitude", "system", "licence_no", "operator", "status"]


class FindingsMixin:
    """A few finding rows (category, place, problem); empty rows are ignored."""

    prefix_name = "finding"

    def add_finding_fields(self):
        for n in range(1, FINDING_ROWS + 1):
            self.fields[f"{self.prefix_name}_{n}_category"] = forms.ChoiceField(
                label=_("问题 %(n)d 类别") % {"n": n}, required=False,
                choices=[("", _("请选择"))] + list(HAZARD_CATEGORIES))
            self.fields[f"{self.prefix_name}_{n}_location"] = forms.CharField(
                label=_("问题 %(n)d 部位") % {"n": n}, required=False)
            self.fields[f"{self.prefix_name}_{n}_description"] = forms.CharField(
                label=_("问题 %(n)d 描述") % {"n": n}, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def finding_names(self):
        return {f"{self.prefix_name}_{n}_{key}" for n in range(1, FINDING_ROWS + 1)
                for key in ("category", "location", "description")}

    def main_fields(self):
        """The visible fields other than the finding rows (the template shows those under a disclosure)."""
        names = self.finding_names()
        return [field for field in self.visible_fields() if field.name not in names]

    def finding_rows(self):
        """[(n, [category, location, description bound fields])] for the template."""
        return [(n, [self[f"{self.prefix_name}_{n}_{key}"] for key in ("category", "location", "description")])
                for n in range(1, FINDING_ROWS + 1)]

    def findings_open(self):
        """The disclosure starts open when a row was typed in or has an error, so nothing typed is hidden."""
        if not self.is_bound:
            return False
        names = self.finding_names()
        return any(self.errors.get(name) for name in names) or any(
            (self.data.get(self.add_prefix(name)) or "").strip() for name in names)

    def findings(self):
        rows = []
        for n in range(1, FINDING_ROWS + 1):
            row = {key: self.cleaned_data.get(f"{self.prefix_name}_{n}_{key}", "")
                   for key in ("category", "location", "description")}
            if any(value.strip() for value in row.values()):
                rows.append(row)
        return rows


class PatrolForm(FindingsMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=PatrolKind.choices)
    patrolled_on = forms.DateField(label=_("日期"), required=False, widget=_date())
    started_at = forms.TimeField(label=_("开始时间"), required=False, widget=_time())
    ended_at = forms.TimeField(label=_("结束时间"), required=False, widget=_time())
    route = forms.CharField(label=_("巡逻路线"), required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("例如：正门—东侧路口—后门")}))
    note = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.add_finding_fields()
        if not self.is_bound:
            self.initial.setdefault("patrolled_on", timezone.localdate())


class GuardDutyForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=None)
    on = forms.DateField(label=_("日期"), required=False, widget=_date())
    slot = forms.ChoiceField(label=_("时段"), choices=GuardSlot.choices)
    post = forms.CharField(label=_("岗位"), required=False)
    staff = forms.CharField(label=_("上岗人员"), required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class CameraForm(forms.Form):
    location = forms.CharField(label=_("位置"), required=False)
    networked = forms.BooleanField(label=_("已与区公安指挥中心联网"), required=False)
    working = forms.BooleanField(label=_("运行正常"), required=False, initial=True)


class DrillForm(FindingsMixin, forms.Form):
    prefix_name = "problem"

    school = forms.ModelChoiceField(label=_("学校"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("演练类别"), choices=DrillKind.choices)
    held_on = forms.DateField(label=_("日期"), required=False, widget=_date())
    participants = forms.IntegerField(label=_("参加人数"), required=False)
    duration_min = forms.IntegerField(label=_("用时（分钟）"), required=False)
    evacuation_seconds = forms.IntegerField(label=_("疏散用时（秒）"), required=False)
    guided_by = forms.ModelChoiceField(label=_("指导部门"), queryset=None, required=False, empty_label=_("无"))
    note = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    # Evidence files are read from request.FILES["evidence"] and checked by the service (uploads).

    def __init__(self, *args, schools, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["guided_by"].queryset = departments
        self.add_finding_fields()
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())


class TrainingForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=None, required=False,
                                    empty_label=_("全街道学校（集中培训）"))
    kind = forms.ChoiceField(label=_("培训类别"), choices=TrainingKind.choices)
    held_on = forms.DateField(label=_("日期"), required=False, widget=_date())
    department = forms.ModelChoiceField(label=_("组织部门"), queryset=None, required=False, empty_label=_("无"))
    trainer = forms.CharField(label=_("授课人"), required=False)
    participants = forms.IntegerField(label=_("参加人数"), required=False)
    note = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, schools, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["department"].queryset = departments
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())


class StaffingForm(forms.Form):
    guards = forms.IntegerField(label=_("专职保安（名）"), required=False, min_value=None)
    dorm_managers = forms.IntegerField(label=_("宿舍管理员（名）"), required=False)
    volunteers = forms.IntegerField(label=_("护校志愿者（名）"), required=False)
    gate_staffed_24h = forms.BooleanField(label=_("校门 24 小时值守"), required=False)
    patrols_per_day = forms.IntegerField(label=_("每日巡逻次数"), required=False)


class PremisesImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 场所登记表（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
