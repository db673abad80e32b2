"""Every change to an incident and its aftermath. Views, the API, the demo and jobs all come here.

Each step passes the lifecycle's table (transitions.py: who, from which state, what must be given),
then its own data rules, then writes its rows and one IncidentEvent in one transaction. What must change
so it does not happen again becomes a hazard through risks.services.hazard_report, keyed by the incident.
"""
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_safety import uploads
from campus_safety.validation import Errors
from organizations.models import Department, DepartmentKind, School
from organizations.scoping import get_visible_or_404, scope_for
from risks import services as risk_services
from risks.selectors import HAZARD_CATEGORIES

from . import announcements, policies
from .models import (ActionKind, ClaimStatus, Incident, IncidentEvent, IncidentEventKind, IncidentKind,
                     IncidentPhoto, IncidentStatus, InsuranceClaim, Involvement, Mediation, MediationKind,
                     MediationStatus, Responsibility, Severity, Statement, StatementKind, first_report_minutes,
                     written_report_hours)
from .transitions import INCIDENT_LIFECYCLE

PLACE_MAX, ACCOUNT_MAX, TEXT_MAX, NAME_MAX, NUMBER_MAX = 200, 2000, 4000, 100, 60
CASUALTIES_MAX = 10000
AMOUNT_MAX = Decimal("99999999.99")
# An incident is reported as it happens; one older than this is a record of history, not a report.
REPORT_WINDOW_DAYS = 366

# The departments told at once, by kind (the education center always is, with the office).
CONCERNED = {
    IncidentKind.INJURY: (DepartmentKind.HEALTH,),
    IncidentKind.FIRE: (DepartmentKind.SAFETY,),
    IncidentKind.TRAFFIC: (DepartmentKind.TRAFFIC, DepartmentKind.POLICE),
    IncidentKind.FOOD_POISONING: (DepartmentKind.FOOD_DRUG, DepartmentKind.HEALTH),
    IncidentKind.VIOLENCE: (DepartmentKind.POLICE, DepartmentKind.JUDICIAL),
    IncidentKind.INTRUSION: (DepartmentKind.POLICE,),
    IncidentKind.DISASTER: (DepartmentKind.SAFETY,),
    IncidentKind.DISEASE: (DepartmentKind.HEALTH,),
    # 校闹: the police stop it; the judicial office and governance office settle what follows.
    IncidentKind.DISTURBANCE: (DepartmentKind.POLICE, DepartmentKind.JUDICIAL, DepartmentKind.GOVERNANCE),
    IncidentKind.OTHER: (),
}
ALWAYS_TOLD = (DepartmentKind.EDUCATION_CENTER,)
# The safety supervision office takes part in every investigation.
INVESTIGATORS = (DepartmentKind.SAFETY,)

# The register's risk categories an incident of each kind puts up for review at once.
RISK_CATEGORIES = {
    IncidentKind.INJURY: ("facilities",), IncidentKind.FIRE: ("fire",), IncidentKind.TRAFFIC: ("traffic", "school_bus"),
    IncidentKind.FOOD_POISONING: ("food",), IncidentKind.VIOLENCE: ("bullying", "public_order", "psychological"),
    IncidentKind.INTRUSION: ("public_order",), IncidentKind.DISASTER: ("natural_disaster",),
    IncidentKind.DISEASE: ("health",), IncidentKind.DISTURBANCE: ("public_order",), IncidentKind.OTHER: (),
}


def allowed_actions(user, incident):
    """The steps this person may take now (the table's order); pages and API offer these."""
    return [transition.name for transition in INCIDENT_LIFECYCLE.allowed(user, incident)]


def _load(actor, incident):
    return get_visible_or_404(actor, Incident.objects.select_for_update(of=("self",)).select_related("school"),
                              pk=incident.pk)


def _event(incident, *, actor, kind, from_status, note="", data=None, at=None, happened_at=None):
    return IncidentEvent.objects.create(
        incident=incident, kind=kind, actor=actor, from_status=from_status, to_status=incident.status,
        note=note, data=data or {}, at=at or timezone.now(), happened_at=happened_at)


