"""Every change to risks and hazards: one function per transition, each checking who may do it.

Outsiders get Http404 (they cannot learn a row exists), people who see the row but may not make
this change get PermissionDenied (403), a change the current state does not allow gets a
ValidationError with a Chinese message. Side effects run after commit.
"""
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import School
from organizations.scoping import get_visible_or_404, scope_for

from campus_safety import uploads

from . import announcements, grading
from .models import (AssigneeKind, AttachmentKind, GradingMethod, GradingScheme, Hazard, HazardAttachment, HazardEvent,
                     HazardEventKind, HazardGrade, HazardSource, HazardStatus, Risk, RiskAssessment, RiskStatus)


def _announce(event):
    """Tell the people concerned (reported/submitted → office, assigned/rejected/accepted → assignee,
    overdue major → both). Inside the transaction: the messages commit or roll back with the event, and
    notifications sends e-mail and robot posts only after commit."""
    announcements.announce(event)


# ---------------------------------------------------------------------------------------------
# Who may do what


def can_report_at(user, school):
    scope = scope_for(user)
    return scope.is_office_for(school.sub_district_id) or school.pk in scope.write.schools


def is_office_for_hazard(user, hazard):
    return scope_for(user).is_office_for(hazard.school.sub_district_id)


def is_assignee(user, hazard):
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    if hazard.assignee_kind == AssigneeKind.DEPARTMENT:
        return hazard.assigned_department_id in scope.write.departments
    if hazard.assignee_kind == AssigneeKind.SCHOOL:
        return hazard.school_id in scope.write.own_schools
    return False


def allowed_actions(user, hazard):
    """The transitions this person may make now; the pages show these and the services enforce them."""
    office, assignee = is_office_for_hazard(user, hazard), is_assignee(user, hazard)
    actions = []
    if office and hazard.status in (HazardStatus.REPORTED, HazardStatus.GRADED):
        actions.append("grade")
    if office and hazard.status in (HazardStatus.GRADED, HazardStatus.ASSIGNED, HazardStatus.RECTIFYING):
        actions.append("assign")
    if assignee and hazard.status == HazardStatus.ASSIGNED:
        actions.append("start")
    if assignee and hazard.status in (HazardStatus.ASSIGNED, HazardStatus.RECTIFYING):
        actions.append("submit")
    if office and hazard.status == HazardStatus.SUBMITTED:
        if hazard.rectified_by_id != user.pk:
            actions.append("accept")
        actions.append("reject")
    return actions


def _load(actor, hazard):
    """The hazard, locked, if the actor may see it at all (404 otherwise)."""
    return get_visible_or_404(
        actor, Hazard.objects.select_for_update(of=("self",)).select_related("school"), pk=hazard.pk
    )


def _require(allowed):
    if not allowed:
        raise PermissionDenied(_("您无权进行此操作。"))


def _require_status(hazard, *statuses):
    if hazard.status not in statuses:
        raise ValidationError(
            _("隐患当前状态为“%(status)s”，不能进行此操作。"), code="bad_status",
            params={"status": hazard.get_status_display()},
        )


def _event(hazard, *, actor, kind, from_status, comment="", data=None):
    return HazardEvent.objects.create(
        hazard=hazard, kind=kind, actor=actor, from_status=from_status, to_status=hazard.status,
        comment=comment, data=data or {},
    )


def _attach(hazard, event, *, actor, kind, checked):
    for upload, content_type in checked:
        HazardAttachment.objects.create(
            hazard=hazard, event=event, kind=kind, file=uploads.stored_file(upload, content_type),
            content_type=content_type, size=upload.size, original_name=uploads.display_name(upload),
            uploaded_by=actor,
        )


# ---------------------------------------------------------------------------------------------
# Hazards


