from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations.models import Department, School

# The provincial listed-supervision rules ask acceptance within 10 days of submission (design choice).
ACCEPTANCE_DAYS = 10


class Category(models.TextChoices):
    FIRE = "fire", _("消防")
    TRAFFIC = "traffic", _("交通")
    FOOD = "food", _("食品")
    PUBLIC_ORDER = "public_order", _("治安")
    BULLYING = "bullying", _("校园欺凌")
    NATURAL_DISASTER = "natural_disaster", _("自然灾害")
    FACILITIES = "facilities", _("设施设备")
    HEALTH = "health", _("卫生防疫")
    DROWNING = "drowning", _("溺水")
    CHEMICALS = "chemicals", _("危化品")
    SURROUNDINGS = "surroundings", _("周边环境")
    PSYCHOLOGICAL = "psychological", _("心理健康")
    SCHOOL_BUS = "school_bus", _("校车")
    OTHER = "other", _("其他")


# ---------------------------------------------------------------------------------------------
# Grading: the scheme and its levels are data (seeded by a migration), because local guides differ.


class GradingMethod(models.TextChoices):
    LEC = "lec", _("LEC 作业条件危险性评价法（D = L × E × C）")
    LS = "ls", _("LS 风险矩阵法（R = L × S）")


class GradingScheme(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    method = models.CharField(_("评价方法"), max_length=8, choices=GradingMethod.choices)
    is_default = models.BooleanField(_("默认方案"), default=False)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("风险分级方案")
        verbose_name_plural = _("风险分级方案")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_scheme"),
        ]

    def __str__(self):
        return self.name


class LevelColour(models.TextChoices):
    RED = "red", _("红色")
    ORANGE = "orange", _("橙色")
    YELLOW = "yellow", _("黄色")
    BLUE = "blue", _("蓝色")
    GREY = "grey", _("灰色")


class RiskLevel(models.Model):
    """One band of a scheme: a score belongs to the highest band whose lower bound it passes."""

    scheme = models.ForeignKey(GradingScheme, models.CASCADE, related_name="levels", verbose_name=_("分级方案"))
    name = models.CharField(_("名称"), max_length=30)
    colour = models.CharField(_("颜色"), max_length=8, choices=LevelColour.choices)
    rank = models.PositiveSmallIntegerField(_("等级序号"), help_text=_("1 为最高等级"))
    lower_bound = models.DecimalField(_("分值下限"), max_digits=8, decimal_places=2)
    lower_inclusive = models.BooleanField(_("含下限"), default=True)
    review_interval_days = models.PositiveIntegerField(_("复评周期（天）"))

    class Meta:
        verbose_name = _("风险等级")
        verbose_name_plural = _("风险等级")
        ordering = ["scheme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "rank"], name="risklevel_unique_rank"),
            models.CheckConstraint(condition=Q(review_interval_days__gt=0), name="risklevel_review_positive"),
        ]

    def __str__(self):
        return self.name

    def admits(self, score):
        return score >= self.lower_bound if self.lower_inclusive else score > self.lower_bound


# ---------------------------------------------------------------------------------------------
# The risk register


class RiskStatus(models.TextChoices):
    ACTIVE = "active", _("在册")  # on the school's risk list, reviewed by level
    RETIRED = "retired", _("已销号")  # removed from the list (the cause is gone); kept for history