def _step(name, *, actor, incident, inputs, apply, now=None):
    """The one way an incident changes: the table's rule, state and required inputs, then `apply` (the
    step's own checks and writes, returning the event's note and data), then the new state and the event."""
    incident = _load(actor, incident)
    errors = Errors()
    transition = INCIDENT_LIFECYCLE.begin(name, actor=actor, row=incident, inputs=inputs, errors=errors)
    outcome = apply(incident, errors) or {}
    errors.raise_if_any()
    before = incident.status
    if transition.target:
        incident.status = transition.target
    incident.save()
    event = _event(incident, actor=actor, kind=transition.event, from_status=before, note=outcome.get("note", ""),
                   data=outcome.get("data"), at=now, happened_at=outcome.get("happened_at"))
    announcements.announce(event)
    return incident, event


def _choice(errors, field, value, choices, message):
    if value not in choices.values:
        if str(message) not in errors.by_field.get(field, ()):  # the table may have said it already (missing)
            errors.add(field, message)
        return None
    return value


def _count(errors, field, value, label):
    if value in (None, ""):
        return 0
    # A JSON true is not a count of people, though Python takes it for the integer 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > CASUALTIES_MAX:
        errors.add(field, _("%(label)s须为 0 到 %(max)d 之间的整数。") % {"label": label, "max": CASUALTIES_MAX})
        return 0
    return value


def _amount(errors, field, value, *, required=False):
    if value in (None, ""):
        if required:
            errors.add(field, _("请填写金额。"))
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, _("金额须为数字，例如 12000 或 12000.50。"))
        return None
    if not amount.is_finite() or amount < 0 or amount > AMOUNT_MAX or amount != amount.quantize(Decimal("0.01")):
        errors.add(field, _("金额须在 0 到 99999999.99 元之间，最多两位小数。"))
        return None
    return amount


def _day(errors, field, value, *, today, required=False, not_before=None):
    if value in (None, ""):
        if required:
            errors.add(field, _("请填写日期。"))
        return None
    if value > today:
        errors.add(field, _("日期 %(value)s 晚于今天，请核对。") % {"value": value.isoformat()})
    elif not_before is not None and value < not_before:
        errors.add(field, _("日期 %(value)s 早于事故发生日 %(day)s，请核对。") % {
            "value": value.isoformat(), "day": not_before.isoformat()})
    return value


def _moment(errors, field, value, *, now, not_before=None):
    if value is None:
        return None
    if value > now + timedelta(minutes=5):
        errors.add(field, _("时间 %(value)s 晚于现在，请核对。") % {
            "value": timezone.localtime(value).strftime("%Y-%m-%d %H:%M")})
    elif not_before is not None and value < not_before:
        errors.add(field, _("时间早于事故发生时间，请核对。"))
    return value


def _concerned_departments(school, kind, reporter):
    """By the kind, plus the reporter's own department when a department reported it (it was there)."""
    kinds = set(CONCERNED.get(kind, ())) | set(ALWAYS_TOLD)
    return list(Department.objects.filter(Q(kind__in=kinds) | Q(pk__in=scope_for(reporter).write.departments),
                                          sub_district=school.sub_district_id).order_by("kind"))


# ---------------------------------------------------------------------------------------------
# The report


