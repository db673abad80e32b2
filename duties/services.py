"""Writes of the duty calendar: materialise tasks, schedule and send reminders, close a task.

The daily job is idempotent day by day: each day's tasks, reminder rows and SchedulerRun row commit
together, tasks and reminders are protected by unique constraints, and a reminder is claimed with a
conditional UPDATE before it is sent, so a second beat, a re-delivered message or a restarted worker
never duplicates anything, and a crash between claim and send is taken over after the claim lease.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus_safety import uploads
from campus_safety.validation import TOO_LONG
from notifications import services as notifications
from notifications.messages import message
from organizations.scoping import get_visible_or_404

from . import conf, policies
from .calendar import OFFICE, next_reminder_on, reminder_entries
from .context import PlanningContext
from .models import (DutyEvidence, DutyTask, DutyTaskEvent, DutyTaskEventKind, OwnerKind, Reminder, ReminderKind,
                     ReminderStatus, SchedulerRun, TaskStatus)
from .reminder_text import reminder_text

logger = logging.getLogger(__name__)


def _target_key(definition_id, period_key, sub_district_id, school_id, community_id):
    if school_id:
        return (definition_id, period_key, "school", school_id)
    if community_id:
        return (definition_id, period_key, "community", community_id)
    return (definition_id, period_key, "sub_district", sub_district_id)


@transaction.atomic
def materialise(*, day, context=None):
    """Create every duty task whose period is open on `day` and does not exist yet. Returns how many."""
    context = context or PlanningContext()
    escalate = conf.escalate_after_days()
    candidates = []
    for sub_district in context.sub_districts:
        for definition in context.definitions:
            department = context.owner_department(definition, sub_district)
            if definition.owner_kind == OwnerKind.DEPARTMENT and department is None:
                continue  # this sub-district has no such department: nobody to own the duty
            for period in context.calendar.periods_open_on(definition, day):
                for school, community in context.targets(definition, sub_district, department):
                    candidates.append(DutyTask(
                        definition=definition, period_key=period.key, period_label=period.label,
                        opens_on=period.opens_on, due_on=period.due_on, sub_district=sub_district,
                        school=school, community=community, owner_department=department,
                        owner_school=school if definition.owner_kind == OwnerKind.SCHOOL else None,
                        owner_community=community if definition.owner_kind == OwnerKind.COMMUNITY else None,
                        next_remind_on=next_reminder_on(definition, period.opens_on, period.due_on,
                                                        escalate_default=escalate, after=day - timedelta(days=1)),
                    ))
    if not candidates:
        return 0
    def existing():
        return {
            _target_key(*row) for row in DutyTask.objects.filter(
                period_key__in={c.period_key for c in candidates}
            ).values_list("definition_id", "period_key", "sub_district_id", "school_id", "community_id")
        }

    before = existing()
    missing = [c for c in candidates if _target_key(c.definition_id, c.period_key, c.sub_district_id,
                                                    c.school_id, c.community_id) not in before]
    if not missing:
        return 0
    # A concurrent run may insert the same rows between our read and this write: the unique
    # constraints refuse them and ignore_conflicts skips them.
    DutyTask.objects.bulk_create(missing, ignore_conflicts=True, batch_size=500)
    return len(existing() - before)


@transaction.atomic
def remind(*, day, context=None):
    """Create the reminder rows that fall due up to `day` for open tasks, and move each task's
    next_remind_on forward with a compare-and-set. Returns the ids of the rows created."""
    context = context or PlanningContext()
    escalate = conf.escalate_after_days()
    tasks = DutyTask.objects.filter(status=TaskStatus.OPEN, next_remind_on__lte=day)
    rows = []
    for task in list(tasks):
        definition = context.definitions_by_id[task.definition_id]
        for when, kind, audience in reminder_entries(definition, task.opens_on, task.due_on,
                                                     escalate_default=escalate, until=day):
            if when < task.next_remind_on:
                continue
            people = context.office_of(task) if audience == OFFICE else context.owners_of(task)
            rows.extend(Reminder(task=task, recipient=person, kind=kind, scheduled_on=when) for person in people)
        following = next_reminder_on(definition, task.opens_on, task.due_on, escalate_default=escalate, after=day)
        DutyTask.objects.filter(pk=task.pk, next_remind_on=task.next_remind_on).update(next_remind_on=following)
    if not rows:
        return []
    keys = {(r.task_id, r.recipient_id, r.kind) for r in rows}
    before = set(Reminder.objects.filter(task_id__in={r.task_id for r in rows}).values_list("pk", flat=True))
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = Reminder.objects.filter(task_id__in={k[0] for k in keys}).exclude(pk__in=before)
    return list(created.values_list("pk", flat=True))


@dataclass
class DailyResult:
    days: list
    tasks_created: int
    reminders_created: int
    to_send: list  # reminder ids waiting to be sent: new ones and any a crashed worker left behind


def run_daily(*, today=None, trigger="beat", catch_up=True):
    """The daily job: every day since the last successful run up to `today`, one transaction per day."""
    today = today or timezone.localdate()
    days = [today]
    last = SchedulerRun.objects.order_by("-run_date").values_list("run_date", flat=True).first()
    if catch_up and last is not None and last < today:
        first = max(last + timedelta(days=1), today - timedelta(days=conf.catch_up_max_days() - 1))
        if first > last + timedelta(days=1):
            logger.warning("Duty scheduler last ran on %s: catching up only from %s (DUTIES_CATCH_UP_MAX_DAYS).",
                           last, first)
        days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    context = PlanningContext()
    total_tasks = total_reminders = 0
    for day in days:
        with transaction.atomic():
            created = materialise(day=day, context=context)
            reminders = remind(day=day, context=context)
            run, fresh = SchedulerRun.objects.get_or_create(run_date=day, defaults={
                "finished_at": timezone.now(), "tasks_created": created, "reminders_created": len(reminders),
                "trigger": trigger})
            if not fresh:
                SchedulerRun.objects.filter(pk=run.pk).update(
                    finished_at=timezone.now(), tasks_created=F("tasks_created") + created,
                    reminders_created=F("reminders_created") + len(reminders))
        total_tasks += created
        total_reminders += len(reminders)
    return DailyResult(days, total_tasks, total_reminders, reminders_to_send())


def reminders_to_send(now=None):
    now = now or timezone.now()
    return list(Reminder.objects.filter(
        Q(status=ReminderStatus.PENDING) | Q(status=ReminderStatus.SENDING, claimed_at__lt=now - conf.claim_timeout())
    ).order_by("pk").values_list("pk", flat=True))


DIGEST_TITLE = gettext_lazy("【职责提醒】%(day)s：%(n)s 项职责任务待办")


def digest_key(recipient_id, day):
    return f"duty-digest:{recipient_id}:{day.isoformat()}"


def _digest_title(day):
    return lambda count: message(DIGEST_TITLE, day=day.isoformat(), n=str(count))


def reminder_send(*, reminder_id, now=None):
    """Claim one reminder (conditional UPDATE), add it to its reader's digest of the day (one inbox message
    per person per day, not one per task), mark it sent. E-mail and the group robot get the day's digest
    once, in the morning (digests_deliver). Returns the final status, or None when another worker holds it
    or it is already done."""
    now = now or timezone.now()
    claimable = Q(status=ReminderStatus.PENDING) | Q(status=ReminderStatus.SENDING,
                                                     claimed_at__lt=now - conf.claim_timeout())
    if not Reminder.objects.filter(claimable, pk=reminder_id).update(
            status=ReminderStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1):
        return None
    with transaction.atomic():
        reminder = Reminder.objects.select_related(
            "recipient", "task__definition", "task__school", "task__community", "task__sub_district",
            "task__owner_department", "task__owner_school", "task__owner_community").get(pk=reminder_id)
        mine = Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.SENDING, claimed_at=now)
        task = reminder.task
        if task.status != TaskStatus.OPEN:
            mine.update(status=ReminderStatus.SKIPPED)
            return ReminderStatus.SKIPPED
        title, _body = reminder_text(reminder, task)
        notifications.digest_add(
            key=digest_key(reminder.recipient_id, reminder.scheduled_on), recipient=reminder.recipient,
            title=_digest_title(reminder.scheduled_on), line=title, entry=f"reminder:{reminder.pk}",
            link=reverse("duties:task_list"))
        mine.update(status=ReminderStatus.SENT, sent_at=timezone.now())
    return ReminderStatus.SENT


def digests_deliver(*, day):
    """The morning's deliveries of a day's duty reminders: one e-mail per person (their inbox digest, every
    line) and one group-robot post per department (its tasks reminded that day, its people mentioned). Keyed:
    a second run sends nothing. Escalations go to the office's inbox only, as before."""
    sent = Reminder.objects.filter(scheduled_on=day, status=ReminderStatus.SENT)
    notifications.digest_email(keys={digest_key(recipient, day)
                                     for recipient in sent.values_list("recipient_id", flat=True).distinct()})
    posts = 0
    by_department = {}
    for reminder in (sent.exclude(kind=ReminderKind.ESCALATION).filter(task__owner_department__isnull=False)
                     .exclude(task__owner_department__webhook_url="")
                     .select_related("recipient", "task__definition", "task__school", "task__community",
                                     "task__sub_district", "task__owner_department", "task__owner_school",
                                     "task__owner_community").order_by("task__due_on", "pk")):
        lines, people, seen = by_department.setdefault(reminder.task.owner_department, ([], {}, set()))
        if (reminder.task_id, reminder.kind) not in seen:
            seen.add((reminder.task_id, reminder.kind))
            lines.append(reminder_text(reminder, reminder.task)[0])
        people[reminder.recipient_id] = reminder.recipient
    for department, (lines, people, _seen) in by_department.items():
        mentions = notifications.mentionable(list(people.values()))
        content = [message(DIGEST_TITLE, day=day.isoformat(), n=str(len(lines)))]
        for line in lines:
            content += ["\n", line]
        notifications.post_to_group(key=f"duty-digest:department:{department.pk}:{day.isoformat()}",
                                    webhook_url=department.webhook_url, content=content,
                                    mentions=sorted(mentions), topic=f"department:{department.pk}")
        posts += 1
    return posts


