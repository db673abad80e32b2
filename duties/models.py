from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Community, Department, DepartmentKind, School, SchoolKind, SubDistrict


class OwnerKind(models.TextChoices):
    OFFICE = "office", _("街道办（联席会议办公室）")
    DEPARTMENT = "department", _("部门")
    COMMUNITY = "community", _("社区")
    SCHOOL = "school", _("学校")


class Frequency(models.TextChoices):
    SCHOOL_DAYS = "school_days", _("每个上学日")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    TERMLY = "termly", _("每学期")
    BEFORE_TERM = "before_term", _("每学期开学前")
    SEMI_ANNUAL = "semi_annual", _("每半年")
    ANNUAL = "annual", _("每年")


class DutyScope(models.TextChoices):
    SUB_DISTRICT = "sub_district", _("全街道一项")
    PER_SCHOOL = "per_school", _("每所学校")
    PER_CANTEEN_SCHOOL = "per_canteen_school", _("每所有食堂的学校")
    PER_CONTRACTED_SCHOOL = "per_contracted_school", _("每所包校学校")
    PER_COMMUNITY = "per_community", _("每个社区")


class DutyDefinition(models.Model):
    """职责: one recurring obligation of the notice. Data the office edits in the admin, not code."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    title = models.CharField(_("职责"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    owner_kind = models.CharField(_("责任主体"), max_length=20, choices=OwnerKind.choices)
    department_kind = models.CharField(_("责任部门类别"), max_length=32, choices=DepartmentKind.choices, blank=True)
    frequency = models.CharField(_("频次"), max_length=20, choices=Frequency.choices)
    scope = models.CharField(_("范围"), max_length=30, choices=DutyScope.choices)
    school_kinds = models.JSONField(_("适用学校类型"), default=list, blank=True,
                                    help_text=_("留空表示所有类型，例如 [\"kindergarten\"]。"))
    lead_days = models.JSONField(_("提前提醒天数"), default=list, blank=True, help_text=_("例如 [7, 1]。"))
    remind_on_due = models.BooleanField(_("到期当天提醒"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(_("逾期提醒间隔（天）"), default=7,
                                                          help_text=_("0 表示逾期后不再提醒。"))
    overdue_max_reminders = models.PositiveSmallIntegerField(
        _("逾期提醒次数上限"), default=4, help_text=_("0 表示不设上限，直至办结。"))
    escalate_after_days = models.PositiveSmallIntegerField(
        _("逾期几天后上报街道办"), null=True, blank=True,
        help_text=_("留空使用系统设置；0 表示不上报。"))
    opens_days_before = models.PositiveSmallIntegerField(
        _("开学前提前生成天数"), default=30, help_text=_("仅用于“每学期开学前”的职责。"))
    evidence_required = models.BooleanField(_("须上传佐证"), default=True)
    evidence_hint = models.CharField(_("佐证要求"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("职责")
        verbose_name_plural = _("职责")
        ordering = ["owner_kind", "department_kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_kind="department") & ~Q(department_kind=""))
                | (~Q(owner_kind="department") & Q(department_kind="")),
                name="duty_department_kind_iff_department_owner",
                violation_error_message=_("责任主体为部门时须选择部门类别，否则留空。"),
            ),
            models.CheckConstraint(
                condition=~Q(scope="per_contracted_school") | Q(owner_kind="department"),
                name="duty_contracted_scope_needs_department",
                violation_error_message=_("“每所包校学校”的职责须由部门承担。"),
            ),
            models.CheckConstraint(
                condition=~Q(owner_kind="school") | Q(scope__in=["per_school", "per_canteen_school"]),
                name="duty_school_owner_is_per_school",
                violation_error_message=_("学校承担的职责须按学校生成。"),
            ),
            models.CheckConstraint(
                condition=~Q(owner_kind="community") | Q(scope="per_community"),
                name="duty_community_owner_is_per_community",
                violation_error_message=_("社区承担的职责须按社区生成。"),
            ),
        ]

    def __str__(self):
        return self.title

    def owner_label(self):
        if self.owner_kind == OwnerKind.DEPARTMENT:
            return DepartmentKind(self.department_kind).label
        return OwnerKind(self.owner_kind).label

    def applies_to_kind(self, school_kind):
        return not self.school_kinds or school_kind in self.school_kinds


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假（不上学）")
    MAKEUP_SCHOOL_DAY = "makeup", _("调休上学")


class Holiday(models.Model):
    """节假日: a weekday without school, or a weekend day with school (调休). Terms bound school days."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=HolidayKind.choices, default=HolidayKind.HOLIDAY)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待完成")  # materialised; overdue once due_on has passed
    DONE = "done", _("已完成")  # closed by its owner with a note and evidence; on time if closed by due_on


