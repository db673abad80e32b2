"""Every change to a public report. The public pages, the triage pages, the API, the demo and the jobs
all come here.

Submitting is the one write a person without an account can make: throttled per address and per school,
behind a challenge, with no reply that tells one school or record from another. Triage steps pass the
lifecycle's table (transitions.py), then their own checks, and write the report, its event and what it
became (an incident through incidents.services, a hazard through the keyed intake of risks.services) in one
transaction.
"""
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_safety import uploads
from campus_safety.validation import Errors
from incidents import services as incident_services
from incidents.models import IncidentKind
from incidents.selectors import incident_list
from organizations.models import School
from organizations.scoping import get_visible_or_404
from risks import services as risk_services
from risks.selectors import HAZARD_CATEGORIES, hazard_list

from . import announcements, challenge, receipts, throttle
from .models import (Outcome, PublicHit, PublicReport, PublicReportEvent, PublicReportEventKind, PublicReportPhoto,
                     ReportKind, ReportStatus, contact_retention_days)
from .transitions import REPORT_LIFECYCLE

DESCRIPTION_MAX, CONTACT_MAX, NAME_MAX, ANSWER_MAX, REASON_MAX, PLACE_MAX = 2000, 100, 50, 200, 1000, 200
PHOTOS_MAX = 3
PHOTO_BYTES_MAX = 5 * 1024 * 1024

# What the triage form proposes for each kind of report; the person triaging decides.
SUGGESTED_INCIDENT_KIND = {
    ReportKind.BULLYING: IncidentKind.VIOLENCE, ReportKind.CORPORAL_PUNISHMENT: IncidentKind.VIOLENCE,
    ReportKind.HARASSMENT: IncidentKind.VIOLENCE, ReportKind.FACILITY: IncidentKind.INJURY,
    ReportKind.FOOD: IncidentKind.FOOD_POISONING, ReportKind.TRAFFIC: IncidentKind.TRAFFIC,
    ReportKind.PREMISES: IncidentKind.OTHER, ReportKind.OTHER: IncidentKind.OTHER,
}
SUGGESTED_HAZARD_CATEGORY = {
    ReportKind.BULLYING: "bullying", ReportKind.CORPORAL_PUNISHMENT: "bullying", ReportKind.HARASSMENT: "bullying",
    ReportKind.FACILITY: "facilities", ReportKind.FOOD: "food", ReportKind.TRAFFIC: "traffic",
    ReportKind.PREMISES: "surroundings", ReportKind.OTHER: "other",
}


def public_schools():
    """The schools a member of the public may report about: every school in use, by sub-district."""
    return School.objects.filter(is_active=True).select_related("sub_district").order_by("sub_district__name", "name")


# ---------------------------------------------------------------------------------------------
# The public side


def _clean_text(value):
    # Control characters (other than line breaks) have no place in a report and can upset exports.
    return "".join(ch for ch in (value or "") if ch.isprintable() or ch in "\n\t")


def _photos(errors, photos):
    photos = [p for p in photos or [] if p]
    if len(photos) > PHOTOS_MAX:
        errors.add("photos", _("最多上传 %(n)d 张照片。") % {"n": PHOTOS_MAX})
        return []
    checked = []
    for photo in photos:
        if photo.size > PHOTO_BYTES_MAX:
            errors.add("photos", _("照片“%(name)s”超过 5 MB，请压缩后重新上传。") % {
                "name": uploads.display_name(photo)})
            continue
        try:
            content_type = uploads.validate_upload(photo)
        except ValidationError as error:
            errors.add("photos", error.messages[0])
            continue
        if not content_type.startswith("image/"):
            errors.add("photos", _("“%(name)s”不是照片：只能上传 JPEG、PNG、WebP 或 HEIC 照片。") % {
                "name": uploads.display_name(photo)})
            continue
        checked.append((photo, content_type))
    return checked


