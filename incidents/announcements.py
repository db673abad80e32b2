"""Who hears of an incident event, and what they read. Called inside the step's transaction, so the inbox
and outbox rows commit with the event; notifications sends e-mail and robot posts after commit."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import services as notifications
from notifications.messages import message
from organizations import people as staff
from organizations.models import User

from .models import IncidentEventKind as Kind

TO_EVERYONE_CONCERNED = {Kind.REPORTED}
TO_OFFICE_AND_SCHOOL = {Kind.CONCLUDED, Kind.CLOSED, Kind.REOPENED, Kind.WRITTEN_REPORT}


def _departments(incident):
    return [involvement.department for involvement in incident.involvements.select_related("department")]


def recipients(event):
    incident = event.incident
    people = User.objects.none()
    if event.kind in TO_EVERYONE_CONCERNED | TO_OFFICE_AND_SCHOOL:
        people = people | staff.office_staff(incident.school.sub_district_id) | staff.school_staff(incident.school_id)
    if event.kind in TO_EVERYONE_CONCERNED:
        for department in _departments(incident):
            people = people | staff.department_staff(department.pk)
    if event.kind == Kind.DEPARTMENT_JOINED:
        for department in incident.involvements.filter(joined_at__gte=event.at).select_related("department"):
            people = people | staff.department_staff(department.department_id)
    return people.exclude(pk=event.actor_id).distinct().order_by("pk")


def announce(event):
    incident = event.incident
    title = message(_("事故 %(number)s：%(event)s"), number=incident.number, event=Kind(event.kind).label)
    body = [str(incident.school), " · ", incident.get_kind_display(), " · ", incident.place]
    if event.kind == Kind.REPORTED:
        body += ["\n", incident.first_account]
    link = reverse("incidents:incident_detail", args=[incident.pk])
    for person in recipients(event):
        notifications.notify(key=f"incident-event:{event.pk}:user:{person.pk}", recipient=person,
                             title=title, body=body, link=link)
    if event.kind != Kind.REPORTED:
        return
    for department in _departments(incident):
        if department.webhook_url:
            mentions = staff.department_staff(department.pk).exclude(phone="").values_list("phone", flat=True)
            notifications.post_to_group(key=f"incident-event:{event.pk}:robot:{department.pk}",
                                        webhook_url=department.webhook_url, content=[title, "\n", *body],
                                        mentions=list(mentions), topic=f"department:{department.pk}")