@transaction.atomic
def incident_report(*, actor, school, kind, severity, occurred_at, place, first_account, injured=0, deaths=0,
                    photos=(), now=None):
    """报告: the school or a department reports from the scene; the office, the education center and the
    departments concerned by the kind are told at once. A first report later than its deadline is marked."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    if not policies.incident_report.allows(actor, school):
        raise PermissionDenied(_("您无权为该学校报告事故。"))
    now = now or timezone.now()
    errors = Errors()
    kind = _choice(errors, "kind", kind, IncidentKind, _("请选择事故类型。"))
    severity = _choice(errors, "severity", severity, Severity, _("请选择严重程度。"))
    if occurred_at is None:
        errors.add("occurred_at", _("请填写事故发生时间。"))
    elif occurred_at > now + timedelta(minutes=5):
        errors.add("occurred_at", _("发生时间 %(value)s 晚于现在，请核对。") % {
            "value": timezone.localtime(occurred_at).strftime("%Y-%m-%d %H:%M")})
    elif occurred_at < now - timedelta(days=REPORT_WINDOW_DAYS):
        errors.add("occurred_at", _("发生时间早于一年前，请核对日期。"))
    place = errors.text("place", place, limit=PLACE_MAX, required=_("请填写发生地点。"))
    first_account = errors.text("first_account", first_account, limit=ACCOUNT_MAX,
                                required=_("请简要说明发生了什么、伤亡和已采取的措施。"))
    injured = _count(errors, "injured", injured, _("受伤人数"))
    deaths = _count(errors, "deaths", deaths, _("死亡人数"))
    try:
        checked = uploads.validate_uploads(photos)
    except ValidationError as error:
        checked = []
        for message in error.messages:
            errors.add("photos", message)
    errors.raise_if_any()
    occurred_at = min(occurred_at, now)  # a phone's clock a few minutes ahead is not the future
    incident = Incident.objects.create(
        school=school, kind=kind, severity=severity, occurred_at=occurred_at, place=place, injured=injured,
        deaths=deaths, first_account=first_account, reported_by=actor, reported_at=now,
        first_report_due=occurred_at + timedelta(minutes=first_report_minutes()),
        written_report_due=occurred_at + timedelta(hours=written_report_hours()),
    )
    for department in _concerned_departments(school, kind, actor):
        Involvement.objects.create(incident=incident, department=department, joined_at=now)
    for upload, content_type in checked:
        IncidentPhoto.objects.create(
            incident=incident, file=uploads.stored_file(upload, content_type), content_type=content_type,
            size=upload.size, original_name=uploads.display_name(upload), uploaded_by=actor, uploaded_at=now)
    review = risk_services.risks_prompt_review(school=school, categories=RISK_CATEGORIES.get(kind, ()),
                                               today=timezone.localdate(now))
    event = _event(incident, actor=actor, kind=IncidentEventKind.REPORTED, from_status="", at=now,
                   data={"late": incident.is_first_report_late,
                         "minutes": int((now - occurred_at).total_seconds() // 60), "risks_to_review": review})
    announcements.announce(event)
    return incident


# ---------------------------------------------------------------------------------------------
# Response and investigation


@transaction.atomic
def incident_respond(*, actor, incident, plan, now=None):
    """启动应急预案: the plan is activated; rescue and the guardians come next, as timeline actions."""
    now = now or timezone.now()

    def apply(incident, errors):
        incident.plan = errors.text("plan", plan, limit=PLACE_MAX)
        incident.plan_activated_at = now
        return {"data": {"plan": incident.plan}}

    return _step("respond", actor=actor, incident=incident, inputs={"plan": plan}, apply=apply, now=now)[0]


@transaction.atomic
def incident_act(*, actor, incident, action, note, happened_at=None, now=None):
    """A line of the timeline: who did what, when (救援, 通知家长, 报警 ...)."""
    now = now or timezone.now()

    def apply(incident, errors):
        _choice(errors, "action", action, ActionKind, _("请选择处置措施类别。"))
        text = errors.text("note", note, limit=TEXT_MAX)
        when = _moment(errors, "happened_at", happened_at, now=now, not_before=incident.occurred_at)
        if action == ActionKind.GUARDIANS and incident.guardians_notified_at is None and not errors:
            incident.guardians_notified_at = when or now
        return {"note": text, "data": {"action": action}, "happened_at": when}

    return _step("act", actor=actor, incident=incident, inputs={"action": action, "note": note}, apply=apply,
                 now=now)[0]


@transaction.atomic
def incident_written_report(*, actor, incident, text, now=None):
    """书面报告: due within the configured hours of the event; a later one is marked late, not refused."""
    now = now or timezone.now()

    def apply(incident, errors):
        incident.written_report = errors.text("text", text, limit=TEXT_MAX)
        first = incident.written_report_at is None
        if first:
            incident.written_report_at = now
        return {"data": {"late": incident.written_report_at > incident.written_report_due, "revised": not first}}

    return _step("written_report", actor=actor, incident=incident, inputs={"text": text}, apply=apply, now=now)[0]


@transaction.atomic
def incident_investigate(*, actor, incident, note="", now=None):
    """开始调查: the safety supervision office joins the investigation."""
    now = now or timezone.now()

    def apply(incident, errors):
        joined = _involve(incident, Department.objects.filter(sub_district=incident.school.sub_district_id,
                                                              kind__in=INVESTIGATORS), now)
        return {"note": errors.text("note", note, limit=TEXT_MAX), "data": {"departments": joined}}

    return _step("investigate", actor=actor, incident=incident, inputs={}, apply=apply, now=now)[0]


@transaction.atomic
def incident_conclude(*, actor, incident, cause, responsibility, note="", now=None):
    """调查结论: the cause and the responsibility determined by law; a school not at fault must be cleared
    publicly before the incident closes (a clarification statement)."""
    now = now or timezone.now()

    def apply(incident, errors):
        incident.cause = errors.text("cause", cause, limit=TEXT_MAX)
        if responsibility and _choice(errors, "responsibility", responsibility, Responsibility,
                                      _("请选择责任认定。")):
            incident.responsibility = responsibility
        incident.investigated_at = now
        return {"note": errors.text("note", note, limit=TEXT_MAX), "data": {"responsibility": responsibility}}

    return _step("conclude", actor=actor, incident=incident,
                 inputs={"cause": cause, "responsibility": responsibility}, apply=apply, now=now)[0]


def _involve(incident, departments, now):
    joined = []
    for department in departments:
        _, created = Involvement.objects.get_or_create(incident=incident, department=department,
                                                       defaults={"joined_at": now})
        if created:
            joined.append(department.name)
    return joined


@transaction.atomic
def incident_involve(*, actor, incident, department, now=None):
    """增加参与部门: the office brings in another department of the sub-district."""
    now = now or timezone.now()

    def apply(incident, errors):
        if department is not None and department.sub_district_id != incident.school.sub_district_id:
            errors.add("department", _("只能选择本街道的部门。"))
            return {}
        if department is not None and Involvement.objects.filter(incident=incident, department=department).exists():
            errors.add("department", _("该部门已参与处置。"))
            return {}
        if department is not None:
            _involve(incident, [department], now)
        return {"data": {"department": getattr(department, "name", "")}}

    return _step("involve", actor=actor, incident=incident, inputs={"department": department}, apply=apply,
                 now=now)[0]


# ---------------------------------------------------------------------------------------------
# Aftermath: insurance, mediation, statements


@transaction.atomic
def claim_file(*, actor, incident, insurer, policy_number, amount, filed_on=None, claim_number="", now=None):
    """校方责任险报案."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = {}

    def apply(incident, errors):
        values = {
            "insurer": errors.text("insurer", insurer, limit=NAME_MAX),
            "policy_number": errors.text("policy_number", policy_number, limit=NUMBER_MAX),
            "claim_number": errors.text("claim_number", claim_number, limit=NUMBER_MAX),
            "amount": _amount(errors, "amount", amount),
            "filed_on": _day(errors, "filed_on", filed_on or today, today=today,
                             not_before=timezone.localdate(incident.occurred_at)),
        }
        if errors:
            return {}
        created["claim"] = InsuranceClaim.objects.create(incident=incident, **values)
        return {"data": {"claim": created["claim"].pk, "policy": values["policy_number"], "status": ClaimStatus.FILED,
                         "amount": str(values["amount"])}}

    _step("claim", actor=actor, incident=incident,
          inputs={"insurer": insurer, "policy_number": policy_number, "amount": amount}, apply=apply, now=now)
    return created["claim"]