def report_submit(*, school_id, kind, description, surroundings=False, anonymous=True, contact_name="", contact="",
                  photos=(), challenge_token="", challenge_answer="", address=None, now=None):
    """举报: anyone, without an account. Returns the report (its receipt code is the reporter's only handle).

    Raises throttle.Throttled when the address or the school used up its hour, ValidationError (by field)
    for anything else; an unknown school reads exactly as no school chosen."""
    now = now or timezone.now()
    school = School.objects.filter(pk=school_id, is_active=True).first() if str(school_id or "").isdigit() else None
    throttle.check(PublicHit.Action.SUBMIT, address=address, school=school, now=now)
    errors = Errors()
    nonce = challenge.check(challenge_token, challenge_answer, errors)
    if nonce is None:
        throttle.record(PublicHit.Action.WRONG, address=address, now=now)
    if school is None:
        errors.add("school", _("请选择学校。"))
    if kind not in ReportKind.values:
        errors.add("kind", _("请选择举报类别。"))
    description = errors.text("description", _clean_text(description), limit=DESCRIPTION_MAX,
                              required=_("请写下发生了什么：时间、地点、涉及的人和事。"))
    contact_name = errors.text("contact_name", "" if anonymous else _clean_text(contact_name), limit=NAME_MAX)
    contact = errors.text("contact", "" if anonymous else _clean_text(contact), limit=CONTACT_MAX,
                          required=None if anonymous else _("请留下联系方式，或选择匿名举报。"))
    checked = _photos(errors, photos)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            report = PublicReport.objects.create(
                receipt=_unused_receipt(), school=school, surroundings=bool(surroundings), kind=kind,
                description=description, anonymous=bool(anonymous), contact_name=contact_name, contact=contact,
                client_address=address, challenge=nonce, submitted_at=now)
            for photo, content_type in checked:
                PublicReportPhoto.objects.create(report=report, file=uploads.stored_file(photo, content_type),
                                                 content_type=content_type, size=photo.size)
            throttle.record(PublicHit.Action.SUBMIT, address=address, school=school, now=now)
            event = _event(report, actor=None, kind=PublicReportEventKind.SUBMITTED, from_status="", at=now)
            announcements.announce(event)
    except IntegrityError:  # the same challenge a second time: a replay, or the form sent twice
        errors.add("answer", _("这道验证题已经用过，请回答新的题目后再提交。"))
        errors.raise_if_any()
    return report


def _unused_receipt():
    while True:
        receipt = receipts.new_receipt()
        if not PublicReport.objects.filter(receipt=receipt).exists():
            return receipt


def report_lookup(*, receipt, address=None, now=None):
    """The report with this receipt code, or None; counted against the address like a submission."""
    now = now or timezone.now()
    throttle.check(PublicHit.Action.LOOKUP, address=address, now=now)
    throttle.record(PublicHit.Action.LOOKUP, address=address, now=now)
    code = receipts.normalise(receipt)
    if len(code) != receipts.LENGTH:
        return None
    return PublicReport.objects.filter(receipt=code).only("status", "public_answer", "submitted_at").first()


# ---------------------------------------------------------------------------------------------
# Triage


def allowed_actions(user, report):
    return [t.name for t in REPORT_LIFECYCLE.allowed(user, report)]


def _event(report, *, actor, kind, from_status, note="", data=None, at=None):
    return PublicReportEvent.objects.create(report=report, kind=kind, actor=actor, from_status=from_status,
                                            to_status=report.status, note=note, data=data or {},
                                            at=at or timezone.now())


@transaction.atomic
def _step(name, *, actor, report, inputs, apply, now=None):
    now = now or timezone.now()
    report = get_visible_or_404(actor, PublicReport.objects.select_for_update(of=("self",)).select_related("school"),
                                pk=report.pk)
    errors = Errors()
    transition = REPORT_LIFECYCLE.begin(name, actor=actor, row=report, inputs=inputs, errors=errors)
    outcome = (apply(report, errors) if not errors else None) or {}
    errors.raise_if_any()
    before = report.status
    if transition.target:
        report.status = transition.target
    report.save()
    event = _event(report, actor=actor, kind=transition.event, from_status=before, note=outcome.get("note", ""),
                   data=outcome.get("data"), at=now)
    announcements.announce(event)
    return report


def _triaged(report, actor, now, outcome):
    report.outcome, report.triaged_by, report.triaged_at = outcome, actor, now


def report_to_incident(*, actor, report, kind, severity, occurred_at, place, injured=0, now=None):
    """转为安全事故: reported by the person triaging, on the report's account; once per report."""
    now = now or timezone.now()

    def apply(report, errors):
        account = _("公众举报 %(number)s：%(text)s") % {"number": report.number, "text": report.description}
        try:
            incident = incident_services.incident_report(
                actor=actor, school=report.school, kind=kind, severity=severity, occurred_at=occurred_at,
                place=place, first_account=account[:incident_services.ACCOUNT_MAX], injured=injured, now=now)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    errors.add(field, message)
            return None
        report.incident = incident
        _triaged(report, actor, now, Outcome.INCIDENT)
        return {"data": {"incident": incident.pk, "incident_number": incident.number}}

    return _step("to_incident", actor=actor, report=report, now=now, apply=apply,
                 inputs={"kind": kind, "severity": severity, "occurred_at": occurred_at, "place": place})


