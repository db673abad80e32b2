"""Every change to risks and hazards: one function per transition, each checking who may do it.

Outsiders get Http404 (they cannot learn a row exists), people who see the row but may not make
this change get PermissionDenied (403), a change the current state does not allow gets a
ValidationError with a Chinese message. Side effects run after commit.
"""
import hashlib
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import School
from organizations.scoping import get_visible_or_404

from campus_safety import uploads
from campus_safety.validation import Errors

from . import announcements, grading, policies
from .models import (AssigneeKind, AttachmentKind, Category, GradingMethod, GradingScheme, Hazard, HazardAttachment,
                     HazardEvent, HazardEventKind, HazardGrade, HazardSource, HazardStatus, Risk, RiskAssessment,
                     RiskStatus)
from .transitions import HAZARD_LIFECYCLE

# Announcements (reported/submitted → office, assigned/rejected/accepted → assignee, overdue major → both)
# are made inside each transaction: they commit or roll back with the event, and notifications sends
# e-mail and robot posts only after commit.


# ---------------------------------------------------------------------------------------------
# Hazards

# Caps on what people type, checked here so the form, the API and the importer refuse alike.
LOCATION_MAX, DESCRIPTION_MAX, NOTE_MAX = 120, 2000, 2000
PERSON_MAX, FUNDS_SOURCE_MAX = 50, 120
FUNDS_MAX = Decimal("9999999999.99")
# A guard against a mistyped year (2062 for 2026), which would keep a hazard from ever being overdue.
DEADLINE_MAX_YEARS = 3


def allowed_actions(user, hazard):
    """The transitions this person may make now (the table's order); pages and API show these."""
    return [transition.name for transition in HAZARD_LIFECYCLE.allowed(user, hazard)]


def _load(actor, hazard):
    """The hazard, locked, if the actor may see it at all (404 otherwise)."""
    return get_visible_or_404(
        actor, Hazard.objects.select_for_update(of=("self",)).select_related("school"), pk=hazard.pk
    )


def _require(allowed):
    if not allowed:
        raise PermissionDenied(_("您无权进行此操作。"))


def _event(hazard, *, actor, kind, from_status, comment="", data=None, at=None):
    return HazardEvent.objects.create(
        hazard=hazard, kind=kind, actor=actor, from_status=from_status, to_status=hazard.status,
        comment=comment, data=data or {}, at=at or timezone.now(),
    )


def _attach(hazard, event, *, actor, kind, checked):
    for upload, content_type in checked:
        HazardAttachment.objects.create(
            hazard=hazard, event=event, kind=kind, file=uploads.stored_file(upload, content_type),
            content_type=content_type, size=upload.size, original_name=uploads.display_name(upload),
            uploaded_by=actor, uploaded_at=event.at,
        )


def _uploads(errors, field, files):
    try:
        return uploads.validate_uploads(files)
    except ValidationError as error:
        for message in error.messages:
            errors.add(field, message)
        return []


def _transition(name, *, actor, hazard, inputs, apply, now=None):
    """The one way a hazard changes state: the table's rule, state and required inputs, then `apply`
    (the transition's own checks and fields, returning the event's comment, data and attachments),
    then the new state, the event and the announcements, all in the caller's transaction."""
    hazard = _load(actor, hazard)
    errors = Errors()
    transition = HAZARD_LIFECYCLE.begin(name, actor=actor, row=hazard, inputs=inputs, errors=errors)
    outcome = apply(hazard, errors)
    errors.raise_if_any()
    before = hazard.status
    if transition.target:
        hazard.status = transition.target
    hazard.save()
    event = _event(hazard, actor=actor, kind=transition.event, from_status=before,
                   comment=outcome.get("comment", ""), data=outcome.get("data"), at=now)
    if outcome.get("attachments"):
        kind, checked = outcome["attachments"]
        _attach(hazard, event, actor=actor, kind=kind, checked=checked)
    announcements.announce(event)
    return hazard


def _existing_by_key(source_key):
    return Hazard.objects.filter(source_key=source_key).first() if source_key else None


def hazard_by_key(source_key):
    """The hazard a keyed source filed, if it did (other apps ask before offering to file again)."""
    return _existing_by_key(source_key)