class DutyTask(models.Model):
    """职责任务: one duty for one period and one target. The partial unique constraints below make a
    second creation impossible, whatever the scheduler does."""

    # What a person reaches: the owner sees its tasks, the office everything of its sub-district.
    scope_paths = {"sub_district": "sub_district", "department": "owner_department",
                   "school": "owner_school", "community": "owner_community"}

    definition = models.ForeignKey(DutyDefinition, models.PROTECT, related_name="tasks", verbose_name=_("职责"))
    period_key = models.CharField(_("周期"), max_length=40)
    period_label = models.CharField(_("周期名称"), max_length=60)
    opens_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("截止日期"))
    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="duty_tasks", verbose_name=_("街道"))
    school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="duty_tasks",
                               verbose_name=_("学校"))
    community = models.ForeignKey(Community, models.PROTECT, null=True, blank=True, related_name="duty_tasks",
                                  verbose_name=_("社区"))
    owner_department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True,
                                         related_name="duty_tasks", verbose_name=_("责任部门"))
    owner_school = models.ForeignKey(School, models.PROTECT, null=True, blank=True,
                                     related_name="owned_duty_tasks", verbose_name=_("责任学校"))
    owner_community = models.ForeignKey(Community, models.PROTECT, null=True, blank=True,
                                        related_name="owned_duty_tasks", verbose_name=_("责任社区"))
    status = models.CharField(_("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("完成人"))
    note = models.TextField(_("完成情况"), blank=True)
    evidence_link = models.URLField(_("佐证链接"), max_length=500, blank=True)
    # The next day a reminder falls due (healthchecks' next_nag_date): the daily job reads only due rows.
    next_remind_on = models.DateField(_("下次提醒"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("职责任务")
        verbose_name_plural = _("职责任务")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="dutytask_status_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["definition", "period_key", "school"],
                                    condition=Q(school__isnull=False), name="dutytask_once_per_school"),
            models.UniqueConstraint(fields=["definition", "period_key", "community"],
                                    condition=Q(community__isnull=False), name="dutytask_once_per_community"),
            models.UniqueConstraint(fields=["definition", "period_key", "sub_district"],
                                    condition=Q(school__isnull=True, community__isnull=True),
                                    name="dutytask_once_per_sub_district"),
            models.CheckConstraint(condition=Q(school__isnull=True) | Q(community__isnull=True),
                                   name="dutytask_one_target"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("opens_on")), name="dutytask_due_after_open"),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_at__isnull=True))
                | (Q(status="done") & Q(closed_at__isnull=False)),
                name="dutytask_closed_iff_done"),
        ]

    def __str__(self):
        return f"{self.definition} · {self.target_label} · {self.period_label}"

    @property
    def target_label(self):
        return str(self.school or self.community or self.sub_district)

    @property
    def owner_label(self):
        if self.owner_department_id:
            return str(self.owner_department)
        if self.owner_school_id:
            return str(self.owner_school)
        if self.owner_community_id:
            return str(self.owner_community)
        return str(_("街道办"))

    def is_overdue(self, today):
        return self.status == TaskStatus.OPEN and self.due_on < today

    @property
    def closed_late(self):
        from django.utils import timezone

        return self.closed_at is not None and timezone.localdate(self.closed_at) > self.due_on


class DutyTaskEventKind(models.TextChoices):
    CLOSED = "closed", _("完成")
    EVIDENCE_ADDED = "evidence", _("上传佐证")


class DutyTaskEvent(models.Model):
    """Append-only history of a duty task; never updated."""

    task = models.ForeignKey(DutyTask, models.CASCADE, related_name="events", verbose_name=_("职责任务"))
    kind = models.CharField(_("事件"), max_length=20, choices=DutyTaskEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("职责任务记录")
        verbose_name_plural = _("职责任务记录")
        ordering = ["at", "pk"]


def evidence_path(instance, filename):
    return f"duties/{instance.task_id}/{filename}"


class DutyEvidence(models.Model):
    scope_paths = {k: f"task__{v}" for k, v in DutyTask.scope_paths.items()}

    task = models.ForeignKey(DutyTask, models.CASCADE, related_name="evidence", verbose_name=_("职责任务"))
    file = models.FileField(_("文件"), upload_to=evidence_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "pk"]


class ReminderKind:
    """Reminder kinds are strings so that each lead time and each overdue step has its own row."""

    DUE = "due"
    ESCALATION = "escalation"

    @staticmethod
    def before(days):
        return f"before:{days}"

    @staticmethod
    def overdue(days):
        return f"overdue:{days}"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("待发送")  # created by the daily job; a send task is queued after commit
    SENDING = "sending", _("发送中")  # claimed by a worker; taken over after the claim lease if it died
    SENT = "sent", _("已发送")  # in the inbox (and handed to e-mail / group robot)
    SKIPPED = "skipped", _("已跳过")  # the task was closed before the reminder went out


class Reminder(models.Model):
    """提醒: one reminder to one person about one task, unique per kind, claimed before it is sent."""

    task = models.ForeignKey(DutyTask, models.CASCADE, related_name="reminders", verbose_name=_("职责任务"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="duty_reminders",
                                  verbose_name=_("接收人"))
    kind = models.CharField(_("类型"), max_length=20)
    scheduled_on = models.DateField(_("计划日期"))
    status = models.CharField(_("状态"), max_length=10, choices=ReminderStatus.choices,
                              default=ReminderStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["scheduled_on", "pk"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="reminder_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["task", "recipient", "kind"], name="reminder_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.task} · {self.kind} → {self.recipient}"


class SchedulerRun(models.Model):
    """One row per day the daily job finished, written in the same transaction as that day's work."""

    run_date = models.DateField(_("业务日期"), unique=True)
    finished_at = models.DateTimeField(_("完成时间"))
    tasks_created = models.PositiveIntegerField(_("生成任务数"), default=0)
    reminders_created = models.PositiveIntegerField(_("生成提醒数"), default=0)
    trigger = models.CharField(_("触发方式"), max_length=20, default="beat")

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")
        ordering = ["-run_date"]

    def __str__(self):
        return f"{self.run_date}"