@transaction.atomic
def claim_update(*, actor, claim, status, claim_number=None, paid_amount=None, settled_on=None, now=None):
    """理赔进展: under review, paid (with the amount), refused or withdrawn (with the day it ended)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    claim = get_visible_or_404(actor, InsuranceClaim.objects.select_related("incident"), pk=claim.pk)

    def apply(incident, errors):
        row = InsuranceClaim.objects.select_for_update().get(pk=claim.pk)
        _choice(errors, "status", status, ClaimStatus, _("请选择理赔状态。"))
        if claim_number is not None:
            row.claim_number = errors.text("claim_number", claim_number, limit=NUMBER_MAX)
        paid = _amount(errors, "paid_amount", paid_amount, required=status == ClaimStatus.PAID)
        if status in (ClaimStatus.FILED, ClaimStatus.REVIEWING):
            row.settled_on = None
        else:
            row.settled_on = _day(errors, "settled_on", settled_on or today, today=today, not_before=row.filed_on)
        if errors:
            return {}
        row.status, row.paid_amount = status, paid if status == ClaimStatus.PAID else row.paid_amount
        row.save()
        return {"data": {"claim": row.pk, "policy": row.policy_number, "status": status,
                         "paid_amount": str(paid) if paid is not None else ""}}

    _step("claim_update", actor=actor, incident=claim.incident, inputs={"status": status}, apply=apply, now=now)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def mediation_open(*, actor, incident, kind, mediator, requested_on, now=None):
    """调解申请: the 60-day limit runs from the written request (学生伤害事故处理办法 art. 20)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = {}

    def apply(incident, errors):
        _choice(errors, "kind", kind, MediationKind, _("请选择调解方式。"))
        name = errors.text("mediator", mediator, limit=NAME_MAX)
        day = _day(errors, "requested_on", requested_on, today=today,
                   not_before=timezone.localdate(incident.occurred_at))
        if errors or day is None:
            return {}
        created["mediation"] = Mediation.objects.create(incident=incident, kind=kind, mediator=name, requested_on=day,
                                                        due_on=Mediation.due_for(day))
        return {"data": {"mediation": created["mediation"].pk, "kind": kind, "status": MediationStatus.OPEN,
                         "due_on": created["mediation"].due_on.isoformat()}}

    _step("mediate", actor=actor, incident=incident,
          inputs={"kind": kind, "mediator": mediator, "requested_on": requested_on}, apply=apply, now=now)
    return created["mediation"]