class Risk(models.Model):
    scope_paths = {"sub_district": "school__sub_district", "school": "school", "department": "responsible_department"}

    school = models.ForeignKey(School, models.PROTECT, related_name="risks", verbose_name=_("学校"))
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices)
    name = models.CharField(_("风险名称"), max_length=120)
    location = models.CharField(_("风险部位"), max_length=120)
    description = models.TextField(_("风险描述"))
    control_measures = models.TextField(_("管控措施"))
    responsible_department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="risks", verbose_name=_("责任部门")
    )
    responsible_person = models.CharField(_("责任人"), max_length=50)
    scheme = models.ForeignKey(GradingScheme, models.PROTECT, related_name="risks", verbose_name=_("分级方案"))
    # Denormalised from the latest assessment by the services, so lists filter and sort cheaply.
    level = models.ForeignKey(RiskLevel, models.PROTECT, related_name="risks", verbose_name=_("风险等级"))
    score = models.DecimalField(_("风险值"), max_digits=8, decimal_places=2)
    next_review_on = models.DateField(_("下次复评日期"))
    status = models.CharField(_("状态"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.ACTIVE)
    retired_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    retired_reason = models.TextField(_("销号原因"), blank=True)
    retired_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("销号人"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("安全风险")
        verbose_name_plural = _("安全风险")
        ordering = ["school", "level__rank", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", retired_at__isnull=True) | Q(status="retired", retired_at__isnull=False),
                name="risk_retired_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_review_on"])]

    def __str__(self):
        return f"{self.school} · {self.name}"

    def review_due(self, today=None):
        return self.status == RiskStatus.ACTIVE and self.next_review_on <= (today or timezone.localdate())


