"""Incidents from the first report to closing, their aftermath, and the office's supervision of schools.

An incident's life is a table (transitions.py); every step is an IncidentEvent, appended and never
changed. Aftermath items (insurance claims, mediations, statements) are rows of their own whose changes
are events too. Supervision (督导: 约谈, 挂牌督办) is one record whoever raised it: a rule's sweep over
incidents, overdue major hazards and failed sweeps, or the office by hand.
"""
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations.models import Department, School


class IncidentKind(models.TextChoices):
    INJURY = "injury", _("人身伤害")
    FIRE = "fire", _("火灾")
    TRAFFIC = "traffic", _("交通事故")
    FOOD_POISONING = "food_poisoning", _("食物中毒")
    VIOLENCE = "violence", _("欺凌、暴力")
    INTRUSION = "intrusion", _("不法侵入")
    DISASTER = "disaster", _("自然灾害")
    DISEASE = "disease", _("传染病疫情")
    DISTURBANCE = "disturbance", _("校闹")
    OTHER = "other", _("其他")


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较大")
    MAJOR = "major", _("重大")
    GRAVE = "grave", _("特别重大")


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("已报告")
    RESPONDING = "responding", _("应急处置")
    INVESTIGATING = "investigating", _("调查中")
    AFTERMATH = "aftermath", _("善后处理")
    CLOSED = "closed", _("已结案")


OPEN_STATUSES = (IncidentStatus.REPORTED, IncidentStatus.RESPONDING, IncidentStatus.INVESTIGATING,
                 IncidentStatus.AFTERMATH)


class Responsibility(models.TextChoices):
    SCHOOL = "school", _("学校有责任")
    NOT_SCHOOL = "not_school", _("学校无责任")
    SHARED = "shared", _("学校与他方分担责任")
    THIRD_PARTY = "third_party", _("第三方责任")


def first_report_minutes():
    return settings.INCIDENT_FIRST_REPORT_MINUTES


def written_report_hours():
    return settings.INCIDENT_WRITTEN_REPORT_HOURS


def mediation_days():
    return settings.INCIDENT_MEDIATION_DAYS


def mediation_warning_days():
    return settings.INCIDENT_MEDIATION_WARNING_DAYS


def _involved(path):
    def condition(department_ids):
        return Q(**{f"{path}__in": Involvement.objects.filter(department__in=department_ids).values("incident")})
    return condition


def _through_incident():
    """The scope of a row that belongs to an incident: the incident's."""
    return {"sub_district": "incident__school__sub_district", "school": "incident__school",
            "community": "incident__school__community", "department": _involved("incident")}


