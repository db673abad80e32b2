"""Supervision (督导): the sweep that flags schools by the rules, and the office's records of what followed.

One concept for 挂牌督办: a hazard listed for supervision in the ledger (risks' `supervised_at`, set by
risks.services.hazards_escalate) is a Supervision naming the hazard; the sweep opens one for each listed
hazard and lifts it when the hazard is no longer listed (accepted, or given a new deadline). Schools are
flagged for an interview (约谈) or listed by the rules' thresholds, which are data (SupervisionRule).
"""
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus_safety.validation import Errors
from inspections import selectors as inspection_selectors
from organizations.lifecycle import Lifecycle, Transition
from organizations.models import School
from organizations.scoping import get_visible_or_404
from risks import selectors as risk_selectors
from risks import services as risk_services

from . import policies
from .models import (Basis, Incident, Measure, Supervision, SupervisionEvent, SupervisionEventKind,
                     SupervisionRule, SupervisionStatus)

TEXT_MAX = 2000
DEADLINE_MAX_DAYS = 366

S = SupervisionStatus
SUPERVISION_LIFECYCLE = Lifecycle(
    Transition("interview", frozenset({S.FLAGGED}), S.INTERVIEWED, policies.supervision_manage,
               SupervisionEventKind.INTERVIEWED, gettext_lazy("记录约谈"),
               required={"held_on": gettext_lazy("请填写约谈日期。"), "participants": gettext_lazy("请填写参加人员。"),
                         "findings": gettext_lazy("请填写约谈发现的问题。"),
                         "commitments": gettext_lazy("请填写学校的整改承诺。")}),
    Transition("dismiss", frozenset({S.FLAGGED}), S.DISMISSED, policies.supervision_manage,
               SupervisionEventKind.DISMISSED, gettext_lazy("不予督导"),
               required={"note": gettext_lazy("请填写不予督导的理由。")}),
    Transition("extend", frozenset({S.LISTED}), None, policies.supervision_manage, SupervisionEventKind.DEADLINE,
               gettext_lazy("调整整改期限"), required={"deadline": gettext_lazy("请填写新的整改期限。")}),
    Transition("lift", frozenset({S.LISTED}), S.LIFTED, policies.supervision_manage, SupervisionEventKind.LIFTED,
               gettext_lazy("摘牌"), required={"note": gettext_lazy("请填写摘牌依据（整改完成情况）。")}),
    bad_state=gettext_lazy("督导记录当前状态为“%(status)s”，不能进行此操作。"),
)


def allowed_actions(user, supervision):
    return [transition.name for transition in SUPERVISION_LIFECYCLE.allowed(user, supervision)]


def _event(supervision, *, actor, kind, note="", data=None, at=None):
    return SupervisionEvent.objects.create(supervision=supervision, kind=kind, actor=actor, note=note,
                                           data=data or {}, at=at or timezone.now())


def _open(*, school_id, measure, basis, key, rule=None, hazard_id=None, evidence=None, reason="", deadline=None,
          actor=None, now=None):
    """One open record per key: a second sweep (or a second worker) finds the first and adds nothing."""
    if Supervision.objects.filter(key=key, status__in=(S.FLAGGED, S.LISTED)).exists():
        return None
    now = now or timezone.now()
    status = S.LISTED if measure == Measure.LISTED else S.FLAGGED
    try:
        with transaction.atomic():
            supervision = Supervision.objects.create(
                school_id=school_id, measure=measure, basis=basis, rule=rule, hazard_id=hazard_id,
                evidence=evidence or {}, reason=reason, key=key, status=status, flagged_at=now, deadline=deadline)
    except IntegrityError:
        return None
    _event(supervision, actor=actor, kind=SupervisionEventKind.FLAGGED, at=now,
           data={"basis": basis, "measure": measure, **(evidence or {})})
    return supervision


def _deadline(rule, today):
    return today + timedelta(days=rule.deadline_days)


def _answered(rule, school_id):
    """The incidents an earlier flag of this rule at the school rested on (interviewed, dismissed or lifted):
    they do not count again. One that happened before that flag but was reported after it still counts."""
    answered = set()
    for evidence in (Supervision.objects.filter(rule=rule, school_id=school_id)
                     .exclude(status__in=(S.FLAGGED, S.LISTED)).values_list("evidence", flat=True)):
        answered.update((evidence or {}).get("incidents", []))
    return answered