class RiskAssessment(models.Model):
    """One (re-)assessment; kept forever so the level has a history (动态监测)."""

    scope_paths = {"sub_district": "risk__school__sub_district", "school": "risk__school",
                   "department": "risk__responsible_department"}

    risk = models.ForeignKey(Risk, models.CASCADE, related_name="assessments", verbose_name=_("风险"))
    scheme = models.ForeignKey(GradingScheme, models.PROTECT, related_name="+", verbose_name=_("分级方案"))
    likelihood = models.DecimalField(_("可能性 L"), max_digits=5, decimal_places=2)
    exposure = models.DecimalField(_("暴露频率 E"), max_digits=5, decimal_places=2, null=True, blank=True)
    severity = models.DecimalField(_("后果 C / 严重程度 S"), max_digits=6, decimal_places=2)
    score = models.DecimalField(_("风险值"), max_digits=8, decimal_places=2)
    level = models.ForeignKey(RiskLevel, models.PROTECT, related_name="+", verbose_name=_("风险等级"))
    note = models.TextField(_("说明"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("评估人"))
    assessed_at = models.DateTimeField(_("评估时间"), default=timezone.now)

    class Meta:
        verbose_name = _("风险评估记录")
        verbose_name_plural = _("风险评估记录")
        ordering = ["-assessed_at", "-pk"]

    def __str__(self):
        return f"{self.risk} · {self.level} · {self.assessed_at:%Y-%m-%d}"


# ---------------------------------------------------------------------------------------------
# Hazards and the rectification ledger


class HazardStatus(models.TextChoices):
    REPORTED = "reported", _("已上报")  # found and logged, not yet judged by the office
    GRADED = "graded", _("已定级")  # the office judged it general or major
    ASSIGNED = "assigned", _("已交办")  # handed to a department or the school with the five implementations
    RECTIFYING = "rectifying", _("整改中")  # the assignee is working on it (also after a rejection)
    SUBMITTED = "submitted", _("待验收")  # rectification submitted with evidence, awaiting acceptance
    CLOSED = "closed", _("已销号")  # accepted by someone other than the rectifier


OPEN_STATUSES = (HazardStatus.ASSIGNED, HazardStatus.RECTIFYING)  # the deadline runs in these
IMPLEMENTED_STATUSES = ("assigned", "rectifying", "submitted", "closed")


class HazardGrade(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class HazardSource(models.TextChoices):
    SELF_CHECK = "self_check", _("日常自查")
    SWEEP = "sweep", _("拉网式排查")
    PATROL = "patrol", _("巡查")
    COMMUNITY = "community", _("社区排查")
    REPORT = "report", _("举报/其他")
    IMPORT = "import", _("台账导入")
    INSPECTION = "inspection", _("检查")
    INCIDENT = "incident", _("安全事故")
    PUBLIC = "public", _("公众举报")
    SAFETY_ZONE = "safety_zone", _("学生安全区域")
    DRILL = "drill", _("应急演练")


class AssigneeKind(models.TextChoices):
    DEPARTMENT = "department", _("部门")
    SCHOOL = "school", _("学校自行整改")


class Hazard(models.Model):
    scope_paths = {
        "sub_district": "school__sub_district",
        "own_school": "school",
        "oversight": "school__sub_district",
        "department": "assigned_department",
        "community": "school__community",
    }

    school = models.ForeignKey(School, models.PROTECT, related_name="hazards", verbose_name=_("学校"))
    risk = models.ForeignKey(Risk, models.SET_NULL, null=True, blank=True, related_name="hazards",
                             verbose_name=_("关联风险"))
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices)
    location = models.CharField(_("隐患部位"), max_length=120)
    description = models.TextField(_("隐患描述"))
    source = models.CharField(_("来源"), max_length=12, choices=HazardSource.choices, default=HazardSource.SELF_CHECK)
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    # Empty when the hazard came from a source that is not a person (a public report); the source then
    # stands as the reporter.
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("上报人"))
    # What produced it (``inspection:12:item:40``, ``public:7``): a second report with the same key
    # returns this hazard instead of making another.
    source_key = models.CharField(_("来源标识"), max_length=100, null=True, blank=True, unique=True)
    reported_at = models.DateTimeField(_("上报时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=12, choices=HazardStatus.choices, default=HazardStatus.REPORTED)
    grade = models.CharField(_("隐患等级"), max_length=8, choices=HazardGrade.choices, blank=True)

    # 交办 and the five implementations (五落实): funds, people, measures, deadline, contingency plan.
    assignee_kind = models.CharField(_("整改主体"), max_length=12, choices=AssigneeKind.choices, blank=True)
    assigned_department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True,
                                            related_name="hazards", verbose_name=_("责任单位"))
    funds_amount = models.DecimalField(_("整改资金（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    funds_source = models.CharField(_("资金来源"), max_length=120, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    deadline = models.DateField(_("整改时限"), null=True, blank=True)
    contingency_plan = models.TextField(_("应急预案"), blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)

    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("整改人"))
    submitted_at = models.DateTimeField(_("提交验收时间"), null=True, blank=True)
    rectification_note = models.TextField(_("整改情况"), blank=True)
    rejection_count = models.PositiveIntegerField(_("退回次数"), default=0)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("验收人"))
    # The acceptor as a ledger imported from Excel names them (台账导入): a person who may have no account.
    accepted_by_name = models.CharField(_("验收人（台账记载）"), max_length=50, blank=True)
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    # Set once by the escalation job when the hazard, major and overdue, is listed for supervision.
    supervised_at = models.DateTimeField(_("列入挂牌督办时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"]), models.Index(fields=["school", "status"])]
        constraints = [
            models.CheckConstraint(
                name="hazard_reported_by_person_or_source",
                condition=Q(reported_by__isnull=False) | Q(source_key__isnull=False),
            ),
            models.CheckConstraint(
                name="hazard_graded_has_grade", condition=Q(status="reported") | ~Q(grade=""),
            ),
            models.CheckConstraint(
                name="hazard_assigned_has_five_implementations",
                # History imported from an office's ledger holds what that ledger holds: a closed or submitted
                # row may lack some of the five implementations, an imported row in progress needs at least
                # its deadline and its responsible unit (services.hazard_import). A live assignment always
                # needs all five (the transition table's required inputs).
                condition=~Q(status__in=IMPLEMENTED_STATUSES)
                | Q(source="import", status__in=("submitted", "closed"))
                | (Q(source="import", deadline__isnull=False) & ~Q(assignee_kind=""))
                | (
                    Q(funds_amount__isnull=False, funds_amount__gte=0, deadline__isnull=False)
                    & ~Q(funds_source="") & ~Q(responsible_person="") & ~Q(measures="") & ~Q(contingency_plan="")
                    & ~Q(assignee_kind="")
                ),
            ),
            models.CheckConstraint(
                name="hazard_assignee_matches_kind",
                condition=Q(assignee_kind="department", assigned_department__isnull=False)
                | (~Q(assignee_kind="department") & Q(assigned_department__isnull=True)),
            ),
            models.CheckConstraint(
                name="hazard_closed_is_accepted",
                # Accepted by a person of the system, or (imported history) by the acceptor the ledger names.
                condition=~Q(status="closed") | (Q(accepted_at__isnull=False)
                                                 & (Q(accepted_by__isnull=False) | ~Q(accepted_by_name=""))),
            ),
            models.CheckConstraint(
                name="hazard_acceptor_is_not_rectifier",
                condition=Q(accepted_by__isnull=True) | Q(rectified_by__isnull=True)
                | ~Q(accepted_by=F("rectified_by")),
            ),
        ]

    def __str__(self):
        return f"{self.school} · {self.location}"

    @property
    def number(self) -> str:
        return f"YH{self.pk:06d}"

    def is_overdue(self, today=None):
        return bool(self.status in OPEN_STATUSES and self.deadline
                    and self.deadline < (today or timezone.localdate()))

    def is_supervised(self, today=None):
        """挂牌督办: listed by the supervision sweep (an overdue major hazard) and still open."""
        return self.status in OPEN_STATUSES and self.supervised_at is not None

    @property
    def acceptance_due_on(self) -> date | None:
        if self.status != HazardStatus.SUBMITTED or not self.submitted_at:
            return None
        return timezone.localdate(self.submitted_at) + timedelta(days=ACCEPTANCE_DAYS)

    def is_acceptance_overdue(self, today=None):
        """Submitted more than ACCEPTANCE_DAYS ago and still not checked: the office is late, not the assignee."""
        due = self.acceptance_due_on
        return bool(due and due < (today or timezone.localdate()))

    @property
    def reporter_display(self):
        return str(self.reported_by) if self.reported_by_id else self.get_source_display()

    @property
    def acceptor_display(self):
        return str(self.accepted_by) if self.accepted_by_id else self.accepted_by_name

    @property
    def assignee_display(self):
        if self.assignee_kind == AssigneeKind.SCHOOL:
            return str(self.school)
        return str(self.assigned_department) if self.assigned_department_id else ""


