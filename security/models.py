"""The student safety zone, patrols and guard posts, cameras, drills and trainings, security staffing.

Coordinates are GCJ-02 (see geo.py). What a record finds (a prohibited premises in the zone, a patrol's
finding, a drill's problem, a staffing shortfall) becomes a hazard through risks.services.hazard_report,
keyed by the record, so it is filed once however often the record is saved.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Department, School, SubDistrict
from risks.selectors import HAZARD_CATEGORIES

SCHOOL_SCOPE = {
    "sub_district": "school__sub_district",
    "school": "school",
    "community": "school__community",
}


def _latitude():
    return models.DecimalField(_("纬度（GCJ-02）"), max_digits=9, decimal_places=6,
                               validators=[MinValueValidator(-90), MaxValueValidator(90)])


def _longitude():
    return models.DecimalField(_("经度（GCJ-02）"), max_digits=9, decimal_places=6,
                               validators=[MinValueValidator(-180), MaxValueValidator(180)])


# ---------------------------------------------------------------------------------------------
# The student safety zone (学生安全区域)


class PremisesType(models.Model):
    """场所类型: data, because the radius differs by type and by province (200 m for internet cafés by the
    national regulation; some provinces add 50 m for tobacco, alcohol and lottery outlets)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    prohibited = models.BooleanField(_("区域内禁止"), default=False)
    radius_m = models.PositiveIntegerField(_("禁止半径（米）"), default=200)
    supervised = models.BooleanField(_("区域内重点监管"), default=False,
                                     help_text=_("不禁止但须监管，如小旅馆、书报亭、音像店。"))
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("场所类型")
        verbose_name_plural = _("场所类型")
        ordering = ["-prohibited", "-radius_m", "name"]
        constraints = [models.CheckConstraint(condition=Q(radius_m__gt=0, radius_m__lte=2000),
                                              name="premises_type_radius_range")]

    def __str__(self):
        return self.name


class SchoolGate(models.Model):
    """校门: a school may have several gates; the zone is measured from every one of them."""

    scope_paths = {**SCHOOL_SCOPE, "reference": "school__sub_district"}

    school = models.ForeignKey(School, models.CASCADE, related_name="gates", verbose_name=_("学校"))
    name = models.CharField(_("名称"), max_length=40, default=_("正门"))
    latitude = _latitude()
    longitude = _longitude()

    class Meta:
        verbose_name = _("校门")
        verbose_name_plural = _("校门")
        ordering = ["school", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="gate_unique_name")]

    def __str__(self):
        return f"{self.school} · {self.name}"


class PremisesStatus(models.TextChoices):
    OPERATING = "operating", _("营业中")
    CLOSED = "closed", _("已关停")  # closed down or moved away: no longer measured
    RELOCATED = "relocated", _("已搬迁")