def _frequent_incidents(rule, today, now):
    in_window = Incident.objects.filter(occurred_at__gte=now - timedelta(days=rule.window_days), occurred_at__lte=now)
    opened = 0
    counts = in_window.values("school").annotate(n=Count("pk")).filter(n__gte=rule.threshold)
    for row in counts:
        answered = _answered(rule, row["school"])
        ids = [pk for pk in in_window.filter(school=row["school"]).order_by("occurred_at", "pk")
               .values_list("pk", flat=True) if pk not in answered]
        if len(ids) < rule.threshold:
            continue
        opened += bool(_open(
            school_id=row["school"], measure=rule.measure, basis=rule.basis, rule=rule,
            key=f"rule:{rule.code}:school:{row['school']}", evidence={"incidents": ids},
            deadline=_deadline(rule, today) if rule.measure == Measure.LISTED else None, now=now))
    return opened


def _failed_sweeps(rule, today, now):
    opened = 0
    for school_id, inspection_id, failed in inspection_selectors.failed_sweeps(
            today - timedelta(days=rule.window_days), rule.threshold):
        opened += bool(_open(
            school_id=school_id, measure=rule.measure, basis=rule.basis, rule=rule,
            key=f"rule:{rule.code}:inspection:{inspection_id}", evidence={"inspection": inspection_id, "failed": failed},
            deadline=_deadline(rule, today) if rule.measure == Measure.LISTED else None, now=now))
    return opened


def _listed_hazards(rule, today, now):
    # The threshold is the days past the deadline before a major hazard is listed (1: the day after).
    risk_services.hazards_escalate(today=today - timedelta(days=rule.threshold - 1))
    opened = 0
    for hazard in risk_selectors.listed_hazards():
        opened += bool(_open(
            school_id=hazard.school_id, measure=Measure.LISTED, basis=rule.basis, rule=rule, hazard_id=hazard.pk,
            key=f"hazard:{hazard.pk}", evidence={"hazard": hazard.pk, "hazard_number": hazard.number,
                                                 "deadline": hazard.deadline.isoformat() if hazard.deadline else ""},
            deadline=max(_deadline(rule, today), today), now=now))
    return opened


def _lift_settled_hazards(now):
    """A hazard accepted or given a new deadline is no longer listed: its record is lifted, by the system."""
    listed = set(risk_selectors.listed_hazards().values_list("pk", flat=True))
    lifted = 0
    for supervision in Supervision.objects.filter(status=S.LISTED, hazard__isnull=False).exclude(hazard__in=listed):
        with transaction.atomic():
            if not Supervision.objects.filter(pk=supervision.pk, status=S.LISTED).update(
                    status=S.LIFTED, closed_on=timezone.localdate(now)):
                continue
            _event(supervision, actor=None, kind=SupervisionEventKind.LIFTED, at=now, data={"hazard_settled": True})
            lifted += 1
    return lifted


SWEEPS = {Basis.INCIDENTS: _frequent_incidents, Basis.FAILED_SWEEP: _failed_sweeps,
          Basis.OVERDUE_MAJOR_HAZARD: _listed_hazards}


def supervision_sweep(*, now=None):
    """The job: every active rule over the whole deployment, then hazards no longer listed are lifted.
    Idempotent (one open record per key), so it may run hourly and catch up a missed day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    opened = 0
    for rule in SupervisionRule.objects.filter(active=True, basis__in=list(SWEEPS)).order_by("basis", "code"):
        opened += SWEEPS[rule.basis](rule, today, now)  # a rule on the office's own basis (manual) has no sweep
    return {"opened": opened, "lifted": _lift_settled_hazards(now)}


# ---------------------------------------------------------------------------------------------
# The office's records


def _check_deadline(errors, deadline, today):
    if deadline is None:
        return None
    if deadline < today:
        errors.add("deadline", _("整改期限 %(value)s 早于今天，请核对。") % {"value": deadline.isoformat()})
    elif deadline > today + timedelta(days=DEADLINE_MAX_DAYS):
        errors.add("deadline", _("整改期限不能超过一年。"))
    return deadline


@transaction.atomic
def supervision_flag(*, actor, school, measure, reason, deadline=None, now=None):
    """The office flags a school by hand (约谈 or 挂牌督办), with its reason."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    if not policies.supervision_flag.allows(actor, school):
        raise PermissionDenied(_("只有街道办可以提出督导。"))
    errors = Errors()
    if measure not in Measure.values:
        errors.add("measure", _("请选择督导措施。"))
    reason = errors.text("reason", reason, limit=TEXT_MAX, required=_("请填写督导事由。"))
    deadline = _check_deadline(errors, deadline, today)
    if measure == Measure.LISTED and deadline is None:
        errors.add("deadline", _("挂牌督办须规定整改期限。"))
    key = f"manual:school:{school.pk}:{measure}"
    if not errors and Supervision.objects.filter(key=key, status__in=(S.FLAGGED, S.LISTED)).exists():
        errors.add("measure", _("该学校已有同类未办结的督导记录。"))
    errors.raise_if_any()
    return _open(school_id=school.pk, measure=measure, basis=Basis.MANUAL, key=key, reason=reason,
                 deadline=deadline, actor=actor, now=now)