@transaction.atomic
def hazard_report(*, actor, school, category, location, description, photos=(), risk=None, found_at=None,
                  source=HazardSource.SELF_CHECK, grade="", source_key=None, rule_grade="", rule_basis="",
                  now=None):
    """上报: anyone who may write for the school logs a hazard; visible to the office at once.

    `now` is when it was reported (a replayed history, such as the demo's inspections); found_at may not be
    after its day.

    `source_key` (e.g. ``inspection:12:item:40``, ``public:7``) makes the intake idempotent: called again
    with the same key it returns the hazard made the first time. Without a person (`actor=None`, a
    public report triaged elsewhere), a key is required and the source stands as the reporter.
    """
    if (existing := _existing_by_key(source_key)) is not None:
        return existing
    if actor is None:
        if not source_key:
            raise ValueError("a hazard reported without a person needs a source_key")
        school = School.objects.get(pk=school.pk)
    else:
        school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
        _require(policies.hazard_report.allows(actor, school))
    errors = Errors()
    if category not in Category.values:
        errors.add("category", _("请选择隐患类别。"))
    if risk is not None and risk.school_id != school.pk:
        errors.add("risk", _("关联风险必须属于同一学校。"))
    location = errors.text("location", location, limit=LOCATION_MAX, required=_("请填写隐患部位。"))
    description = errors.text("description", description, limit=DESCRIPTION_MAX, required=_("请填写隐患描述。"))
    now = now or timezone.now()
    if found_at is not None and timezone.localdate(found_at) > timezone.localdate(now):
        errors.add("found_at", _("发现时间 %(value)s 晚于今天，请核对。") % {
            "value": timezone.localdate(found_at).isoformat()})
    checked = _uploads(errors, "photos", photos)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            hazard = Hazard.objects.create(
                school=school, risk=risk, category=category, location=location, description=description,
                source=source, source_key=source_key or None, found_at=found_at or now, reported_by=actor,
                reported_at=now,
            )
    except IntegrityError:
        if (existing := _existing_by_key(source_key)) is not None:
            return existing  # the same source reported concurrently: the first one stands
        raise
    event = _event(hazard, actor=actor, kind=HazardEventKind.REPORTED, from_status="",
                   data={"source_key": source_key} if source_key else None, at=now)
    _attach(hazard, event, actor=actor, kind=AttachmentKind.BEFORE, checked=checked)
    announcements.announce(event)
    if rule_grade:
        if rule_grade not in HazardGrade.values:
            raise ValueError(f"unknown grade {rule_grade}")
        hazard.grade, hazard.status = rule_grade, HazardStatus.GRADED
        hazard.save(update_fields=["grade", "status"])
        _event(hazard, actor=None, kind=HazardEventKind.GRADED, from_status=HazardStatus.REPORTED,
               data={"grade": rule_grade, "basis": rule_basis}, at=now)
    elif grade:
        hazard = hazard_grade(actor=actor, hazard=hazard, grade=grade)
    return hazard


@transaction.atomic
def hazard_grade(*, actor, hazard, grade, comment="", now=None):
    """定级: the office judges a reported hazard general or major (and may correct that before assigning)."""
    def apply(hazard, errors):
        if grade and grade not in HazardGrade.values:
            errors.add("grade", _("请选择隐患等级。"))
        hazard.grade = grade
        return {"comment": errors.text("comment", comment, limit=NOTE_MAX), "data": {"grade": grade}}

    return _transition("grade", actor=actor, hazard=hazard, inputs={"grade": grade}, apply=apply, now=now)


def check_deadline(errors, deadline, today=None):
    today = today or timezone.localdate()
    if deadline is None:
        return
    if deadline < today:
        errors.add("deadline", _("整改时限不能早于今天。"))
    latest = today + timedelta(days=365 * DEADLINE_MAX_YEARS)
    if deadline > latest:
        errors.add("deadline", _("整改时限不能晚于 %(date)s，请核对年份。") % {"date": latest.isoformat()})


def check_funds(errors, funds_amount):
    if funds_amount is not None and funds_amount < 0:
        errors.add("funds_amount", _("金额不能为负数。"))
    elif funds_amount is not None and funds_amount > FUNDS_MAX:
        errors.add("funds_amount", _("金额不能超过 9999999999.99 元。"))
    elif funds_amount is not None and funds_amount.as_tuple().exponent < -2:
        errors.add("funds_amount", _("金额最多保留两位小数（精确到分）。"))


