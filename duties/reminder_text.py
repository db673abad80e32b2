"""What a duty reminder says, as facts: notifications renders it in each reader's language when read.

Duty titles, places and periods are data and stay as entered; the message around them is translated.
"""
from django.utils.translation import gettext_lazy as _

from notifications.messages import message

from .models import ReminderKind


def _owner(task):
    if task.owner_department_id or task.owner_school_id or task.owner_community_id:
        return task.owner_label
    return _("街道办")


def reminder_text(reminder, task):
    definition = task.definition
    what = f"{definition.title}（{task.target_label} · {task.period_label}）"
    if reminder.kind == ReminderKind.ESCALATION:
        title = message(_("【逾期上报】%(owner)s：%(what)s"), owner=_owner(task), what=what)
    elif reminder.kind == ReminderKind.DUE:
        title = message(_("【今日到期】%(what)s"), what=what)
    elif reminder.kind.startswith("before:"):
        title = message(_("【%(n)s天后到期】%(what)s"), n=reminder.kind.split(":")[1], what=what)
    else:
        title = message(_("【已逾期%(n)s天】%(what)s"), n=reminder.kind.split(":")[1], what=what)
    body = [message(_("职责：%(title)s\n对象：%(target)s\n周期：%(period)s\n截止日期：%(due)s\n责任单位：%(owner)s"),
                    title=definition.title, target=task.target_label, period=task.period_label,
                    due=task.due_on.isoformat(), owner=_owner(task))]
    if definition.evidence_hint:
        body += ["\n", message(_("佐证要求：%(hint)s"), hint=definition.evidence_hint)]
    return title, body