@transaction.atomic
def mediation_update(*, actor, mediation, status, outcome="", concluded_on=None, compensation=None,
                     compensation_paid_on=None, now=None):
    """调解进展: agreed (with the compensation agreed and, once paid, the day), failed or withdrawn."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    mediation = get_visible_or_404(actor, Mediation.objects.select_related("incident"), pk=mediation.pk)

    def apply(incident, errors):
        row = Mediation.objects.select_for_update().get(pk=mediation.pk)
        _choice(errors, "status", status, MediationStatus, _("请选择调解状态。"))
        row.outcome = errors.text("outcome", outcome, limit=TEXT_MAX,
                                  required=_("请填写调解结果。") if status == MediationStatus.AGREED else None)
        agreed = _amount(errors, "compensation", compensation)
        if status == MediationStatus.OPEN:
            row.concluded_on = None
        else:
            row.concluded_on = _day(errors, "concluded_on", concluded_on or today, today=today,
                                    not_before=row.requested_on)
        paid_on = _day(errors, "compensation_paid_on", compensation_paid_on, today=today, not_before=row.requested_on)
        if paid_on and status != MediationStatus.AGREED:
            errors.add("compensation_paid_on", _("只有达成协议的调解才有赔偿支付。"))
        if paid_on and not agreed:
            errors.add("compensation", _("请填写约定的赔偿金额。"))
        if errors:
            return {}
        row.status, row.compensation, row.compensation_paid_on = status, agreed, paid_on
        row.save()
        return {"data": {"mediation": row.pk, "kind": row.kind, "status": status,
                         "compensation": str(agreed) if agreed is not None else "",
                         "paid_on": paid_on.isoformat() if paid_on else ""}}

    _step("mediation_update", actor=actor, incident=mediation.incident, inputs={"status": status}, apply=apply,
          now=now)
    mediation.refresh_from_db()
    return mediation


@transaction.atomic
def statement_record(*, actor, incident, kind, spokesperson, text, published_on=None, now=None):
    """新闻发言人: a public statement; a clarification clears the school when it was not at fault."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = {}

    def apply(incident, errors):
        _choice(errors, "kind", kind, StatementKind, _("请选择声明类别。"))
        values = {
            "spokesperson": errors.text("spokesperson", spokesperson, limit=50),
            "text": errors.text("text", text, limit=TEXT_MAX),
            "published_on": _day(errors, "published_on", published_on or today, today=today,
                                 not_before=timezone.localdate(incident.occurred_at)),
        }
        if errors:
            return {}
        created["statement"] = Statement.objects.create(incident=incident, kind=kind, recorded_by=actor, **values)
        return {"data": {"statement": created["statement"].pk, "kind": kind}}

    _step("statement", actor=actor, incident=incident,
          inputs={"kind": kind, "spokesperson": spokesperson, "text": text}, apply=apply, now=now)
    return created["statement"]