@transaction.atomic
def hazard_assign(*, actor, hazard, assignee_kind, department=None, funds_amount, funds_source, responsible_person,
                  measures, deadline, contingency_plan, comment="", now=None):
    """交办 with the five implementations (资金、人员、措施、时限、预案), all required; the office may re-assign.

    `now` is when the assignment was made (a replayed history, such as the demo's); the deadline is checked
    against that day."""
    now = now or timezone.now()
    inputs = {"assignee_kind": assignee_kind, "funds_amount": funds_amount, "funds_source": funds_source,
              "responsible_person": responsible_person, "measures": measures, "deadline": deadline,
              "contingency_plan": contingency_plan}

    def apply(hazard, errors):
        values = {
            "funds_source": errors.text("funds_source", funds_source, limit=FUNDS_SOURCE_MAX),
            "responsible_person": errors.text("responsible_person", responsible_person, limit=PERSON_MAX),
            "measures": errors.text("measures", measures, limit=NOTE_MAX),
            "contingency_plan": errors.text("contingency_plan", contingency_plan, limit=NOTE_MAX),
            "funds_amount": funds_amount, "deadline": deadline,
        }
        note = errors.text("comment", comment, limit=NOTE_MAX)
        check_funds(errors, funds_amount)
        check_deadline(errors, deadline, timezone.localdate(now))
        chosen = department
        if assignee_kind == AssigneeKind.DEPARTMENT:
            if department is None:
                errors.add("department", _("请选择责任部门。"))
            elif department.sub_district_id != hazard.school.sub_district_id:
                errors.add("department", _("只能交办给本街道的部门。"))
        elif assignee_kind == AssigneeKind.SCHOOL:
            chosen = None
        elif assignee_kind:
            errors.add("assignee_kind", _("请选择整改主体。"))
        if errors:
            return {}
        if hazard.deadline != deadline:
            hazard.supervised_at = None  # a new deadline: listed for supervision again only if missed again
        for name, value in values.items():
            setattr(hazard, name, value)
        hazard.assignee_kind, hazard.assigned_department = assignee_kind, chosen
        hazard.assigned_at = now
        if hazard.status == HazardStatus.GRADED:
            hazard.status = HazardStatus.ASSIGNED
        return {"comment": note, "data": {
            "assignee": hazard.assignee_display, "assignee_kind": assignee_kind, "department_id": chosen.pk if chosen else None,
            "funds_amount": str(funds_amount), "funds_source": values["funds_source"],
            "responsible_person": values["responsible_person"], "measures": values["measures"],
            "deadline": deadline.isoformat(), "contingency_plan": values["contingency_plan"],
        }}

    return _transition("assign", actor=actor, hazard=hazard, inputs=inputs, apply=apply, now=now)


@transaction.atomic
def hazard_start(*, actor, hazard, comment="", now=None):
    """开始整改: the assignee takes the task on."""
    def apply(hazard, errors):
        return {"comment": errors.text("comment", comment, limit=NOTE_MAX)}

    return _transition("start", actor=actor, hazard=hazard, inputs={}, apply=apply, now=now)


@transaction.atomic
def hazard_submit(*, actor, hazard, note, photos, now=None):
    """提交验收: the assignee reports the work done, with after photos (or a PDF) and a note."""
    def apply(hazard, errors):
        text = errors.text("note", note, limit=NOTE_MAX)
        checked = _uploads(errors, "photos", photos)
        hazard.rectified_by, hazard.submitted_at, hazard.rectification_note = actor, now or timezone.now(), text
        return {"comment": text, "attachments": (AttachmentKind.AFTER, checked)}

    return _transition("submit", actor=actor, hazard=hazard, inputs={"note": note, "photos": list(photos or [])}, now=now,
                       apply=apply)


@transaction.atomic
def hazard_reject(*, actor, hazard, reason):
    """验收不通过: back to rectifying with a reason; rejections are counted."""
    def apply(hazard, errors):
        text = errors.text("reason", reason, limit=NOTE_MAX)
        hazard.rejection_count += 1
        return {"comment": text, "data": {"rejection_count": hazard.rejection_count}}

    return _transition("reject", actor=actor, hazard=hazard, inputs={"reason": reason}, apply=apply)


@transaction.atomic
def hazard_accept(*, actor, hazard, comment="", now=None):
    """核查验收，销号: by the office, and never by the person who did the rectification (the table's rule)."""
    def apply(hazard, errors):
        hazard.accepted_by, hazard.accepted_at = actor, now or timezone.now()
        return {"comment": errors.text("comment", comment, limit=NOTE_MAX)}

    return _transition("accept", actor=actor, hazard=hazard, inputs={}, apply=apply, now=now)