NOTE_MAX = 4000


@transaction.atomic
def duty_task_close(*, actor, task, note, evidence_files=(), evidence_link="", now=None):
    """The owner closes a task with a note and evidence (files, or a link to the record that fulfilled it)."""
    task = get_visible_or_404(actor, DutyTask.objects.select_for_update(), pk=task.pk)
    if not policies.duty_task_close.allows(actor, task):
        raise PermissionDenied
    errors = {}
    if task.status != TaskStatus.OPEN:
        errors["__all__"] = [_("该任务已完成，不能重复办结。")]
    note = (note or "").strip()
    if not note:
        errors["note"] = [_("请填写完成情况。")]
    elif len(note) > NOTE_MAX:
        errors["note"] = [str(TOO_LONG) % {"limit_value": NOTE_MAX, "show_value": len(note)}]
    evidence_link = (evidence_link or "").strip()
    checked = []
    try:
        checked = uploads.validate_uploads(evidence_files)
    except ValidationError as exc:
        errors.setdefault("evidence_files", []).extend(exc.messages)
    if task.definition.evidence_required and not evidence_files and not evidence_link:
        errors.setdefault("evidence_files", []).append(_("请上传佐证材料或填写佐证链接。"))
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    for upload, content_type in checked:
        DutyEvidence.objects.create(task=task, original_name=uploads.display_name(upload), content_type=content_type,
                                    size=upload.size, uploaded_by=actor, file=uploads.stored_file(upload, content_type))
    task.status, task.closed_at, task.closed_by = TaskStatus.DONE, now, actor
    task.note, task.evidence_link, task.next_remind_on = note, evidence_link, None
    task.save(update_fields=["status", "closed_at", "closed_by", "note", "evidence_link", "next_remind_on"])
    DutyTaskEvent.objects.create(task=task, kind=DutyTaskEventKind.CLOSED, actor=actor, at=now, note=note)
    if checked:
        DutyTaskEvent.objects.create(task=task, kind=DutyTaskEventKind.EVIDENCE_ADDED, actor=actor, at=now,
                                     note=", ".join(upload.name for upload, _type in checked))
    return task