@transaction.atomic
def incident_raise_hazard(*, actor, incident, category, location, description, now=None):
    """What must change so it does not happen again, filed once per incident and category (keyed intake).
    Returns (hazard, created)."""
    key = f"incident:{incident.pk}:{category}"
    result = {}

    def apply(incident, errors):
        if category not in dict(HAZARD_CATEGORIES):
            errors.add("category", _("请选择隐患类别。"))
        if errors:
            return {}
        existing = risk_services.hazard_by_key(key)
        if existing is not None:
            errors.add("category", _("本事故已登记该类别的整改隐患（%(number)s）。") % {"number": existing.number})
            return {}
        hazard = risk_services.hazard_report(
            actor=actor, school=incident.school, category=category, location=location, description=description,
            source=risk_services.HazardSource.INCIDENT, source_key=key, found_at=incident.occurred_at, now=now)
        result["hazard"] = hazard
        return {"data": {"hazard": hazard.pk, "hazard_number": hazard.number, "category": category}}

    _step("raise_hazard", actor=actor, incident=incident,
          inputs={"category": category, "location": location, "description": description}, apply=apply, now=now)
    return result["hazard"]


# ---------------------------------------------------------------------------------------------
# Closing and reopening


def closing_obstacles(incident, now=None):
    """What keeps the incident open, each named so the person knows what to finish."""
    obstacles = []
    if not incident.written_report_at:
        obstacles.append(_("尚未提交书面报告。"))
    if not incident.responsibility:
        obstacles.append(_("尚未作出调查结论和责任认定。"))
    if incident.needs_clarification and not incident.statements.filter(kind=StatementKind.CLARIFICATION).exists():
        obstacles.append(_("学校无责任，须先发布澄清声明。"))
    for claim in incident.claims.all():
        if claim.is_open:
            obstacles.append(_("校方责任险理赔（保单 %(policy)s）尚未办结：%(status)s。") % {
                "policy": claim.policy_number, "status": claim.get_status_display()})
    for mediation in incident.mediations.all():
        if mediation.status == MediationStatus.OPEN:
            obstacles.append(_("%(kind)s（%(mediator)s）尚未结束。") % {
                "kind": mediation.get_kind_display(), "mediator": mediation.mediator})
        elif mediation.compensation_outstanding:
            obstacles.append(_("%(kind)s约定的赔偿 %(amount)s 元尚未支付。") % {
                "kind": mediation.get_kind_display(), "amount": mediation.compensation})
    return obstacles


@transaction.atomic
def incident_close(*, actor, incident, note="", now=None):
    """结案: only when every aftermath item is done; the refusal names what is open."""
    now = now or timezone.now()

    def apply(incident, errors):
        for obstacle in closing_obstacles(incident, now):
            errors.add("__all__", obstacle)
        incident.closed_at = now
        return {"note": errors.text("note", note, limit=TEXT_MAX)}

    return _step("close", actor=actor, incident=incident, inputs={}, apply=apply, now=now)[0]


@transaction.atomic
def incident_reopen(*, actor, incident, reason, now=None):
    """重新打开: an event too; the incident goes back to its aftermath."""
    now = now or timezone.now()

    def apply(incident, errors):
        text = errors.text("reason", reason, limit=TEXT_MAX)
        incident.closed_at = None
        return {"note": text}

    return _step("reopen", actor=actor, incident=incident, inputs={"reason": reason}, apply=apply, now=now)[0]


# The services of the table's rows that act on the incident itself (a test checks none is missing).
INCIDENT_SERVICES = {
    "respond": incident_respond, "act": incident_act, "written_report": incident_written_report,
    "investigate": incident_investigate, "conclude": incident_conclude, "involve": incident_involve,
    "claim": claim_file, "claim_update": claim_update, "mediate": mediation_open,
    "mediation_update": mediation_update, "statement": statement_record, "raise_hazard": incident_raise_hazard,
    "close": incident_close, "reopen": incident_reopen,
}
