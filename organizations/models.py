from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """区县: a deployment may hold every sub-district of one or more districts."""

    name = models.CharField(_("名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("区县")
        verbose_name_plural = _("区县")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SubDistrict(models.Model):
    """街道: the unit that runs the campus safety system for the schools in its area."""

    district = models.ForeignKey(District, models.PROTECT, related_name="sub_districts", verbose_name=_("区县"))
    name = models.CharField(_("名称"), max_length=100)
    office_name = models.CharField(_("办公室名称"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = _("街道")
        ordering = ["district__name", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="subdistrict_unique_name")]

    def __str__(self):
        return self.name


class DepartmentKind(models.TextChoices):
    EDUCATION_CENTER = "education_center", _("教管中心")
    GOVERNANCE = "governance", _("综治办")
    POLICE = "police", _("派出所")
    TRAFFIC = "traffic", _("交巡警勤务大队")
    HEALTH = "health", _("社区卫生服务中心")
    FOOD_DRUG = "food_drug", _("食药监所")
    LAW_ENFORCEMENT = "law_enforcement", _("综合执法支队")
    SAFETY = "safety", _("安监办")
    JUDICIAL = "judicial", _("司法所")


class Department(models.Model):
    scope_paths = {"sub_district": "sub_district", "department": "pk", "reference": "sub_district"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="departments", verbose_name=_("街道"))
    kind = models.CharField(_("类别"), max_length=32, choices=DepartmentKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    webhook_url = models.URLField(_("群机器人地址"), blank=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sub_district", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["sub_district", "kind"], name="department_one_per_kind"),
        ]

    def __str__(self):
        return self.name

    @property
    def oversees_all_schools(self):
        # The education management center watches every school of its sub-district (the notice).
        return self.kind == DepartmentKind.EDUCATION_CENTER


class Community(models.Model):
    """社区: a residential community (社区居委会)."""

    scope_paths = {"sub_district": "sub_district", "community": "pk", "reference": "sub_district"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="communities", verbose_name=_("街道"))
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        ordering = ["sub_district", "name"]
        constraints = [models.UniqueConstraint(fields=["sub_district", "name"], name="community_unique_name")]

    def __str__(self):
        return self.name


class SchoolKind(models.TextChoices):
    PRIMARY = "primary", _("小学")
    SECONDARY = "secondary", _("中学")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    TRAINING = "training", _("教育培训机构")


class School(models.Model):
    scope_paths = {"sub_district": "sub_district", "school": "pk", "community": "community"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="schools", verbose_name=_("街道"))
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="schools", verbose_name=_("所属社区"), null=True, blank=True
    )
    name = models.CharField(_("名称"), max_length=150)
    kind = models.CharField(_("类型"), max_length=20, choices=SchoolKind.choices)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    is_boarding = models.BooleanField(_("寄宿制"), default=False)
    boarder_count = models.PositiveIntegerField(_("寄宿生人数"), default=0)
    has_canteen = models.BooleanField(_("有食堂"), default=False)
    student_count = models.PositiveIntegerField(_("学生人数"), default=0)
    staff_count = models.PositiveIntegerField(_("教职工人数"), default=0)
    gate_latitude = models.DecimalField(
        _("校门纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    gate_longitude = models.DecimalField(
        _("校门经度"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        ordering = ["sub_district", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["sub_district", "name"], name="school_unique_name"),
            models.CheckConstraint(
                condition=Q(is_boarding=True) | Q(boarder_count=0), name="school_boarders_only_if_boarding",
                violation_error_message=_("非寄宿制学校的寄宿生人数应为 0。"),
            ),
            models.CheckConstraint(
                condition=(Q(gate_latitude__isnull=True) & Q(gate_longitude__isnull=True))
                | (Q(gate_latitude__isnull=False) & Q(gate_longitude__isnull=False)),
                name="school_gate_both_or_neither",
                violation_error_message=_("校门经纬度须同时填写或同时留空。"),
            ),
        ]

    def __str__(self):
        return self.name


class LiaisonKind(models.TextChoices):
    FIRE_SAFETY = "fire_safety", _("消防安全辅导员")
    HEALTH = "health", _("卫生保健人员")
    POLICE = "police", _("护校民警")
    OTHER = "other", _("其他包校人员")


class SchoolLiaison(models.Model):
    """包校: a department's staff member contracted to a school; the department then serves it."""

    school = models.ForeignKey(School, models.CASCADE, related_name="liaisons", verbose_name=_("学校"))
    department = models.ForeignKey(Department, models.CASCADE, related_name="liaisons", verbose_name=_("部门"))
    person = models.ForeignKey(
        "organizations.User", models.SET_NULL, null=True, blank=True, related_name="liaisons",
        verbose_name=_("包校人员"),
    )
    kind = models.CharField(_("职责"), max_length=20, choices=LiaisonKind.choices)

    class Meta:
        verbose_name = _("包校安排")
        verbose_name_plural = _("包校安排")
        constraints = [
            models.UniqueConstraint(fields=["school", "department", "kind"], name="liaison_unique_per_kind"),
        ]

    def __str__(self):
        return f"{self.school} · {self.department} · {self.get_kind_display()}"


class SchoolYear(models.Model):
    """学年: terms are data per year, because the spring term moves with the Spring Festival."""

    name = models.CharField(_("名称"), max_length=20, unique=True, help_text=_("例如 2025-2026"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("学年")
        verbose_name_plural = _("学年")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="schoolyear_ends_after_start"),
        ]

    def __str__(self):
        return self.name


class TermKind(models.TextChoices):
    AUTUMN = "autumn", _("秋季学期")
    SPRING = "spring", _("春季学期")


class Term(models.Model):
    school_year = models.ForeignKey(SchoolYear, models.CASCADE, related_name="terms", verbose_name=_("学年"))
    kind = models.CharField(_("学期"), max_length=10, choices=TermKind.choices)
    starts_on = models.DateField(_("开学日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("学期")
        verbose_name_plural = _("学期")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "kind"], name="term_one_per_kind"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.school_year} {self.get_kind_display()}"


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username


class Role(models.TextChoices):
    OFFICE = "office", _("街道办")  # joint meeting office: sees and runs everything of its sub-district
    DEPARTMENT = "department", _("部门人员")  # staff of one department
    SCHOOL_OFFICER = "school_officer", _("学校安全员")  # logs hazards, self-checks for one school
    PRINCIPAL = "principal", _("校长/园长")  # legally responsible for one school
    COMMUNITY = "community", _("社区人员")  # follows the schools of one community
    LEADER = "leader", _("领导（只读）")  # read-only over a sub-district
    DISTRICT_LEADER = "district_leader", _("区级领导（只读）")  # read-only over every sub-district of a district


READ_ONLY_ROLES = frozenset({Role.LEADER, Role.DISTRICT_LEADER})


class Membership(models.Model):
    """One role a person holds, anchored to what the role is about; a person may hold several."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    district = models.ForeignKey(District, models.CASCADE, null=True, blank=True, verbose_name=_("区县"))
    sub_district = models.ForeignKey(SubDistrict, models.CASCADE, null=True, blank=True, verbose_name=_("街道"))
    department = models.ForeignKey(Department, models.CASCADE, null=True, blank=True, verbose_name=_("部门"))
    school = models.ForeignKey(School, models.CASCADE, null=True, blank=True, verbose_name=_("学校"))
    community = models.ForeignKey(Community, models.CASCADE, null=True, blank=True, verbose_name=_("社区"))

    class Meta:
        verbose_name = _("角色任职")
        verbose_name_plural = _("角色任职")
        constraints = [
            models.CheckConstraint(
                name="membership_anchor_matches_role",
                condition=(
                    Q(role__in=["office", "leader"], sub_district__isnull=False, department__isnull=True,
                      school__isnull=True, community__isnull=True, district__isnull=True)
                    | Q(role="department", department__isnull=False, sub_district__isnull=True, school__isnull=True,
                        community__isnull=True, district__isnull=True)
                    | Q(role__in=["school_officer", "principal"], school__isnull=False, sub_district__isnull=True,
                        department__isnull=True,
                        community__isnull=True, district__isnull=True)
                    | Q(role="community", community__isnull=False, sub_district__isnull=True, department__isnull=True,
                        school__isnull=True, district__isnull=True)
                    | Q(role="district_leader", district__isnull=False, sub_district__isnull=True,
                        department__isnull=True, school__isnull=True, community__isnull=True)
                ),
            ),
        ]

    def __str__(self):
        anchor = self.department or self.school or self.community or self.sub_district or self.district
        return f"{self.user} · {self.get_role_display()} · {anchor}"
