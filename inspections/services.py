"""Every change to checklists, campaigns and inspections: one function each, checking who may.

A failed item becomes a hazard through risks.services.hazard_report, keyed ``inspection:<id>:item:<id>``,
so a re-submitted or corrected inspection never makes one twice; duty tasks a record fulfils (the
office's sweep, a school's daily self-check) are closed through duties.services.duty_task_fulfil.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_safety import uploads
from campus_safety.validation import Errors
from duties import services as duty_services
from organizations import people
from organizations.models import Department, School
from organizations.scoping import get_visible_or_404
from risks import services as risk_services

from . import policies
from .models import (CAMPAIGN_KINDS, Answer, AnswerPhoto, AnswerResult, Campaign, CampaignDepartment, ChecklistItem, ChecklistKind,
                     ChecklistTemplate, Inspection, InspectionEvent, InspectionEventKind, InspectionStatus)
from .transitions import CAMPAIGN_LIFECYCLE, INSPECTION_LIFECYCLE

TITLE_MAX, NOTE_MAX, REASON_MAX = 120, 500, 500

# The duty a campaign of each kind fulfils when it is opened (the notice's semi-annual sweeps), and the
# one the education center's part fulfils when a dragnet sweep it took part in is closed.
DUTY_OPENED = {ChecklistKind.DRAGNET: "office-dragnet-sweep", ChecklistKind.SURROUNDINGS: "gov-surroundings"}
DUTY_JOINED = {ChecklistKind.DRAGNET: "edu-join-sweep"}
SELF_CHECK_DUTY = "school-daily-self-check"

HAZARD_SOURCE = {ChecklistKind.DRAGNET: risk_services.HazardSource.SWEEP,
                 ChecklistKind.SURROUNDINGS: risk_services.HazardSource.INSPECTION,
                 ChecklistKind.CAMPUS_GUARD: risk_services.HazardSource.PATROL,
                 ChecklistKind.SELF_CHECK: risk_services.HazardSource.SELF_CHECK}


def _require(allowed):
    if not allowed:
        raise PermissionDenied(_("您无权进行此操作。"))


def _event(inspection, *, actor, kind, data=None, at=None):
    return InspectionEvent.objects.create(inspection=inspection, actor=actor, kind=kind, data=data or {},
                                          at=at or timezone.now())


# ---------------------------------------------------------------------------------------------
# Checklists


@transaction.atomic
def template_revise(*, template, items, name=None, description=None):
    """A new version of a checklist: the old one stays as it was for the inspections filled against it.
    `items` are dicts of ChecklistItem fields (category, text, guidance, direct_judgement), in order."""
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_current:
        raise ValidationError(_("只能在当前版本的基础上修订检查表。"))
    if not items:
        raise ValidationError({"items": _("检查表至少要有一个检查项。")})
    latest = ChecklistTemplate.objects.filter(code=template.code).order_by("-version").first()
    ChecklistTemplate.objects.filter(code=template.code, is_current=True).update(is_current=False)
    revised = ChecklistTemplate.objects.create(
        code=template.code, version=latest.version + 1, kind=template.kind, name=name or template.name,
        description=template.description if description is None else description, is_current=True)
    for order, values in enumerate(items, start=1):
        item = ChecklistItem(template=revised, order=order, **values)
        item.full_clean(exclude=["template"])
        item.save()
    return revised


def current_template(kind):
    return ChecklistTemplate.objects.filter(kind=kind, is_current=True).order_by("code").first()


# ---------------------------------------------------------------------------------------------
# Campaigns


@transaction.atomic
def campaign_open(*, actor, sub_district, kind, template, title, starts_on, ends_on, schools=None,
                  participants=None, now=None):
    """发起排查: one inspection per school in scope (by default every active school of the sub-district),
    each given to the participating department that covers it. `participants` maps a department to the
    schools it covers. Opening fulfils the duty of organising the sweep. `now` is when it was opened (a
    replayed history, such as the demo's)."""
    now = now or timezone.now()
    _require(policies.campaign_open.allows(actor, sub_district))
    errors = Errors()
    title = errors.text("title", title, limit=TITLE_MAX, required=_("请填写排查行动名称。"))
    if kind not in dict(CAMPAIGN_KINDS):
        errors.add("kind", _("请选择排查行动类别。"))
    if template is None or template.kind != kind or not template.is_current:
        errors.add("template", _("请选择与行动类别相符的当前检查表。"))
    if not starts_on:
        errors.add("starts_on", _("请填写开始日期。"))
    if not ends_on:
        errors.add("ends_on", _("请填写结束日期。"))
    elif starts_on and ends_on < starts_on:
        errors.add("ends_on", _("结束日期不能早于开始日期。"))
    in_area = School.objects.filter(sub_district=sub_district, is_active=True)
    schools = list(in_area) if schools is None else list(schools)
    if not schools:
        errors.add("schools", _("请至少选择一所学校。"))
    elif {school.pk for school in schools} - set(in_area.values_list("pk", flat=True)):
        errors.add("schools", _("只能排查本街道的在用学校。"))
    participants = participants or {}
    covered = {}
    for department, covered_schools in participants.items():
        if department.sub_district_id != sub_district.pk:
            errors.add("participants", _("只能邀请本街道的部门参与。"))
            continue
        for school in covered_schools:
            covered.setdefault(school.pk, department)
    errors.raise_if_any()
    campaign = Campaign.objects.create(sub_district=sub_district, kind=kind, template=template, title=title,
                                       starts_on=starts_on, ends_on=ends_on, opened_by=actor, opened_at=now)
    for department, covered_schools in participants.items():
        CampaignDepartment.objects.create(campaign=campaign, department=department).schools.set(covered_schools)
    inspections = Inspection.objects.bulk_create([
        Inspection(kind=kind, campaign=campaign, template=template, school=school,
                   department=covered.get(school.pk), created_at=now) for school in schools])
    InspectionEvent.objects.bulk_create([
        InspectionEvent(inspection=inspection, actor=actor, kind=InspectionEventKind.CREATED, at=now,
                        data={"campaign": campaign.pk}) for inspection in inspections])
    if kind in DUTY_OPENED:
        duty_services.duty_task_fulfil(
            actor=actor, code=DUTY_OPENED[kind], on=starts_on, sub_district=sub_district,
            note=_("已发起排查行动“%(title)s”，覆盖 %(n)d 所学校。") % {"title": title, "n": len(schools)},
            link=reverse("inspections:campaign_detail", args=[campaign.pk]), now=now)
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign, now=None):
    """结束排查: findings are listed on the campaign; drafts still open stay as they are."""
    campaign = get_visible_or_404(actor, Campaign.objects.select_for_update(), pk=campaign.pk)
    transition = CAMPAIGN_LIFECYCLE.begin("close", actor=actor, row=campaign)
    now = now or timezone.now()
    campaign.status, campaign.closed_by, campaign.closed_at = transition.target, actor, now
    campaign.save(update_fields=["status", "closed_by", "closed_at"])
    if campaign.kind in DUTY_JOINED:
        department = Department.objects.filter(sub_district=campaign.sub_district_id,
                                               kind="education_center").first()
        joined = department and campaign.participants.filter(department=department).exists()
        if joined:
            duty_services.duty_task_fulfil(
                actor=actor, code=DUTY_JOINED[campaign.kind], on=campaign.starts_on,
                sub_district=campaign.sub_district,
                note=_("参与排查行动“%(title)s”。") % {"title": campaign.title},
                link=reverse("inspections:campaign_detail", args=[campaign.pk]), now=now)
    return campaign