@transaction.atomic
def duty_task_fulfil(*, actor, code, on, note, link, sub_district=None, school=None, now=None):
    """A duty done by a record another app keeps (a sweep opened, a self-check submitted): the task of
    that duty whose period holds `on`, for that school (or the sub-district), is closed with the record as
    evidence. The record's own service has checked who may make it; a task already done, or not yet
    materialised, is left as it is. Returns the task closed, or None."""
    tasks = DutyTask.objects.select_for_update().filter(definition__code=code, opens_on__lte=on, due_on__gte=on,
                                                        status=TaskStatus.OPEN)
    tasks = tasks.filter(school=school) if school is not None else tasks.filter(sub_district=sub_district,
                                                                                 school__isnull=True)
    task = tasks.order_by("due_on", "pk").first()
    if task is None:
        return None
    now = now or timezone.now()
    task.status, task.closed_at, task.closed_by = TaskStatus.DONE, now, actor
    task.note, task.evidence_link, task.next_remind_on = note[:NOTE_MAX], link, None
    task.save(update_fields=["status", "closed_at", "closed_by", "note", "evidence_link", "next_remind_on"])
    DutyTaskEvent.objects.create(task=task, kind=DutyTaskEventKind.CLOSED, actor=actor, at=now, note=task.note)
    return task