class Incident(models.Model):
    """安全事故: one event at one school, reported from a phone by the school or a department."""

    scope_paths = {
        "sub_district": "school__sub_district",
        "school": "school",
        "community": "school__community",
        # The departments concerned by the kind (and those that joined later) see what they work on.
        "department": _involved("pk"),
    }

    school = models.ForeignKey(School, models.PROTECT, related_name="incidents", verbose_name=_("学校"))
    kind = models.CharField(_("事故类型"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    injured = models.PositiveIntegerField(_("受伤人数"), default=0)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0)
    first_account = models.TextField(_("初步情况"))
    status = models.CharField(_("状态"), max_length=14, choices=IncidentStatus.choices,
                              default=IncidentStatus.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("报告人"))
    reported_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    # The deadlines in force when the incident was reported: a later change of the setting rewrites nothing.
    first_report_due = models.DateTimeField(_("首报时限"))
    written_report_due = models.DateTimeField(_("书面报告时限"))
    written_report = models.TextField(_("书面报告"), blank=True)
    written_report_at = models.DateTimeField(_("书面报告时间"), null=True, blank=True)
    plan = models.CharField(_("启动的应急预案"), max_length=200, blank=True)
    plan_activated_at = models.DateTimeField(_("预案启动时间"), null=True, blank=True)
    guardians_notified_at = models.DateTimeField(_("通知家长时间"), null=True, blank=True)
    cause = models.TextField(_("事故原因"), blank=True)
    responsibility = models.CharField(_("责任认定"), max_length=12, choices=Responsibility.choices, blank=True)
    investigated_at = models.DateTimeField(_("调查结论时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("安全事故")
        verbose_name_plural = _("安全事故")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["school", "occurred_at"]), models.Index(fields=["status", "occurred_at"])]
        constraints = [
            models.CheckConstraint(name="incident_reported_after_it_occurred",
                                   condition=Q(reported_at__gte=models.F("occurred_at"))),
            models.CheckConstraint(name="incident_closed_has_time",
                                   condition=~Q(status="closed") | Q(closed_at__isnull=False)),
            models.CheckConstraint(name="incident_investigated_has_responsibility",
                                   condition=~Q(status__in=("aftermath", "closed")) | ~Q(responsibility="")),
        ]

    def __str__(self):
        return f"{self.number} · {self.school} · {self.get_kind_display()}"

    @property
    def number(self):
        return f"SG{self.pk:06d}"

    @property
    def is_first_report_late(self):
        return self.reported_at > self.first_report_due

    def is_written_report_late(self, now=None):
        """Written after its deadline, or still missing past it."""
        if self.written_report_at is not None:
            return self.written_report_at > self.written_report_due
        return (now or timezone.now()) > self.written_report_due

    @property
    def is_open(self):
        return self.status != IncidentStatus.CLOSED

    @property
    def needs_clarification(self):
        return self.responsibility == Responsibility.NOT_SCHOOL


class Involvement(models.Model):
    """A department concerned by the incident: told at once by its kind, or joined later by the office."""

    scope_paths = _through_incident()

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="involvements", verbose_name=_("安全事故"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="+", verbose_name=_("部门"))
    joined_at = models.DateTimeField(_("参与时间"), default=timezone.now)

    class Meta:
        verbose_name = _("参与部门")
        verbose_name_plural = _("参与部门")
        ordering = ["incident", "department__kind"]
        constraints = [models.UniqueConstraint(fields=["incident", "department"], name="involvement_once")]

    def __str__(self):
        return f"{self.incident} · {self.department}"


class IncidentPhoto(models.Model):
    """A photo or PDF of the scene or of a report, served only through a scoped view."""

    scope_paths = _through_incident()

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="photos", verbose_name=_("安全事故"))
    file = models.FileField(_("文件"), upload_to="incidents/%Y/%m/", max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("事故照片")
        verbose_name_plural = _("事故照片")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name or self.file.name


class ActionKind(models.TextChoices):
    RESCUE = "rescue", _("救援、送医")
    GUARDIANS = "guardians", _("通知家长")
    POLICE = "police", _("报警、公安到场")
    EVACUATION = "evacuation", _("疏散、转移")
    REPORT = "report", _("向上级报告")
    OTHER = "other", _("其他处置")


class ClaimStatus(models.TextChoices):
    FILED = "filed", _("已报案")
    REVIEWING = "reviewing", _("理赔审核中")
    PAID = "paid", _("已赔付")
    REFUSED = "refused", _("拒赔")
    WITHDRAWN = "withdrawn", _("已撤案")


OPEN_CLAIM_STATUSES = (ClaimStatus.FILED, ClaimStatus.REVIEWING)


class InsuranceClaim(models.Model):
    """校方责任险理赔: the school's liability insurance claim for this incident."""

    scope_paths = _through_incident()

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="claims", verbose_name=_("安全事故"))
    insurer = models.CharField(_("保险公司"), max_length=100)
    policy_number = models.CharField(_("保单号"), max_length=60)
    claim_number = models.CharField(_("报案号"), max_length=60, blank=True)
    amount = models.DecimalField(_("索赔金额（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(_("理赔状态"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.FILED)
    paid_amount = models.DecimalField(_("赔付金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField(_("报案日期"))
    settled_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("校方责任险理赔")
        verbose_name_plural = _("校方责任险理赔")
        ordering = ["filed_on", "pk"]
        constraints = [
            models.CheckConstraint(name="claim_amounts_not_negative",
                                   condition=Q(amount__gte=0) & (Q(paid_amount__isnull=True) | Q(paid_amount__gte=0))),
            models.CheckConstraint(name="claim_settled_has_date",
                                   condition=Q(status__in=("filed", "reviewing")) | Q(settled_on__isnull=False)),
        ]

    def __str__(self):
        return f"{self.insurer} · {self.policy_number}"

    @property
    def is_open(self):
        return self.status in OPEN_CLAIM_STATUSES


class MediationKind(models.TextChoices):
    PEOPLE = "people", _("人民调解")
    ADMINISTRATIVE = "administrative", _("教育行政部门调解")
    ARBITRATION = "arbitration", _("仲裁")
    LEGAL_AID = "legal_aid", _("法律援助")


class MediationStatus(models.TextChoices):
    OPEN = "open", _("调解中")
    AGREED = "agreed", _("达成协议")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("撤回申请")


class Mediation(models.Model):
    """调解: finished within 60 days of the written request (学生伤害事故处理办法 arts. 18–20)."""

    scope_paths = _through_incident()

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="mediations", verbose_name=_("安全事故"))
    kind = models.CharField(_("方式"), max_length=16, choices=MediationKind.choices)
    mediator = models.CharField(_("调解机构"), max_length=100)
    requested_on = models.DateField(_("书面申请日期"))
    due_on = models.DateField(_("调解期限"))
    status = models.CharField(_("状态"), max_length=10, choices=MediationStatus.choices,
                              default=MediationStatus.OPEN)
    concluded_on = models.DateField(_("结束日期"), null=True, blank=True)
    outcome = models.TextField(_("结果"), blank=True)
    compensation = models.DecimalField(_("约定赔偿（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    compensation_paid_on = models.DateField(_("赔偿支付日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解")
        verbose_name_plural = _("调解")
        ordering = ["requested_on", "pk"]
        constraints = [
            models.CheckConstraint(name="mediation_due_after_request", condition=Q(due_on__gte=models.F("requested_on"))),
            models.CheckConstraint(name="mediation_concluded_has_date",
                                   condition=Q(status="open") | Q(concluded_on__isnull=False)),
            models.CheckConstraint(name="mediation_compensation_not_negative",
                                   condition=Q(compensation__isnull=True) | Q(compensation__gte=0)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.mediator}"

    @property
    def compensation_outstanding(self):
        return (self.status == MediationStatus.AGREED and bool(self.compensation)
                and self.compensation_paid_on is None)

    @property
    def is_open(self):
        return self.status == MediationStatus.OPEN or self.compensation_outstanding

    def days_left(self, today=None):
        return (self.due_on - (today or timezone.localdate())).days

    def is_near_limit(self, today=None):
        return self.status == MediationStatus.OPEN and 0 <= self.days_left(today) <= mediation_warning_days()

    def is_over_limit(self, today=None):
        return self.status == MediationStatus.OPEN and self.days_left(today) < 0

    @staticmethod
    def due_for(requested_on):
        return requested_on + timedelta(days=mediation_days())


class StatementKind(models.TextChoices):
    CLARIFICATION = "clarification", _("澄清声明")
    BRIEFING = "briefing", _("情况通报")


class Statement(models.Model):
    """新闻发言人: a public statement; a clarification clears a school that was not at fault."""

    scope_paths = _through_incident()

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="statements", verbose_name=_("安全事故"))
    kind = models.CharField(_("类别"), max_length=14, choices=StatementKind.choices)
    spokesperson = models.CharField(_("发言人"), max_length=50)
    published_on = models.DateField(_("发布日期"))
    text = models.TextField(_("内容"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))

    class Meta:
        verbose_name = _("公开声明")
        verbose_name_plural = _("公开声明")
        ordering = ["published_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.published_on}"


class IncidentEventKind(models.TextChoices):
    REPORTED = "reported", _("报告事故")
    WRITTEN_REPORT = "written_report", _("提交书面报告")
    RESPONDED = "responded", _("启动应急预案")
    ACTION = "action", _("处置措施")
    INVESTIGATING = "investigating", _("开始调查")
    CONCLUDED = "concluded", _("调查结论")
    DEPARTMENT_JOINED = "department", _("部门参与")
    CLAIM_FILED = "claim_filed", _("理赔报案")
    CLAIM_UPDATED = "claim_updated", _("理赔进展")
    MEDIATION_OPENED = "mediation_opened", _("申请调解")
    MEDIATION_UPDATED = "mediation_updated", _("调解进展")
    STATEMENT = "statement", _("公开声明")
    HAZARD_RAISED = "hazard", _("登记整改隐患")
    CLOSED = "closed", _("结案")
    REOPENED = "reopened", _("重新打开")


class IncidentEvent(models.Model):
    """One step of an incident's life, appended by the services and never changed (its timeline)."""

    scope_paths = _through_incident()

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="events", verbose_name=_("安全事故"))
    kind = models.CharField(_("事项"), max_length=20, choices=IncidentEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    # When the thing happened, if not when it was recorded (a rescue at 10:05 typed in at 10:40).
    happened_at = models.DateTimeField(_("发生时间"), null=True, blank=True)
    from_status = models.CharField(_("原状态"), max_length=14, choices=IncidentStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=14, choices=IncidentStatus.choices)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("事故处置记录")
        verbose_name_plural = _("事故处置记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.incident} · {self.get_kind_display()}"

    def summary(self):
        """The system's sentence about this step, in the reader's language (events store facts only)."""
        data = self.data or {}
        if self.kind == IncidentEventKind.ACTION and data.get("action") in ActionKind.values:
            return str(ActionKind(data["action"]).label)
        if self.kind == IncidentEventKind.CONCLUDED and data.get("responsibility") in Responsibility.values:
            return str(Responsibility(data["responsibility"]).label)
        if self.kind == IncidentEventKind.DEPARTMENT_JOINED:
            return data.get("department", "")
        if self.kind in (IncidentEventKind.CLAIM_FILED, IncidentEventKind.CLAIM_UPDATED) \
                and data.get("status") in ClaimStatus.values:
            return gettext("保单 %(policy)s：%(status)s") % {"policy": data.get("policy", ""),
                                                          "status": ClaimStatus(data["status"]).label}
        if self.kind in (IncidentEventKind.MEDIATION_OPENED, IncidentEventKind.MEDIATION_UPDATED) \
                and data.get("status") in MediationStatus.values:
            return gettext("%(kind)s：%(status)s") % {
                "kind": MediationKind(data["kind"]).label if data.get("kind") in MediationKind.values else "",
                "status": MediationStatus(data["status"]).label}
        if self.kind == IncidentEventKind.HAZARD_RAISED:
            return gettext("隐患 %(number)s") % {"number": data.get("hazard_number", "")}
        return ""


# ---------------------------------------------------------------------------------------------
# Supervision (督导): interviews (约谈) and listed supervision (挂牌督办)


class Measure(models.TextChoices):
    INTERVIEW = "interview", _("约谈")
    LISTED = "listed", _("挂牌督办")


class Basis(models.TextChoices):
    INCIDENTS = "incidents", _("事故多发")
    OVERDUE_MAJOR_HAZARD = "overdue_major_hazard", _("重大隐患逾期未整改")
    FAILED_SWEEP = "failed_sweep", _("排查不合格")
    MANUAL = "manual", _("街道办决定")


class SupervisionRule(models.Model):
    """When a school is flagged: thresholds are data, so the office tunes them without a release."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    basis = models.CharField(_("依据"), max_length=24, choices=Basis.choices)
    measure = models.CharField(_("措施"), max_length=10, choices=Measure.choices)
    threshold = models.PositiveIntegerField(_("阈值"), help_text=_(
        "事故多发：窗口期内的事故起数；排查不合格：一次排查的不合格项数；重大隐患：逾期的重大隐患条数。"))
    window_days = models.PositiveIntegerField(_("统计窗口（天）"), default=365)
    deadline_days = models.PositiveIntegerField(_("整改期限（天）"), default=30)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("督导规则")
        verbose_name_plural = _("督导规则")
        ordering = ["basis", "code"]
        constraints = [models.CheckConstraint(name="supervision_rule_threshold_positive",
                                              condition=Q(threshold__gte=1) & Q(window_days__gte=1))]

    def __str__(self):
        return f"{self.get_basis_display()} ≥ {self.threshold} → {self.get_measure_display()}"


class SupervisionStatus(models.TextChoices):
    FLAGGED = "flagged", _("待约谈")  # an interview is due
    INTERVIEWED = "interviewed", _("已约谈")
    LISTED = "listed", _("挂牌督办中")
    LIFTED = "lifted", _("已摘牌")
    DISMISSED = "dismissed", _("不予督导")


OPEN_SUPERVISION = (SupervisionStatus.FLAGGED, SupervisionStatus.LISTED)


class Supervision(models.Model):
    """督导记录: a school flagged for an interview or listed for supervision, and what came of it.

    A hazard listed for supervision (the ledger's 挂牌督办 flag) is one of these, with the hazard named.
    """

    scope_paths = {
        "sub_district": "school__sub_district",
        "own_school": "school",
        "oversight": "school__sub_district",
    }

    school = models.ForeignKey(School, models.PROTECT, related_name="supervisions", verbose_name=_("学校"))
    measure = models.CharField(_("措施"), max_length=10, choices=Measure.choices)
    basis = models.CharField(_("依据"), max_length=24, choices=Basis.choices)
    rule = models.ForeignKey(SupervisionRule, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("督导规则"))
    hazard = models.ForeignKey("risks.Hazard", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("隐患"))
    # What the flag rests on: incident, inspection or hazard ids, kept as they were on the day.
    evidence = models.JSONField(_("依据明细"), default=dict, blank=True)
    reason = models.TextField(_("督导事由"), blank=True)
    # One open flag per school and cause (rule and hazard): a sweep run twice flags once.
    key = models.CharField(_("标识"), max_length=120)
    status = models.CharField(_("状态"), max_length=12, choices=SupervisionStatus.choices)
    flagged_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    held_on = models.DateField(_("约谈日期"), null=True, blank=True)
    participants = models.TextField(_("参加人员"), blank=True)
    findings = models.TextField(_("约谈发现"), blank=True)
    commitments = models.TextField(_("整改承诺"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closing_note = models.TextField(_("办结说明"), blank=True)

    class Meta:
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(status__in=("flagged", "listed")),
                                    name="supervision_open_once_per_key"),
            models.CheckConstraint(name="supervision_listed_has_deadline",
                                   condition=~Q(measure="listed") | Q(deadline__isnull=False)),
            models.CheckConstraint(name="supervision_interviewed_has_record",
                                   condition=~Q(status="interviewed") | Q(held_on__isnull=False)),
        ]

    def __str__(self):
        return f"{self.school} · {self.get_measure_display()}"

    @property
    def is_open(self):
        return self.status in OPEN_SUPERVISION

    def is_overdue(self, today=None):
        return self.is_open and self.deadline is not None and self.deadline < (today or timezone.localdate())


class SupervisionEventKind(models.TextChoices):
    FLAGGED = "flagged", _("提出督导")
    INTERVIEWED = "interviewed", _("约谈记录")
    LIFTED = "lifted", _("摘牌")
    DISMISSED = "dismissed", _("不予督导")
    DEADLINE = "deadline", _("调整期限")


class SupervisionEvent(models.Model):
    scope_paths = {key: f"supervision__{path}" for key, path in Supervision.scope_paths.items()}

    supervision = models.ForeignKey(Supervision, models.CASCADE, related_name="events", verbose_name=_("督导记录"))
    kind = models.CharField(_("事项"), max_length=12, choices=SupervisionEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("督导处理记录")
        verbose_name_plural = _("督导处理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.supervision} · {self.get_kind_display()}"