# ---------------------------------------------------------------------------------------------
# Inspections


def _load(actor, inspection):
    return get_visible_or_404(actor, Inspection.objects.select_for_update(of=("self",))
                              .select_related("school", "template"), pk=inspection.pk)


@transaction.atomic
def inspection_assign(*, actor, inspection, inspector, now=None):
    """指派检查人: the office names who inspects; a department's inspector must be of that department."""
    inspection = _load(actor, inspection)
    _require(policies.inspection_assign.allows(actor, inspection))
    if inspection.status != InspectionStatus.DRAFT:
        raise ValidationError(_("已提交的检查不能再指派。"))
    if inspector is not None and not _may_inspect(inspector, inspection):
        raise ValidationError({"inspector": _("检查人须为负责该校的部门或街道办人员。")})
    inspection.inspector = inspector
    inspection.save(update_fields=["inspector"])
    _event(inspection, actor=actor, kind=InspectionEventKind.ASSIGNED,
           data={"inspector_id": inspector.pk if inspector else None}, at=now)
    return inspection


def _may_inspect(person, inspection):
    # Without naming them first: being the named inspector would pass the rule by itself.
    candidate = Inspection(pk=inspection.pk, kind=inspection.kind, school=inspection.school,
                           department=inspection.department, inspector=None)
    return policies.inspection_fill.allows(person, candidate)