# ---------------------------------------------------------------------------------------------
# Hazards from an office's own Excel ledger (台账导入)

HISTORY_STATUSES = (HazardStatus.ASSIGNED, HazardStatus.RECTIFYING, HazardStatus.SUBMITTED, HazardStatus.CLOSED)


def import_key(school, found_at, location, description):
    """The keyed intake of a ledger row: its content (school, found date, place, description), so the same row
    read again, from the same file or from an export of the same hazards, finds the hazard made the first time."""
    found = timezone.localdate(found_at).isoformat() if found_at else ""
    content = "\x1f".join([str(school.pk), found, (location or "").strip(), (description or "").strip()])
    return "ledger:" + hashlib.sha256(content.encode()).hexdigest()[:40]


def _existing_import(school, key, found_at, location, description):
    """The hazard this row already is: imported before (its key), or in the ledger already with the same
    content (an export of hazards made in the system, imported back)."""
    if (existing := _existing_by_key(key)) is not None:
        return existing
    if found_at is None:
        return None
    found = timezone.localdate(found_at)
    return (Hazard.objects.filter(school=school, location=(location or "").strip(),
                                  description=(description or "").strip(), found_at__date=found)
            .order_by("pk").first())


def _not_in_future(errors, field, value, today):
    if value is not None and timezone.localdate(value) > today:
        errors.add(field, _("%(field)s %(value)s 晚于今天，请核对。") % {
            "field": Hazard._meta.get_field(field).verbose_name, "value": timezone.localdate(value).isoformat()})