@transaction.atomic
def hazard_report(*, actor, school, category, location, description, photos=(), risk=None, found_at=None,
                  source=HazardSource.SELF_CHECK, grade=""):
    """上报: anyone who may write for the school logs a hazard; visible to the office at once."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(can_report_at(actor, school))
    if risk is not None and risk.school_id != school.pk:
        raise ValidationError({"risk": _("关联风险必须属于同一学校。")})
    if not (location or "").strip() or not (description or "").strip():
        raise ValidationError(_("请填写隐患部位和隐患描述。"))
    checked = uploads.validate_uploads(photos)
    now = timezone.now()
    hazard = Hazard.objects.create(
        school=school, risk=risk, category=category, location=location.strip(), description=description.strip(),
        source=source, found_at=found_at or now, reported_by=actor, reported_at=now,
    )
    event = _event(hazard, actor=actor, kind=HazardEventKind.REPORTED, from_status="")
    _attach(hazard, event, actor=actor, kind=AttachmentKind.BEFORE, checked=checked)
    _announce(event)
    if grade:
        hazard = hazard_grade(actor=actor, hazard=hazard, grade=grade)
    return hazard


@transaction.atomic
def hazard_grade(*, actor, hazard, grade, comment=""):
    """定级: the office judges a reported hazard general or major (and may correct that before assigning)."""
    hazard = _load(actor, hazard)
    _require(is_office_for_hazard(actor, hazard))
    _require_status(hazard, HazardStatus.REPORTED, HazardStatus.GRADED)
    if grade not in HazardGrade.values:
        raise ValidationError({"grade": _("请选择隐患等级。")})
    before = hazard.status
    hazard.grade, hazard.status = grade, HazardStatus.GRADED
    hazard.save(update_fields=["grade", "status"])
    event = _event(hazard, actor=actor, kind=HazardEventKind.GRADED, from_status=before, comment=comment,
                   data={"grade": grade})
    _announce(event)
    return hazard


FIVE_IMPLEMENTATIONS = ("funds_amount", "funds_source", "responsible_person", "measures", "deadline",
                        "contingency_plan")


@transaction.atomic
def hazard_assign(*, actor, hazard, assignee_kind, department=None, funds_amount, funds_source, responsible_person,
                  measures, deadline, contingency_plan, comment=""):
    """交办 with the five implementations (资金、人员、措施、时限、预案), all required; the office may re-assign."""
    hazard = _load(actor, hazard)
    _require(is_office_for_hazard(actor, hazard))
    _require_status(hazard, HazardStatus.GRADED, HazardStatus.ASSIGNED, HazardStatus.RECTIFYING)
    values = {"funds_amount": funds_amount, "funds_source": (funds_source or "").strip(),
              "responsible_person": (responsible_person or "").strip(), "measures": (measures or "").strip(),
              "deadline": deadline, "contingency_plan": (contingency_plan or "").strip()}
    errors = {name: _("交办须落实资金、人员、措施、时限、预案，此项必填。") for name, value in values.items()
              if value in (None, "")}
    if funds_amount is not None and funds_amount < 0:
        errors["funds_amount"] = _("整改资金不能为负数。")
    if assignee_kind == AssigneeKind.DEPARTMENT:
        if department is None:
            errors["department"] = _("请选择责任部门。")
        elif department.sub_district_id != hazard.school.sub_district_id:
            errors["department"] = _("只能交办给本街道的部门。")
    elif assignee_kind == AssigneeKind.SCHOOL:
        department = None
    else:
        errors["assignee_kind"] = _("请选择整改主体。")
    if errors:
        raise ValidationError(errors)
    before = hazard.status
    for name, value in values.items():
        setattr(hazard, name, value)
    hazard.assignee_kind, hazard.assigned_department = assignee_kind, department
    hazard.assigned_at = timezone.now()
    if before == HazardStatus.GRADED:
        hazard.status = HazardStatus.ASSIGNED
    hazard.save()
    event = _event(hazard, actor=actor, kind=HazardEventKind.ASSIGNED, from_status=before, comment=comment, data={
        "assignee": hazard.assignee_display, "department_id": department.pk if department else None,
        "funds_amount": str(funds_amount), "funds_source": values["funds_source"],
        "responsible_person": values["responsible_person"], "measures": values["measures"],
        "deadline": deadline.isoformat(), "contingency_plan": values["contingency_plan"],
    })
    _announce(event)
    return hazard


@transaction.atomic
def hazard_start(*, actor, hazard, comment=""):
    """开始整改: the assignee takes the task on."""
    hazard = _load(actor, hazard)
    _require(is_assignee(actor, hazard))
    _require_status(hazard, HazardStatus.ASSIGNED)
    hazard.status = HazardStatus.RECTIFYING
    hazard.save(update_fields=["status"])
    event = _event(hazard, actor=actor, kind=HazardEventKind.STARTED, from_status=HazardStatus.ASSIGNED,
                   comment=comment)
    _announce(event)
    return hazard


@transaction.atomic
def hazard_submit(*, actor, hazard, note, photos):
    """提交验收: the assignee reports the work done, with after photos (or a PDF) and a note."""
    hazard = _load(actor, hazard)
    _require(is_assignee(actor, hazard))
    _require_status(hazard, HazardStatus.ASSIGNED, HazardStatus.RECTIFYING)
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("请填写整改情况说明。")
    try:
        checked = uploads.validate_uploads(photos)
        if not checked:
            errors["photos"] = _("请上传至少一张整改后照片或证明材料。")
    except ValidationError as error:
        errors["photos"] = error.messages
    if errors:
        raise ValidationError(errors)
    before = hazard.status
    hazard.status, hazard.rectified_by, hazard.submitted_at = HazardStatus.SUBMITTED, actor, timezone.now()
    hazard.rectification_note = note.strip()
    hazard.save(update_fields=["status", "rectified_by", "submitted_at", "rectification_note"])
    event = _event(hazard, actor=actor, kind=HazardEventKind.SUBMITTED, from_status=before,
                   comment=hazard.rectification_note)
    _attach(hazard, event, actor=actor, kind=AttachmentKind.AFTER, checked=checked)
    _announce(event)
    return hazard


@transaction.atomic
def hazard_reject(*, actor, hazard, reason):
    """验收不通过: back to rectifying with a reason; rejections are counted."""
    hazard = _load(actor, hazard)
    _require(is_office_for_hazard(actor, hazard))
    _require_status(hazard, HazardStatus.SUBMITTED)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写退回原因。")})
    hazard.status = HazardStatus.RECTIFYING
    hazard.rejection_count += 1
    hazard.save(update_fields=["status", "rejection_count"])
    event = _event(hazard, actor=actor, kind=HazardEventKind.REJECTED, from_status=HazardStatus.SUBMITTED,
                   comment=reason.strip(), data={"rejection_count": hazard.rejection_count})
    _announce(event)
    return hazard


@transaction.atomic
def hazard_accept(*, actor, hazard, comment=""):
    """核查验收，销号: by the office, and never by the person who did the rectification."""
    hazard = _load(actor, hazard)
    _require(is_office_for_hazard(actor, hazard))
    _require_status(hazard, HazardStatus.SUBMITTED)
    if hazard.rectified_by_id == actor.pk:
        raise PermissionDenied(_("验收人不能是整改人本人。"))
    hazard.status, hazard.accepted_by, hazard.accepted_at = HazardStatus.CLOSED, actor, timezone.now()
    hazard.save(update_fields=["status", "accepted_by", "accepted_at"])
    event = _event(hazard, actor=actor, kind=HazardEventKind.ACCEPTED, from_status=HazardStatus.SUBMITTED,
                   comment=comment)
    _announce(event)
    return hazard


ESCALATION_BATCH = 200


def hazards_escalate(*, today=None):
    """挂牌督办: list every overdue major hazard for supervision, once each (a system job, no actor).

    Each row is claimed with a conditional UPDATE, so a job run twice (or by two workers) records and
    announces a hazard once, and a day the scheduler missed is caught up on the next run.
    """
    from .selectors import supervised_q

    today = today or timezone.localdate()
    escalated = 0
    candidates = list(Hazard.objects.filter(supervised_q(today), supervised_at__isnull=True)
                      .order_by("deadline", "pk").values_list("pk", flat=True)[:ESCALATION_BATCH])
    for pk in candidates:
        with transaction.atomic():
            if not Hazard.objects.filter(pk=pk, supervised_at__isnull=True).update(supervised_at=timezone.now()):
                continue
            hazard = Hazard.objects.get(pk=pk)
            event = HazardEvent.objects.create(
                hazard=hazard, kind=HazardEventKind.SUPERVISED, actor=None, from_status=hazard.status,
                to_status=hazard.status, data={"deadline": hazard.deadline.isoformat()},
                comment=_("重大隐患逾期未整改（时限 %(deadline)s），列入挂牌督办。") % {"deadline": hazard.deadline},
            )
            _announce(event)
            escalated += 1
    return escalated


# ---------------------------------------------------------------------------------------------
# The risk register


def can_manage_risks(user, school):
    """The office, the school itself, and the education center (which maintains the schools' lists)."""
    scope = scope_for(user)
    return (scope.is_office_for(school.sub_district_id) or school.pk in scope.write.own_schools
            or school.sub_district_id in scope.write.overseen)


def _assess(risk, *, actor, scheme, likelihood, exposure, severity, note):
    score = grading.score_for(scheme.method, likelihood=likelihood, exposure=exposure, severity=severity)
    level = grading.level_for(scheme, score)
    now = timezone.now()
    assessment = RiskAssessment.objects.create(
        risk=risk, scheme=scheme, likelihood=likelihood,
        exposure=exposure if scheme.method == GradingMethod.LEC else None,
        severity=severity, score=score, level=level, note=note, assessed_by=actor, assessed_at=now,
    )
    risk.scheme, risk.level, risk.score = scheme, level, score
    risk.next_review_on = timezone.localdate(now) + timedelta(days=level.review_interval_days)
    return assessment


def _check_scheme_choice(actor, school, scheme, current):
    """The office picks the method of a school's list; others keep the list's (or the default) scheme."""
    if scheme.pk != current.pk and not scope_for(actor).is_office_for(school.sub_district_id):
        raise ValidationError({"scheme": _("只有街道办可以更换分级方案。")})


def _check_department(department, school):
    if department is not None and department.sub_district_id != school.sub_district_id:
        raise ValidationError({"responsible_department": _("责任部门必须属于本街道。")})


@transaction.atomic
def risk_create(*, actor, school, category, name, location, description, control_measures, responsible_person,
                scheme, likelihood, severity, exposure=None, responsible_department=None, note=""):
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(can_manage_risks(actor, school))
    _check_department(responsible_department, school)
    default = GradingScheme.objects.filter(is_default=True).first() or scheme
    _check_scheme_choice(actor, school, scheme, default)
    risk = Risk(school=school, category=category, name=name, location=location, description=description,
                control_measures=control_measures, responsible_department=responsible_department,
                responsible_person=responsible_person, created_by=actor)
    score = grading.score_for(scheme.method, likelihood=likelihood, exposure=exposure, severity=severity)
    risk.scheme, risk.level, risk.score = scheme, grading.level_for(scheme, score), score
    risk.next_review_on = timezone.localdate()
    risk.save()
    _assess(risk, actor=actor, scheme=scheme, likelihood=likelihood, exposure=exposure, severity=severity, note=note)
    risk.save(update_fields=["scheme", "level", "score", "next_review_on"])
    return risk


@transaction.atomic
def risk_reassess(*, actor, risk, likelihood, severity, exposure=None, note="", scheme=None):
    """动态监测: a new assessment is appended; the risk shows the latest and keeps the history."""
    risk = get_visible_or_404(actor, Risk.objects.select_for_update(of=("self",)).select_related("school"),
                              pk=risk.pk)
    _require(can_manage_risks(actor, risk.school))
    if risk.status != RiskStatus.ACTIVE:
        raise ValidationError(_("已销号的风险不能再评估。"))
    _check_scheme_choice(actor, risk.school, scheme or risk.scheme, risk.scheme)
    assessment = _assess(risk, actor=actor, scheme=scheme or risk.scheme, likelihood=likelihood,
                         exposure=exposure, severity=severity, note=note)
    risk.save(update_fields=["scheme", "level", "score", "next_review_on"])
    return assessment


@transaction.atomic
def risk_retire(*, actor, risk, reason):
    risk = get_visible_or_404(actor, Risk.objects.select_for_update(of=("self",)).select_related("school"),
                              pk=risk.pk)
    _require(can_manage_risks(actor, risk.school))
    if risk.status != RiskStatus.ACTIVE:
        raise ValidationError(_("该风险已销号。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写销号原因。")})
    risk.status, risk.retired_at, risk.retired_by = RiskStatus.RETIRED, timezone.now(), actor
    risk.retired_reason = reason.strip()
    risk.save(update_fields=["status", "retired_at", "retired_by", "retired_reason"])
    return risk