def _apply_answers(inspection, *, actor, answers, photos, errors, now=None):
    """Write the answers given (item id → {"result", "note"}) and photos (item id → files) of a draft."""
    items = {item.pk: item for item in inspection.template.items.all()}
    existing = {answer.item_id: answer for answer in inspection.answers.all()}
    now, changed = now or timezone.now(), []
    for item_id, given in (answers or {}).items():
        item = items.get(int(item_id))
        if item is None:
            errors.add("answers", _("检查项不属于此检查表。"))
            continue
        result = (given.get("result") or "").strip()
        if result and result not in AnswerResult.values:
            errors.add(f"item-{item.pk}", _("请选择合格、不合格或不适用。"))
            continue
        note = errors.text(f"item-{item.pk}", given.get("note", ""), limit=NOTE_MAX)
        answer = existing.get(item.pk) or Answer(inspection=inspection, item=item)
        if answer.pk and (answer.result, answer.note) == (result, note):
            continue
        answer.result, answer.note, answer.updated_at = result, note, now
        changed.append(answer)
    checked_photos = {}
    for item_id, files in (photos or {}).items():
        if int(item_id) not in items:
            errors.add("photos", _("检查项不属于此检查表。"))
            continue
        try:
            checked_photos[int(item_id)] = uploads.validate_uploads(files)
        except ValidationError as error:
            for message in error.messages:
                errors.add(f"item-{item_id}", message)
    if errors:
        return []
    for answer in changed:
        answer.save()
        existing[answer.item_id] = answer
    for item_id, checked in checked_photos.items():
        answer = existing.get(item_id)
        if answer is None:
            answer = Answer.objects.create(inspection=inspection, item=items[item_id], updated_at=now)
            existing[item_id] = answer
        for upload, content_type in checked:
            AnswerPhoto.objects.create(answer=answer, file=uploads.stored_file(upload, content_type),
                                       content_type=content_type, size=upload.size,
                                       original_name=uploads.display_name(upload), uploaded_by=actor,
                                       uploaded_at=now)
    return changed


@transaction.atomic
def inspection_save(*, actor, inspection, answers=None, photos=None):
    """保存草稿: answers and photos so far; nothing becomes a hazard until the inspection is submitted."""
    inspection = _load(actor, inspection)
    _require(policies.inspection_fill.allows(actor, inspection))
    if inspection.status != InspectionStatus.DRAFT:
        raise ValidationError(_("检查已提交，不能再修改；如需更正，请使用“更正”。"), code="bad_status")
    errors = Errors()
    changed = _apply_answers(inspection, actor=actor, answers=answers, photos=photos, errors=errors)
    errors.raise_if_any()
    if changed or photos:
        _event(inspection, actor=actor, kind=InspectionEventKind.SAVED,
               data={"items": sorted(answer.item_id for answer in changed)})
    return inspection


@transaction.atomic
def inspection_submit(*, actor, inspection, answers=None, photos=None, inspected_on=None, now=None):
    """提交: every item answered, a failed one explained; then each failed item becomes a hazard (once).
    `now` is when it was submitted (a replayed history, such as the demo's); the day is checked against it."""
    inspection = _load(actor, inspection)
    now = now or timezone.now()
    errors = Errors()
    INSPECTION_LIFECYCLE.begin("submit", actor=actor, row=inspection, errors=errors)
    _apply_answers(inspection, actor=actor, answers=answers, photos=photos, errors=errors, now=now)
    errors.raise_if_any()
    answered = {answer.item_id: answer for answer in inspection.answers.select_related("item")}
    for item in inspection.template.items.all():
        answer = answered.get(item.pk)
        if answer is None or not answer.result:
            errors.add(f"item-{item.pk}", _("请填写此项检查结果。"))
        elif answer.result == AnswerResult.FAIL and not answer.note:
            errors.add(f"item-{item.pk}", _("不合格项请写明问题所在。"))
    day = inspected_on or timezone.localdate(now)
    if day > timezone.localdate(now):
        errors.add("inspected_on", _("检查日期不能晚于今天。"))
    errors.raise_if_any()
    inspection.status, inspection.submitted_by, inspection.submitted_at = (
        InspectionStatus.SUBMITTED, actor, now)
    inspection.inspected_on = inspection.inspected_on or day
    inspection.save(update_fields=["status", "submitted_by", "submitted_at", "inspected_on"])
    failed = [answer for answer in answered.values() if answer.result == AnswerResult.FAIL]
    for answer in sorted(failed, key=lambda a: a.item.order):
        _report(actor, inspection, answer, now=now)
    _event(inspection, actor=actor, kind=InspectionEventKind.SUBMITTED, at=now, data={
        "answers": {str(a.item_id): a.result for a in answered.values()}, "failed": len(failed)})
    if inspection.kind == ChecklistKind.SELF_CHECK:
        duty_services.duty_task_fulfil(
            actor=actor, code=SELF_CHECK_DUTY, on=inspection.inspected_on, school=inspection.school,
            note=_("已完成每日自查，%(n)d 项不合格。") % {"n": len(failed)},
            link=reverse("inspections:inspection_detail", args=[inspection.pk]), now=now)
    return inspection