def report_to_hazard(*, actor, report, category, location, description="", now=None):
    """转为隐患: through the keyed intake (``public:<id>``), so it is filed once whatever is sent twice."""
    now = now or timezone.now()

    def apply(report, errors):
        if category not in dict(HAZARD_CATEGORIES):
            errors.add("category", _("请选择隐患类别。"))
            return None
        text = (description or "").strip() or report.description
        try:
            hazard = risk_services.hazard_report(
                actor=None, school=report.school, category=category, location=location,
                description=_("公众举报 %(number)s：%(text)s") % {"number": report.number, "text": text},
                source=risk_services.HazardSource.PUBLIC, source_key=f"public:{report.pk}",
                found_at=report.submitted_at, now=now)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    errors.add(field, message)
            return None
        report.hazard = hazard
        _triaged(report, actor, now, Outcome.HAZARD)
        return {"data": {"hazard": hazard.pk, "hazard_number": hazard.number}}

    return _step("to_hazard", actor=actor, report=report, now=now, apply=apply,
                 inputs={"category": category, "location": location})


def merge_candidates(actor, report):
    """The open incidents and hazards of the report's school this person sees: what it may be merged into."""
    return (incident_list(actor, open_only=True, school=report.school_id),
            hazard_list(actor, status="open", school=report.school_id))


def report_merge(*, actor, report, target, now=None):
    """并入: ``incident:<id>`` or ``hazard:<id>``, an open one at the same school."""
    now = now or timezone.now()

    def apply(report, errors):
        kind, _sep, pk = (target or "").partition(":")
        incidents, hazards = merge_candidates(actor, report)
        rows = {"incident": incidents, "hazard": hazards}.get(kind)
        row = rows.filter(pk=pk).first() if rows is not None and pk.isdigit() else None
        if row is None:
            errors.add("target", _("请选择本校未办结的事故或隐患。"))
            return None
        if kind == "incident":
            report.incident = row
            _triaged(report, actor, now, Outcome.MERGED_INCIDENT)
        else:
            report.hazard = row
            _triaged(report, actor, now, Outcome.MERGED_HAZARD)
        return {"data": {kind: row.pk, "number": row.number}}

    return _step("merge", actor=actor, report=report, now=now, apply=apply, inputs={"target": target})


def report_dismiss(*, actor, report, reason, public_answer, now=None):
    """不予受理: the reason stays inside; the reporter reads the public answer."""
    now = now or timezone.now()

    def apply(report, errors):
        text = errors.text("reason", reason, limit=REASON_MAX)
        answer = errors.text("public_answer", public_answer, limit=ANSWER_MAX)
        if errors:
            return None
        _triaged(report, actor, now, Outcome.DISMISSED)
        report.public_answer, report.answered_at = answer, now
        return {"note": text, "data": {"public_answer": answer}}

    return _step("dismiss", actor=actor, report=report, now=now, apply=apply,
                 inputs={"reason": reason, "public_answer": public_answer})


def report_answer(*, actor, report, public_answer, now=None):
    """办结答复: one public line, what the reporter reads with their receipt code."""
    now = now or timezone.now()

    def apply(report, errors):
        answer = errors.text("public_answer", public_answer, limit=ANSWER_MAX)
        if errors:
            return None
        report.public_answer, report.answered_at = answer, now
        return {"data": {"public_answer": answer}}

    return _step("answer", actor=actor, report=report, now=now, apply=apply, inputs={"public_answer": public_answer})


def report_read_contact(*, actor, report, now=None):
    """The reporter's name and contact, for a triaging person only; every reading is an event."""
    found = {}

    def apply(report, errors):
        found.update(name=report.contact_name, contact=report.contact, purged=bool(report.personal_data_purged_at))
        return {}

    _step("read_contact", actor=actor, report=report, now=now, apply=apply, inputs={})
    return found


# ---------------------------------------------------------------------------------------------
# Retention


@transaction.atomic
def personal_data_purge(*, now=None):
    """Contacts and sender addresses older than the configured days are erased (an event says when); hits
    older than a day go. Returns how many reports were cleared."""
    now = now or timezone.now()
    due = (PublicReport.objects.select_for_update()
           .filter(submitted_at__lt=now - timedelta(days=contact_retention_days()), personal_data_purged_at=None))
    cleared = 0
    for report in due:
        report.contact_name = report.contact = ""
        report.client_address = None
        report.personal_data_purged_at = now
        report.save(update_fields=["contact_name", "contact", "client_address", "personal_data_purged_at"])
        _event(report, actor=None, kind=PublicReportEventKind.PURGED, from_status=report.status, at=now)
        cleared += 1
    throttle.forget(now)
    return cleared