def _step(name, *, actor, supervision, inputs, apply, now=None):
    supervision = get_visible_or_404(actor, Supervision.objects.select_for_update(of=("self",)), pk=supervision.pk)
    errors = Errors()
    transition = SUPERVISION_LIFECYCLE.begin(name, actor=actor, row=supervision, inputs=inputs, errors=errors)
    outcome = apply(supervision, errors) or {}
    errors.raise_if_any()
    if transition.target:
        supervision.status = transition.target
    supervision.save()
    _event(supervision, actor=actor, kind=transition.event, note=outcome.get("note", ""), data=outcome.get("data"),
           at=now)
    return supervision


@transaction.atomic
def supervision_interview(*, actor, supervision, held_on, participants, findings, commitments, now=None):
    """约谈记录: date, participants, what was found, what the school committed to."""
    today = timezone.localdate(now or timezone.now())

    def apply(row, errors):
        if held_on and held_on > today:
            errors.add("held_on", _("约谈日期 %(value)s 晚于今天，请核对。") % {"value": held_on.isoformat()})
        row.held_on = held_on
        row.participants = errors.text("participants", participants, limit=TEXT_MAX)
        row.findings = errors.text("findings", findings, limit=TEXT_MAX)
        row.commitments = errors.text("commitments", commitments, limit=TEXT_MAX)
        row.closed_on = held_on
        return {"data": {"held_on": held_on.isoformat() if held_on else ""}}

    return _step("interview", actor=actor, supervision=supervision, apply=apply, now=now,
                 inputs={"held_on": held_on, "participants": participants, "findings": findings,
                         "commitments": commitments})


@transaction.atomic
def supervision_dismiss(*, actor, supervision, note, now=None):
    def apply(row, errors):
        row.closing_note = errors.text("note", note, limit=TEXT_MAX)
        row.closed_on = timezone.localdate(now or timezone.now())
        return {"note": row.closing_note}

    return _step("dismiss", actor=actor, supervision=supervision, inputs={"note": note}, apply=apply, now=now)


@transaction.atomic
def supervision_extend(*, actor, supervision, deadline, now=None):
    today = timezone.localdate(now or timezone.now())

    def apply(row, errors):
        before = row.deadline
        row.deadline = _check_deadline(errors, deadline, today) or row.deadline
        return {"data": {"from": before.isoformat() if before else "", "to": deadline.isoformat() if deadline else ""}}

    return _step("extend", actor=actor, supervision=supervision, inputs={"deadline": deadline}, apply=apply, now=now)


@transaction.atomic
def supervision_lift(*, actor, supervision, note, now=None):
    """摘牌: by the office once the school has rectified; a listed hazard is lifted by its own acceptance."""
    def apply(row, errors):
        if row.hazard_id and risk_selectors.listed_hazards().filter(pk=row.hazard_id).exists():
            errors.add("__all__", _("该重大隐患仍在挂牌督办：隐患验收销号（或重新交办）后自动摘牌。"))
        row.closing_note = errors.text("note", note, limit=TEXT_MAX)
        row.closed_on = timezone.localdate(now or timezone.now())
        return {"note": row.closing_note}

    return _step("lift", actor=actor, supervision=supervision, inputs={"note": note}, apply=apply, now=now)


SUPERVISION_SERVICES = {"interview": supervision_interview, "dismiss": supervision_dismiss,
                        "extend": supervision_extend, "lift": supervision_lift}