@transaction.atomic
def hazard_import(*, actor, school, category, location, description, file_name, row, found_at=None, grade="",
                  status="", assignee_kind="", department=None, responsible_person="", measures="",
                  funds_amount=None, funds_source="", deadline=None, contingency_plan="", rectification_note="",
                  submitted_at=None, accepted_by_name="", accepted_at=None, reported_at=None):
    """台账导入: one row of an office's ledger, by the office. Returns (hazard, created).

    A row without a status (or reported/graded) is a new hazard, reported as from the browser
    (`hazard_report`). A row with its history becomes the hazard as the ledger holds it: closed with its
    acceptance (the acceptor as written), submitted, or in progress with its deadline and responsible unit;
    never reopened. History is what the ledger holds, so the five implementations may be incomplete
    (the model's constraint allows that for imported rows); an in-progress row needs its deadline and
    responsible unit: a major hazard without them is refused, a general one comes in graded, awaiting
    assignment. Every imported hazard carries an "imported from ledger" event naming the file and row.
    Same row twice (same content): the hazard of the first time, created=False.
    """
    school = get_visible_or_404(actor, School.objects.select_related("sub_district"), pk=school.pk)
    _require(policies.ledger_import.allows(actor, school.sub_district) and policies.hazard_report.allows(actor, school))
    key = import_key(school, found_at, location, description)
    if (existing := _existing_import(school, key, found_at, location, description)) is not None:
        return existing, False
    today = timezone.localdate()
    errors = Errors()
    if category not in Category.values:
        errors.add("category", _("请选择隐患类别。"))
    if grade and grade not in HazardGrade.values:
        errors.add("grade", _("请选择隐患等级。"))
    if status and status not in HazardStatus.values:
        errors.add("status", _("无法识别的整改状态。"))
    texts = {
        "location": errors.text("location", location, limit=LOCATION_MAX, required=_("请填写隐患部位。")),
        "description": errors.text("description", description, limit=DESCRIPTION_MAX,
                                   required=_("请填写隐患描述。")),
        "responsible_person": errors.text("responsible_person", responsible_person, limit=PERSON_MAX),
        "measures": errors.text("measures", measures, limit=NOTE_MAX),
        "funds_source": errors.text("funds_source", funds_source, limit=FUNDS_SOURCE_MAX),
        "contingency_plan": errors.text("contingency_plan", contingency_plan, limit=NOTE_MAX),
        "rectification_note": errors.text("rectification_note", rectification_note, limit=NOTE_MAX),
        "accepted_by_name": errors.text("accepted_by_name", accepted_by_name, limit=PERSON_MAX),
    }
    for field, value in (("found_at", found_at), ("reported_at", reported_at), ("submitted_at", submitted_at),
                         ("accepted_at", accepted_at)):
        _not_in_future(errors, field, value, today)
    check_funds(errors, funds_amount)
    if deadline is not None and deadline > today + timedelta(days=365 * DEADLINE_MAX_YEARS):
        errors.add("deadline", _("整改时限不能晚于 %(date)s，请核对年份。") % {
            "date": (today + timedelta(days=365 * DEADLINE_MAX_YEARS)).isoformat()})
    if assignee_kind == AssigneeKind.DEPARTMENT and department is not None \
            and department.sub_district_id != school.sub_district_id:
        errors.add("department", _("只能交办给本街道的部门。"))
    if found_at and accepted_at and timezone.localdate(accepted_at) < timezone.localdate(found_at):
        errors.add("accepted_at", _("验收时间早于发现时间，请核对。"))
    has_unit = bool(assignee_kind) and (assignee_kind == AssigneeKind.SCHOOL or department is not None)
    if status in (HazardStatus.ASSIGNED, HazardStatus.RECTIFYING) and not (deadline and has_unit):
        if grade == HazardGrade.MAJOR:
            if not deadline:
                errors.add("deadline", _("重大隐患正在整改，须写明整改时限。"))
            if not has_unit:
                errors.add("department", _("重大隐患正在整改，须写明整改责任单位。"))
        else:
            status = HazardStatus.GRADED  # a general hazard without them awaits assignment (the preview says so)
    if status == HazardStatus.CLOSED:
        if not texts["accepted_by_name"]:
            errors.add("accepted_by_name", _("已销号的隐患须写明验收人。"))
        if accepted_at is None:
            errors.add("accepted_at", _("已销号的隐患须写明验收时间。"))
    errors.raise_if_any()

    if status not in HISTORY_STATUSES:
        hazard = hazard_report(actor=actor, school=school, category=category, location=texts["location"],
                               description=texts["description"], found_at=found_at, source=HazardSource.IMPORT,
                               grade=grade or ("general" if status == HazardStatus.GRADED else ""),
                               source_key=key)
        if reported_at is not None:  # when the ledger says it was reported, not when it was typed in again
            hazard.reported_at = reported_at
            hazard.save(update_fields=["reported_at"])
        _event(hazard, actor=actor, kind=HazardEventKind.IMPORTED, from_status=hazard.status,
               data={"file": file_name, "row": row, "source_key": key})
        return hazard, True

    now = timezone.now()
    hazard = Hazard.objects.create(
        school=school, category=category, source=HazardSource.IMPORT, source_key=key, found_at=found_at or now,
        reported_by=actor, reported_at=reported_at or now, status=status, grade=grade or HazardGrade.GENERAL,
        assignee_kind=assignee_kind if has_unit else "",
        assigned_department=department if has_unit and assignee_kind == AssigneeKind.DEPARTMENT else None,
        funds_amount=funds_amount, deadline=deadline, submitted_at=submitted_at,
        accepted_by_name=texts["accepted_by_name"] if status == HazardStatus.CLOSED else "",
        accepted_at=accepted_at if status == HazardStatus.CLOSED else None, **{
            name: value for name, value in texts.items() if name != "accepted_by_name"},
    )
    # Imported history is recorded, not announced: nobody is asked to act on last year's ledger by it.
    _event(hazard, actor=actor, kind=HazardEventKind.IMPORTED, from_status="",
           data={"file": file_name, "row": row, "source_key": key})
    return hazard, True


# The service of each row of the transition table (a test checks none is missing).
HAZARD_SERVICES = {"grade": hazard_grade, "assign": hazard_assign, "start": hazard_start, "submit": hazard_submit,
                   "reject": hazard_reject, "accept": hazard_accept}


ESCALATION_BATCH = 200


def _escalation_candidates(today):
    from .selectors import escalation_due_q

    return list(Hazard.objects.filter(escalation_due_q(today), supervised_at__isnull=True)
                .order_by("deadline", "pk").values_list("pk", flat=True)[:ESCALATION_BATCH])