def _report(actor, inspection, answer, now=None):
    """The failed item as a hazard: keyed by the item, graded by the checklist (major for a
    direct-judgement case), with the item's photos."""
    item = answer.item
    photos = [File(photo.file.open("rb"), name=photo.original_name or photo.file.name)
              for photo in answer.photos.all()]
    try:
        hazard = risk_services.hazard_report(
            actor=actor, school=inspection.school, category=item.category, location=item.text[:120],
            description=answer.note, photos=photos, found_at=now or timezone.now(), now=now,
            source=HAZARD_SOURCE[inspection.kind], source_key=f"inspection:{inspection.pk}:item:{item.pk}",
            rule_grade="major" if item.is_direct_judgement else "general", rule_basis=item.direct_judgement)
    finally:
        for photo in photos:
            photo.close()
    if answer.hazard_id != hazard.pk:
        Answer.objects.filter(pk=answer.pk).update(hazard=hazard)
        answer.hazard = hazard
    return hazard


@transaction.atomic
def inspection_correct(*, actor, inspection, item, result, reason):
    """更正: a submitted inspection is not changed; the correction is an event, and an item corrected to
    failed becomes a hazard (the same one, if it already was)."""
    inspection = _load(actor, inspection)
    errors = Errors()
    INSPECTION_LIFECYCLE.begin("correct", actor=actor, row=inspection, errors=errors,
                               inputs={"item": item, "result": result, "reason": reason})
    reason = errors.text("reason", reason, limit=REASON_MAX)
    if item is not None and item.template_id != inspection.template_id:
        errors.add("item", _("检查项不属于此检查表。"))
    if result and result not in AnswerResult.values:
        errors.add("result", _("请选择合格、不合格或不适用。"))
    errors.raise_if_any()
    answer = Answer.objects.select_related("item").get(inspection=inspection, item=item)
    _event(inspection, actor=actor, kind=InspectionEventKind.CORRECTED,
           data={"item": item.pk, "order": item.order, "from": answer.result, "to": result, "reason": reason})
    if result == AnswerResult.FAIL:
        corrected = Answer(pk=answer.pk, inspection=inspection, item=item, result=result,
                           note=answer.note or reason, hazard=answer.hazard)
        _report(actor, inspection, corrected)
    return inspection


# ---------------------------------------------------------------------------------------------
# The daily self-check


@transaction.atomic
def self_check_start(*, actor, school, day=None, now=None):
    """今日自查: the school's self-check of the day, made on first opening and found again after. `now`
    is when it was opened (a replayed history); `day` defaults to its date."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.self_check.allows(actor, school))
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    existing = Inspection.objects.filter(kind=ChecklistKind.SELF_CHECK, school=school, inspected_on=day).first()
    if existing is not None:
        return existing
    template = current_template(ChecklistKind.SELF_CHECK)
    if template is None:
        raise ValidationError(_("尚未配置每日自查检查表，请联系街道办。"))
    inspection = Inspection.objects.create(kind=ChecklistKind.SELF_CHECK, template=template, school=school,
                                           inspector=actor, inspected_on=day, created_at=now)
    _event(inspection, actor=actor, kind=InspectionEventKind.CREATED, data={"day": day.isoformat()}, at=now)
    return inspection


def people_who_may_inspect(inspection):
    """Candidates the office may name as inspector: the covering department's staff and the office."""
    found = people.office_staff(inspection.school.sub_district_id)
    if inspection.department_id:
        found = found | people.department_staff(inspection.department_id)
    return found.distinct().order_by("full_name", "username")
