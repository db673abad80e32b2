"""Public reports (举报): what a student, parent or citizen tells the office without logging in.

A report is received, triaged by the office or the education center (into an incident, a hazard, merged
into one that exists, or dismissed), and answered in one public line. The reporter holds only a receipt
code. The contact and the sender's address are personal data kept for a configured time; who read a
contact is an event like every other step, appended and never changed.
"""
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import School


class ReportKind(models.TextChoices):
    BULLYING = "bullying", _("欺凌、暴力")
    CORPORAL_PUNISHMENT = "corporal_punishment", _("体罚、变相体罚")
    HARASSMENT = "harassment", _("性骚扰、猥亵")
    FACILITY = "facility", _("设施不安全")
    FOOD = "food", _("食品安全")
    TRAFFIC = "traffic", _("交通安全")
    PREMISES = "premises", _("学校周边场所")
    OTHER = "other", _("其他")


# Violations of students' personal rights: zero tolerance, the police station is told at once.
ZERO_TOLERANCE = frozenset({ReportKind.BULLYING, ReportKind.CORPORAL_PUNISHMENT, ReportKind.HARASSMENT})


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    HANDLING = "handling", _("处理中")
    HANDLED = "handled", _("已办结")
    DISMISSED = "dismissed", _("不予受理")


class Outcome(models.TextChoices):
    INCIDENT = "incident", _("转为安全事故")
    HAZARD = "hazard", _("转为隐患")
    MERGED_INCIDENT = "merged_incident", _("并入已有事故")
    MERGED_HAZARD = "merged_hazard", _("并入已有隐患")
    DISMISSED = "dismissed", _("不予受理")


class PublicReportEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("收到举报")
    TO_INCIDENT = "to_incident", _("转为安全事故")
    TO_HAZARD = "to_hazard", _("转为隐患")
    MERGED = "merged", _("并入已有记录")
    DISMISSED = "dismissed", _("不予受理")
    ANSWERED = "answered", _("办结答复")
    CONTACT_READ = "contact_read", _("查看联系方式")
    PURGED = "purged", _("个人信息到期删除")


def contact_retention_days():
    return settings.PUBLIC_REPORT_CONTACT_DAYS


class PublicReport(models.Model):
    # The office and its leaders, and the education center overseeing the schools; nobody else.
    scope_paths = {"sub_district": "school__sub_district", "oversight": "school__sub_district"}

    receipt = models.CharField(_("回执码"), max_length=12, unique=True, editable=False)
    school = models.ForeignKey(School, models.PROTECT, related_name="public_reports", verbose_name=_("学校"))
    surroundings = models.BooleanField(_("学校周边"), default=False)
    kind = models.CharField(_("举报类别"), max_length=20, choices=ReportKind.choices)
    description = models.TextField(_("举报内容"))
    anonymous = models.BooleanField(_("匿名"), default=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    client_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    # The challenge answered with it: one report per challenge (the database refuses a replay).
    challenge = models.CharField(_("验证题标识"), max_length=32, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED,
                              db_index=True)
    outcome = models.CharField(_("处理方式"), max_length=16, choices=Outcome.choices, blank=True)
    incident = models.ForeignKey("incidents.Incident", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("安全事故"))
    hazard = models.ForeignKey("risks.Hazard", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("隐患"))
    triaged_at = models.DateTimeField(_("分办时间"), null=True, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("分办人"))
    public_answer = models.CharField(_("公开答复"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公众举报")
        verbose_name_plural = _("公众举报")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["client_address", "submitted_at"], name="public_report_sender")]

    def __str__(self):
        return self.number

    @property
    def number(self):
        return f"JB{self.pk:06d}"

    @property
    def zero_tolerance(self):
        return self.kind in ZERO_TOLERANCE

    @property
    def has_contact(self):
        return bool(self.contact or self.contact_name)

    def personal_data_due(self):
        return self.submitted_at + timedelta(days=contact_retention_days())


class PublicReportPhoto(models.Model):
    scope_paths = {"sub_district": "report__school__sub_district", "oversight": "report__school__sub_district"}

    report = models.ForeignKey(PublicReport, models.CASCADE, related_name="photos", verbose_name=_("公众举报"))
    file = models.FileField(_("文件"), upload_to="public-reports/%Y/%m/", max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("举报照片")
        verbose_name_plural = _("举报照片")
        ordering = ["pk"]


class PublicReportEvent(models.Model):
    """One step of a report, appended by the services and never changed; reading a contact is one too."""

    scope_paths = {"sub_district": "report__school__sub_district", "oversight": "report__school__sub_district"}

    report = models.ForeignKey(PublicReport, models.CASCADE, related_name="events", verbose_name=_("公众举报"))
    kind = models.CharField(_("事项"), max_length=16, choices=PublicReportEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=ReportStatus.choices)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("举报处理记录")
        verbose_name_plural = _("举报处理记录")
        ordering = ["at", "pk"]


class PublicHit(models.Model):
    """One use of a public page by an address (a submission, a receipt lookup, a wrong answer), counted
    for throttling in the database so every web process sees the same count. Kept one day."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交举报")
        LOOKUP = "lookup", _("查询回执")
        WRONG = "wrong", _("验证题答错")

    action = models.CharField(_("操作"), max_length=8, choices=Action.choices)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    school = models.ForeignKey(School, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("学校"))
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("公众页面访问")
        verbose_name_plural = _("公众页面访问")
        indexes = [models.Index(fields=["action", "address", "at"], name="public_hit_address"),
                   models.Index(fields=["action", "school", "at"], name="public_hit_school")]