def hazards_escalate(*, today=None):
    """挂牌督办: list every overdue major hazard for supervision, once each (a system job, no actor).

    Each row is claimed with a conditional UPDATE, so a job run twice (or by two workers) records and
    announces a hazard once, and a day the scheduler missed is caught up on the next run.
    """
    from .selectors import escalation_due_q

    today = today or timezone.localdate()
    escalated = 0
    for pk in _escalation_candidates(today):
        with transaction.atomic():
            # The claim re-checks state and deadline: a hazard submitted or re-assigned since the list
            # was read is no longer overdue and must not be listed.
            claimed = Hazard.objects.filter(escalation_due_q(today), pk=pk, supervised_at__isnull=True)
            if not claimed.update(supervised_at=timezone.now()):
                continue
            hazard = Hazard.objects.get(pk=pk)
            # Facts only: the sentence is rendered when read, in the reader's language (HazardEvent.summary).
            event = HazardEvent.objects.create(
                hazard=hazard, kind=HazardEventKind.SUPERVISED, actor=None, from_status=hazard.status,
                to_status=hazard.status, data={"deadline": hazard.deadline.isoformat()},
            )
            announcements.announce(event)
            escalated += 1
    return escalated


# ---------------------------------------------------------------------------------------------
# The risk register


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
    if scheme.pk != current.pk and not policies.risk_choose_scheme.allows(actor, school):
        raise ValidationError({"scheme": _("只有街道办可以更换分级方案。")})


def _check_department(department, school):
    if department is not None and department.sub_district_id != school.sub_district_id:
        raise ValidationError({"responsible_department": _("责任部门必须属于本街道。")})


@transaction.atomic
def risk_create(*, actor, school, category, name, location, description, control_measures, responsible_person,
                scheme, likelihood, severity, exposure=None, responsible_department=None, note=""):
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.risk_manage.allows(actor, school))
    _check_department(responsible_department, school)
    default = GradingScheme.objects.filter(is_default=True).first() or scheme
    _check_scheme_choice(actor, school, scheme, default)
    errors = Errors()
    if category not in Category.values:
        errors.add("category", _("请选择风险类别。"))
    required = _("此项必填。")
    texts = {
        "name": errors.text("name", name, limit=LOCATION_MAX, required=required),
        "location": errors.text("location", location, limit=LOCATION_MAX, required=required),
        "description": errors.text("description", description, limit=DESCRIPTION_MAX, required=required),
        "control_measures": errors.text("control_measures", control_measures, limit=DESCRIPTION_MAX,
                                        required=required),
        "responsible_person": errors.text("responsible_person", responsible_person, limit=PERSON_MAX,
                                          required=required),
    }
    note = errors.text("note", note, limit=NOTE_MAX)
    errors.raise_if_any()
    risk = Risk(school=school, category=category, responsible_department=responsible_department, created_by=actor,
                **texts)
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
    _require(policies.risk_manage_row.allows(actor, risk))
    if risk.status != RiskStatus.ACTIVE:
        raise ValidationError(_("已销号的风险不能再评估。"))
    _check_scheme_choice(actor, risk.school, scheme or risk.scheme, risk.scheme)
    errors = Errors()
    note = errors.text("note", note, limit=NOTE_MAX)
    errors.raise_if_any()
    assessment = _assess(risk, actor=actor, scheme=scheme or risk.scheme, likelihood=likelihood,
                         exposure=exposure, severity=severity, note=note)
    risk.save(update_fields=["scheme", "level", "score", "next_review_on"])
    return assessment


@transaction.atomic
def risk_retire(*, actor, risk, reason):
    risk = get_visible_or_404(actor, Risk.objects.select_for_update(of=("self",)).select_related("school"),
                              pk=risk.pk)
    _require(policies.risk_manage_row.allows(actor, risk))
    if risk.status != RiskStatus.ACTIVE:
        raise ValidationError(_("该风险已销号。"))
    errors = Errors()
    reason = errors.text("reason", reason, limit=NOTE_MAX, required=_("请填写销号原因。"))
    errors.raise_if_any()
    risk.status, risk.retired_at, risk.retired_by = RiskStatus.RETIRED, timezone.now(), actor
    risk.retired_reason = reason
    risk.save(update_fields=["status", "retired_at", "retired_by", "retired_reason"])
    return risk


@transaction.atomic
def risks_prompt_review(*, school, categories, today=None):
    """An incident at the school puts its active risks of these categories up for review today (动态监测):
    their next review moves forward, never back. Returns the ids of the risks moved."""
    today = today or timezone.localdate()
    due = Risk.objects.filter(school=school, category__in=list(categories), status=RiskStatus.ACTIVE,
                              next_review_on__gt=today)
    ids = list(due.values_list("pk", flat=True))
    Risk.objects.filter(pk__in=ids).update(next_review_on=today)
    return ids