class Premises(models.Model):
    """场所: a business near schools, kept by the comprehensive-governance office and law enforcement."""

    scope_paths = {"sub_district": "sub_district", "reference": "sub_district"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="premises", verbose_name=_("街道"))
    name = models.CharField(_("名称"), max_length=120)
    type = models.ForeignKey(PremisesType, models.PROTECT, related_name="premises", verbose_name=_("类型"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = _latitude()
    longitude = _longitude()
    licence_no = models.CharField(_("许可证号"), max_length=60, blank=True)
    operator = models.CharField(_("经营者"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PremisesStatus.choices,
                              default=PremisesStatus.OPERATING)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("更新人"))
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("周边场所")
        verbose_name_plural = _("周边场所")
        ordering = ["sub_district", "name"]
        constraints = [models.UniqueConstraint(fields=["sub_district", "name", "address"],
                                               name="premises_unique_name_address")]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------
# Patrols, guard posts, cameras


class PatrolKind(models.TextChoices):
    ZONE = "zone", _("安全区域巡逻")
    PEAK = "peak", _("上下学高峰勤务")


class PatrolLog(models.Model):
    """巡逻记录: who patrolled which school's zone when, the route, and what they found."""

    scope_paths = {**SCHOOL_SCOPE, "department": "department"}

    school = models.ForeignKey(School, models.PROTECT, related_name="patrols", verbose_name=_("学校"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="patrols", verbose_name=_("部门"))
    kind = models.CharField(_("类别"), max_length=8, choices=PatrolKind.choices, default=PatrolKind.ZONE)
    patrolled_on = models.DateField(_("日期"))
    started_at = models.TimeField(_("开始时间"))
    ended_at = models.TimeField(_("结束时间"))
    route = models.CharField(_("路线"), max_length=300)
    note = models.CharField(_("情况"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("巡逻记录")
        verbose_name_plural = _("巡逻记录")
        ordering = ["-patrolled_on", "-started_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ended_at__gt=models.F("started_at")),
                                              name="patrol_ends_after_start")]

    def __str__(self):
        return f"{self.school} · {self.patrolled_on}"


class Finding(models.Model):
    """What a record found, to become a hazard through the keyed intake (the subclass names the record)."""

    number = models.PositiveSmallIntegerField(_("序号"))
    category = models.CharField(_("类别"), max_length=24, choices=HAZARD_CATEGORIES)
    location = models.CharField(_("部位"), max_length=120)
    description = models.CharField(_("问题"), max_length=500)
    hazard = models.ForeignKey("risks.Hazard", models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("隐患"))

    class Meta:
        abstract = True

    def __str__(self):
        return self.description


class PatrolFinding(Finding):
    """A problem a patrol found; it becomes a hazard (keyed ``patrol:<log>:finding:<n>``)."""

    scope_paths = {key: f"log__{path}" for key, path in PatrolLog.scope_paths.items()}

    log = models.ForeignKey(PatrolLog, models.CASCADE, related_name="findings", verbose_name=_("巡逻记录"))

    class Meta:
        verbose_name = _("巡逻发现")
        verbose_name_plural = _("巡逻发现")
        ordering = ["log", "number"]
        constraints = [models.UniqueConstraint(fields=["log", "number"], name="patrol_finding_unique_number")]


class GuardSlot(models.TextChoices):
    MORNING = "morning", _("早高峰")
    NOON = "noon", _("午间")
    AFTERNOON = "afternoon", _("晚高峰")


class GuardDuty(models.Model):
    """护学岗 and peak-hour duty: who stands where at a school on a school day."""

    scope_paths = {**SCHOOL_SCOPE, "department": "department"}

    school = models.ForeignKey(School, models.PROTECT, related_name="guard_duties", verbose_name=_("学校"))
    on = models.DateField(_("日期"))
    slot = models.CharField(_("时段"), max_length=10, choices=GuardSlot.choices)
    post = models.CharField(_("岗位"), max_length=60, help_text=_("例如：正门、东侧路口"))
    staff = models.CharField(_("上岗人员"), max_length=200)
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("部门"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))

    class Meta:
        verbose_name = _("护学岗排班")
        verbose_name_plural = _("护学岗排班")
        ordering = ["-on", "school", "slot"]
        constraints = [models.UniqueConstraint(fields=["school", "on", "slot", "post"], name="guard_duty_once")]

    def __str__(self):
        return f"{self.school} · {self.on} · {self.get_slot_display()}"


class Camera(models.Model):
    """视频监控点: where it looks and whether it is networked with the district police command centre."""

    scope_paths = SCHOOL_SCOPE

    school = models.ForeignKey(School, models.PROTECT, related_name="cameras", verbose_name=_("学校"))
    location = models.CharField(_("位置"), max_length=100)
    networked = models.BooleanField(_("已与区公安指挥中心联网"), default=False)
    working = models.BooleanField(_("运行正常"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("视频监控")
        verbose_name_plural = _("视频监控")
        ordering = ["school", "location"]

    def __str__(self):
        return f"{self.school} · {self.location}"


# ---------------------------------------------------------------------------------------------
# Drills and trainings


class DrillKind(models.TextChoices):
    EARTHQUAKE = "earthquake", _("地震疏散演练")
    FIRE = "fire", _("消防疏散演练")
    LANDSLIDE = "landslide", _("滑坡疏散演练")
    GEOLOGICAL = "geological", _("地质灾害疏散演练")
    ANTI_TERROR = "anti_terror", _("反恐防暴演练")
    OTHER = "other", _("其他应急演练")


class Drill(models.Model):
    """应急演练: a school's drill with its figures; problems found become hazards."""

    scope_paths = {**SCHOOL_SCOPE, "department": "guided_by"}

    school = models.ForeignKey(School, models.PROTECT, related_name="drills", verbose_name=_("学校"))
    kind = models.CharField(_("类别"), max_length=12, choices=DrillKind.choices)
    held_on = models.DateField(_("日期"))
    participants = models.PositiveIntegerField(_("参加人数"))
    duration_min = models.PositiveSmallIntegerField(_("用时（分钟）"))
    evacuation_seconds = models.PositiveIntegerField(_("疏散用时（秒）"), null=True, blank=True)
    guided_by = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("指导部门"))
    note = models.CharField(_("情况"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.school} · {self.get_kind_display()} · {self.held_on}"


class DrillProblem(Finding):
    """A problem a drill showed; it becomes a hazard (keyed ``drill:<id>:problem:<n>``)."""

    scope_paths = {key: f"drill__{path}" for key, path in Drill.scope_paths.items()}

    drill = models.ForeignKey(Drill, models.CASCADE, related_name="problems", verbose_name=_("应急演练"))

    class Meta:
        verbose_name = _("演练发现的问题")
        verbose_name_plural = _("演练发现的问题")
        ordering = ["drill", "number"]
        constraints = [models.UniqueConstraint(fields=["drill", "number"], name="drill_problem_unique_number")]


class TrainingKind(models.TextChoices):
    ANTI_TERROR = "anti_terror", _("反恐防暴培训")
    FIRE_CLASS = "fire_class", _("消防安全课")
    HEALTH_STAFF = "health_staff", _("卫生保健人员培训")
    CANTEEN_STAFF = "canteen_staff", _("食堂从业人员培训")
    PRINCIPALS = "principals", _("校长、教师安全培训")
    OTHER = "other", _("其他安全培训")


class Training(models.Model):
    """安全培训: at one school, or for the schools of the sub-district together (school empty)."""

    scope_paths = {"sub_district": "sub_district", "school": "school", "community": "school__community",
                   "department": "department", "reference": "sub_district"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="trainings", verbose_name=_("街道"))
    school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="trainings",
                               verbose_name=_("学校"))
    kind = models.CharField(_("类别"), max_length=14, choices=TrainingKind.choices)
    held_on = models.DateField(_("日期"))
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("组织部门"))
    trainer = models.CharField(_("授课人"), max_length=60, blank=True)
    participants = models.PositiveIntegerField(_("参加人数"))
    note = models.CharField(_("内容"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("安全培训")
        verbose_name_plural = _("安全培训")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.held_on}"


class Evidence(models.Model):
    """A photo or PDF of a drill or a training, served only through a scoped view."""

    scope_paths = {"sub_district": "sub_district", "school": "school", "department": "department"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="+", verbose_name=_("街道"))
    school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("学校"))
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("部门"))
    drill = models.ForeignKey(Drill, models.CASCADE, null=True, blank=True, related_name="evidence",
                              verbose_name=_("应急演练"))
    training = models.ForeignKey(Training, models.CASCADE, null=True, blank=True, related_name="evidence",
                                 verbose_name=_("安全培训"))
    file = models.FileField(_("文件"), upload_to="security/%Y/%m/", max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(drill__isnull=False, training__isnull=True) | Q(drill__isnull=True, training__isnull=False),
            name="evidence_of_drill_or_training")]

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def is_displayable_image(self):
        return self.content_type in ("image/jpeg", "image/png", "image/webp")


# ---------------------------------------------------------------------------------------------
# Staffing


class Staffing(models.Model):
    """安保力量: what a school has; checked against GB/T 29315-2022 (staffing.py)."""

    scope_paths = SCHOOL_SCOPE

    school = models.OneToOneField(School, models.CASCADE, related_name="staffing", verbose_name=_("学校"))
    guards = models.PositiveSmallIntegerField(_("专职保安"), default=0)
    dorm_managers = models.PositiveSmallIntegerField(_("宿舍管理员"), default=0)
    volunteers = models.PositiveSmallIntegerField(_("护校志愿者"), default=0)
    gate_staffed_24h = models.BooleanField(_("校门 24 小时值守"), default=False)
    patrols_per_day = models.PositiveSmallIntegerField(_("每日巡逻次数"), default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("更新人"))
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("安保力量")
        verbose_name_plural = _("安保力量")

    def __str__(self):
        return str(self.school)
