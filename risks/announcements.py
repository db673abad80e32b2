"""Who hears of a hazard event, and what they read. Called inside the transition's transaction, so the
inbox and outbox rows commit with the event; notifications sends e-mail and robot posts after commit.
The inbox stores the message's facts and renders them in each reader's language."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import services as notifications
from notifications.messages import message
from organizations import people as staff
from organizations.models import User

from .models import AssigneeKind, HazardEventKind

TO_OFFICE = {HazardEventKind.REPORTED, HazardEventKind.SUBMITTED, HazardEventKind.SUPERVISED}
TO_ASSIGNEE = {HazardEventKind.ASSIGNED, HazardEventKind.REJECTED, HazardEventKind.ACCEPTED,
               HazardEventKind.SUPERVISED}


def _office(hazard):
    return staff.office_staff(hazard.school.sub_district_id)


def _assignees(hazard):
    if hazard.assignee_kind == AssigneeKind.DEPARTMENT and hazard.assigned_department_id:
        return staff.department_staff(hazard.assigned_department_id)
    if hazard.assignee_kind == AssigneeKind.SCHOOL:
        return staff.school_staff(hazard.school_id)
    return User.objects.none()


def recipients(event):
    hazard = event.hazard
    people = User.objects.none()
    if event.kind in TO_OFFICE:
        people = people | _office(hazard)
    if event.kind in TO_ASSIGNEE:
        people = people | _assignees(hazard)
    return people.exclude(pk=event.actor_id).distinct().order_by("pk")


def announce(event):
    hazard = event.hazard
    title = message(_("隐患 %(number)s：%(event)s"), number=hazard.number, event=HazardEventKind(event.kind).label)
    body = [str(hazard.school), " · ", hazard.location]
    if hazard.deadline:
        body += [" · ", message(_("整改时限 %(date)s"), date=hazard.deadline.isoformat())]
    if event.comment:
        body += ["\n", event.comment]
    link = reverse("risks:hazard_detail", args=[hazard.pk])
    for person in recipients(event):
        notifications.notify(key=f"hazard-event:{event.pk}:user:{person.pk}", recipient=person,
                             title=title, body=body, link=link)
    department = hazard.assigned_department if hazard.assignee_kind == AssigneeKind.DEPARTMENT else None
    if event.kind == HazardEventKind.ASSIGNED and department is not None and department.webhook_url:
        mentions = _assignees(hazard).exclude(phone="").values_list("phone", flat=True)
        notifications.post_to_group(key=f"hazard-event:{event.pk}:robot", webhook_url=department.webhook_url,
                                    content=[title, "\n", *body], mentions=list(mentions),
                                    topic=f"department:{department.pk}")
