"""Checklists, sweep campaigns and inspections (排查检查).

A checklist template is versioned: an inspection points at the version it was filled against, and a
revision is a new version, so editing a template never changes a finished inspection. Every failed item
of a submitted inspection becomes a hazard through risks.services.hazard_report, keyed by the item.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Department, School, SubDistrict
from risks.selectors import HAZARD_CATEGORIES


class ChecklistKind(models.TextChoices):
    DRAGNET = "dragnet", _("拉网式排查")  # the office's semi-annual sweep of every school
    SURROUNDINGS = "surroundings", _("校园周边环境专项整治")  # the governance office's semi-annual campaign
    CAMPUS_GUARD = "campus_guard", _("护校安园专项行动")  # the police's recurring campaign
    SELF_CHECK = "self_check", _("学校每日自查")  # every school, every school day


CAMPAIGN_KINDS = [(value, label) for value, label in ChecklistKind.choices if value != ChecklistKind.SELF_CHECK]


class ChecklistTemplate(models.Model):
    """检查表: one version of a checklist; `code` names the checklist across its versions. Shared by the
    whole deployment, like the school calendar (not scoped)."""

    code = models.SlugField(_("代码"), max_length=60)
    version = models.PositiveIntegerField(_("版本"), default=1)
    kind = models.CharField(_("类别"), max_length=20, choices=ChecklistKind.choices)
    name = models.CharField(_("名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    is_current = models.BooleanField(_("当前版本"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检查表模板")
        verbose_name_plural = _("检查表模板")
        ordering = ["kind", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_unique_version"),
            models.UniqueConstraint(fields=["code"], condition=Q(is_current=True), name="checklist_one_current"),
        ]

    def __str__(self):
        return f"{self.name}（v{self.version}）"


class ChecklistItem(models.Model):
    """检查项: answered pass / fail / not applicable. A direct-judgement rule (教发厅函〔2024〕20号) makes a
    failed answer a major hazard without further grading."""

    template = models.ForeignKey(ChecklistTemplate, models.CASCADE, related_name="items", verbose_name=_("检查表"))
    order = models.PositiveSmallIntegerField(_("序号"))
    category = models.CharField(_("类别"), max_length=24, choices=HAZARD_CATEGORIES)
    text = models.CharField(_("检查内容"), max_length=200)
    guidance = models.CharField(_("检查要点"), max_length=300, blank=True)
    direct_judgement = models.CharField(
        _("重大隐患直接判定情形"), max_length=300, blank=True,
        help_text=_("填写后，此项不合格即判定为重大隐患。"))

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="checklist_item_unique_order")]

    def __str__(self):
        return f"{self.order}. {self.text}"

    @property
    def is_direct_judgement(self):
        return bool(self.direct_judgement)


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("进行中")  # inspections are being filled
    CLOSED = "closed", _("已结束")  # findings listed; inspections still open are left as they are


class Campaign(models.Model):
    """排查行动: a sweep of many schools against one checklist version, by the office and departments."""

    # Every member of the sub-district may know a campaign exists; its inspections are scoped on their own.
    scope_paths = {"sub_district": "sub_district", "reference": "sub_district"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="campaigns", verbose_name=_("街道"))
    kind = models.CharField(_("类别"), max_length=20, choices=CAMPAIGN_KINDS)
    template = models.ForeignKey(ChecklistTemplate, models.PROTECT, related_name="campaigns",
                                 verbose_name=_("检查表"))
    title = models.CharField(_("名称"), max_length=120)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("发起人"))
    opened_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("结束人"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("排查行动")
        verbose_name_plural = _("排查行动")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="campaign_closed_has_time"),
        ]

    def __str__(self):
        return self.title


class CampaignDepartment(models.Model):
    """参与部门: a department taking part, with the schools it covers in this campaign."""

    scope_paths = {"sub_district": "campaign__sub_district", "reference": "campaign__sub_district"}

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="participants", verbose_name=_("排查行动"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="+", verbose_name=_("部门"))
    schools = models.ManyToManyField(School, related_name="+", blank=True, verbose_name=_("负责学校"))

    class Meta:
        verbose_name = _("参与部门")
        verbose_name_plural = _("参与部门")
        constraints = [models.UniqueConstraint(fields=["campaign", "department"], name="campaign_department_once")]

    def __str__(self):
        return f"{self.campaign} · {self.department}"


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")  # answers may still change; saved as a draft
    SUBMITTED = "submitted", _("已提交")  # immutable; failed items are hazards; corrections are events


class Inspection(models.Model):
    """检查记录: one school checked against one checklist version, in a campaign or as a daily self-check."""

    scope_paths = {
        "sub_district": "school__sub_district",
        "own_school": "school",
        "oversight": "school__sub_district",
        "department": "department",
        "community": "school__community",
    }

    kind = models.CharField(_("类别"), max_length=20, choices=ChecklistKind.choices)
    campaign = models.ForeignKey(Campaign, models.CASCADE, null=True, blank=True, related_name="inspections",
                                 verbose_name=_("排查行动"))
    template = models.ForeignKey(ChecklistTemplate, models.PROTECT, related_name="inspections",
                                 verbose_name=_("检查表"))
    school = models.ForeignKey(School, models.PROTECT, related_name="inspections", verbose_name=_("学校"))
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="inspections",
                                   verbose_name=_("检查部门"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="inspections", verbose_name=_("检查人"))
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.DRAFT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")
        ordering = ["-inspected_on", "school__name", "pk"]
        indexes = [models.Index(fields=["kind", "school", "inspected_on"], name="inspection_day_idx")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "school"], condition=Q(campaign__isnull=False),
                                    name="inspection_once_per_campaign_school"),
            models.UniqueConstraint(fields=["school", "inspected_on"], condition=Q(kind="self_check"),
                                    name="self_check_once_per_school_day"),
            models.CheckConstraint(condition=Q(kind="self_check", campaign__isnull=True)
                                   | (~Q(kind="self_check") & Q(campaign__isnull=False)),
                                   name="inspection_campaign_unless_self_check"),
            models.CheckConstraint(condition=~Q(status="submitted")
                                   | Q(submitted_at__isnull=False, inspected_on__isnull=False),
                                   name="inspection_submitted_has_time"),
        ]

    def __str__(self):
        return f"{self.school} · {self.template.name}"


class AnswerResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    NOT_APPLICABLE = "na", _("不适用")


class Answer(models.Model):
    """One item's answer. Changed only while the inspection is a draft."""

    scope_paths = {key: f"inspection__{path}" for key, path in Inspection.scope_paths.items()}

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="answers", verbose_name=_("检查记录"))
    item = models.ForeignKey(ChecklistItem, models.PROTECT, related_name="answers", verbose_name=_("检查项"))
    result = models.CharField(_("结果"), max_length=4, choices=AnswerResult.choices, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    # The hazard a failed item became (set once, by the submit).
    hazard = models.ForeignKey("risks.Hazard", models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("隐患"))
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检查项结果")
        verbose_name_plural = _("检查项结果")
        ordering = ["inspection", "item__order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="answer_once_per_item")]

    def __str__(self):
        return f"{self.item} · {self.get_result_display()}"


class AnswerPhoto(models.Model):
    """A photo of an item, stored under a random name and served only through a scoped view."""

    scope_paths = {key: f"answer__inspection__{path}" for key, path in Inspection.scope_paths.items()}

    answer = models.ForeignKey(Answer, models.CASCADE, related_name="photos", verbose_name=_("检查项结果"))
    file = models.FileField(_("文件"), upload_to="inspections/%Y/%m/", max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检查照片")
        verbose_name_plural = _("检查照片")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name or self.file.name


class InspectionEventKind(models.TextChoices):
    CREATED = "created", _("创建")
    ASSIGNED = "assigned", _("指派检查人")
    SAVED = "saved", _("保存草稿")
    SUBMITTED = "submitted", _("提交")
    CORRECTED = "corrected", _("更正")


class InspectionEvent(models.Model):
    """One step of an inspection, appended and never changed; corrections after submission live here."""

    scope_paths = {key: f"inspection__{path}" for key, path in Inspection.scope_paths.items()}

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="events", verbose_name=_("检查记录"))
    kind = models.CharField(_("事项"), max_length=12, choices=InspectionEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("检查记录事项")
        verbose_name_plural = _("检查记录事项")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.inspection} · {self.get_kind_display()}"