class HazardEventKind(models.TextChoices):
    REPORTED = "reported", _("上报")
    GRADED = "graded", _("定级")
    ASSIGNED = "assigned", _("交办")
    STARTED = "started", _("开始整改")
    SUBMITTED = "submitted", _("提交验收")
    REJECTED = "rejected", _("验收不通过，退回整改")
    ACCEPTED = "accepted", _("验收通过，销号")
    SUPERVISED = "supervised", _("逾期，列入挂牌督办")
    IMPORTED = "imported", _("台账导入")


class HazardEvent(models.Model):
    """One step of a hazard's life, appended by the services and never changed (the ledger's timeline)."""

    scope_paths = {key: f"hazard__{path}" for key, path in Hazard.scope_paths.items()}

    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="events", verbose_name=_("隐患"))
    kind = models.CharField(_("事项"), max_length=12, choices=HazardEventKind.choices)
    # Empty only for the system's own steps (the escalation job).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=12, choices=HazardStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=HazardStatus.choices)
    comment = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("隐患处理记录")
        verbose_name_plural = _("隐患处理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.hazard} · {self.get_kind_display()}"

    def summary(self):
        """The system's sentence about this step, in the reader's language (events store facts only)."""
        data = self.data or {}
        if self.kind == HazardEventKind.SUPERVISED:
            return gettext("重大隐患逾期未整改（时限 %(deadline)s），列入挂牌督办。") % {"deadline": data.get("deadline", "")}
        if self.kind == HazardEventKind.ASSIGNED:
            return gettext("交办给 %(who)s，时限 %(deadline)s") % {"who": data.get("assignee", ""),
                                                            "deadline": data.get("deadline", "")}
        if self.kind == HazardEventKind.IMPORTED:
            return gettext("从台账《%(file)s》第 %(row)s 行导入") % {"file": data.get("file", ""), "row": data.get("row", "")}
        if self.kind == HazardEventKind.GRADED and data.get("grade") in HazardGrade.values:
            grade = str(HazardGrade(data["grade"]).label)
            if data.get("basis"):
                return gettext("%(grade)s（按检查表判定：%(basis)s）") % {"grade": grade, "basis": data["basis"]}
            return grade
        return ""

    @property
    def shows_comment(self):
        # Supervision comments written before events stored facts only were generated, not typed.
        return bool(self.comment) and self.kind != HazardEventKind.SUPERVISED


class AttachmentKind(models.TextChoices):
    BEFORE = "before", _("整改前")
    AFTER = "after", _("整改后")


class HazardAttachment(models.Model):
    """A photo or PDF; stored under a random name and served only through a scoped view."""

    scope_paths = {key: f"hazard__{path}" for key, path in Hazard.scope_paths.items()}

    hazard = models.ForeignKey(Hazard, models.CASCADE, related_name="attachments", verbose_name=_("隐患"))
    event = models.ForeignKey(HazardEvent, models.CASCADE, related_name="attachments", verbose_name=_("处理记录"))
    kind = models.CharField(_("类型"), max_length=8, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="hazards/%Y/%m/", max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("隐患附件")
        verbose_name_plural = _("隐患附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def is_displayable_image(self):
        return self.content_type in ("image/jpeg", "image/png", "image/webp")


# ---------------------------------------------------------------------------------------------
# How offices write their ledgers: the import reads these spellings besides the export's own headers and
# labels (which it knows in every language of the site from the code, so an export always re-imports).


class SynonymKind(models.TextChoices):
    COLUMN = "column", _("列名")
    CATEGORY = "category", _("类别")
    GRADE = "grade", _("隐患等级")
    STATUS = "status", _("整改状态")


# What each kind of synonym may stand for (validated in clean(), listed in the admin's help).
LEDGER_COLUMNS = {
    "number": _("编号"), "school": _("学校"), "found_at": _("发现时间"), "location": _("隐患部位"),
    "description": _("隐患描述"), "category": _("类别"), "grade": _("隐患等级"), "reporter": _("上报人"),
    "reported_at": _("上报时间"), "unit": _("责任单位"), "person": _("责任人"), "measures": _("整改措施"),
    "funds": _("整改资金（元）"), "funds_source": _("资金来源"), "deadline": _("整改时限"),
    "contingency_plan": _("应急预案"), "status": _("状态"), "outcome": _("整改结果"),
    "submitted_at": _("提交验收时间"), "accepted_by": _("验收人"), "accepted_at": _("验收时间"),
    "rejections": _("退回次数"), "overdue": _("逾期/督办"), "timeline": _("处理记录"),
}
# A ledger's status column says where the hazard stands: closed (销号), submitted, or in progress.
LEDGER_STATUSES = {"closed": HazardStatus.CLOSED, "submitted": HazardStatus.SUBMITTED,
                   "rectifying": HazardStatus.RECTIFYING, "assigned": HazardStatus.ASSIGNED,
                   "graded": HazardStatus.GRADED, "reported": HazardStatus.REPORTED}


def synonym_targets(kind):
    return {
        SynonymKind.COLUMN: list(LEDGER_COLUMNS),
        SynonymKind.CATEGORY: list(Category.values),
        SynonymKind.GRADE: list(HazardGrade.values),
        SynonymKind.STATUS: list(LEDGER_STATUSES),
    }.get(kind, [])


class LedgerSynonym(models.Model):
    """一个写法: how an office writes a column name, a category, a grade or a status in its own ledger."""

    kind = models.CharField(_("种类"), max_length=10, choices=SynonymKind.choices)
    target = models.CharField(_("对应"), max_length=24, help_text=_(
        "列名：school、found_at、location、description、category、grade、unit、person、measures、funds、"
        "funds_source、deadline、contingency_plan、status、outcome、submitted_at、accepted_by、accepted_at 等；"
        "类别：fire、traffic 等；等级：general、major；状态：closed、submitted、rectifying、assigned。"))
    text = models.CharField(_("写法"), max_length=40)

    class Meta:
        verbose_name = _("台账同义词")
        verbose_name_plural = _("台账同义词")
        ordering = ["kind", "target", "text"]
        constraints = [models.UniqueConstraint(fields=["kind", "text"], name="ledgersynonym_unique_text")]

    def __str__(self):
        return f"{self.text} → {self.target}"

    def clean(self):
        from django.core.exceptions import ValidationError

        self.text = (self.text or "").strip()
        if self.kind and self.target not in synonym_targets(self.kind):
            raise ValidationError({"target": gettext("应为以下之一：%(targets)s") % {
                "targets": ", ".join(synonym_targets(self.kind))}})
