"""Who hears of a public report. A new report goes to the office and the education center of its school's
sub-district; one about bullying, corporal punishment or harassment also to the police station at once
(zero tolerance). Nobody is told the reporter's contact: it is read, and recorded, on the report."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import services as notifications
from notifications.messages import message
from organizations import people as staff
from organizations.models import Department, DepartmentKind

from .models import PublicReportEventKind as Kind

TRIAGING = (DepartmentKind.EDUCATION_CENTER,)
ZERO_TOLERANCE_TOLD = (DepartmentKind.POLICE,)


def _staff_of(sub_district_id, kinds):
    people = []
    for department in Department.objects.filter(sub_district=sub_district_id, kind__in=kinds).order_by("pk"):
        people.extend(staff.department_staff(department.pk))
    return people


def announce(event):
    if event.kind != Kind.SUBMITTED:
        return
    report = event.report
    sub_district = report.school.sub_district_id
    title = message(_("公众举报 %(number)s：%(kind)s"), number=report.number, kind=report.get_kind_display())
    where = [str(report.school)] + ([" · ", _("学校周边")] if report.surroundings else [])
    body = [*where, "\n", report.description]
    link = reverse("public_reports:triage_detail", args=[report.pk])
    triaging = list(staff.office_staff(sub_district)) + _staff_of(sub_district, TRIAGING)
    for person in dict.fromkeys(triaging):
        notifications.notify(key=f"public-report:{report.pk}:user:{person.pk}", recipient=person, title=title,
                             body=body, link=link)
    if not report.zero_tolerance:
        return
    for person in _staff_of(sub_district, ZERO_TOLERANCE_TOLD):
        if person in triaging:
            continue
        notifications.notify(key=f"public-report:{report.pk}:police:{person.pk}", recipient=person,
                             title=message(_("零容忍：公众举报 %(number)s（%(kind)s）"), number=report.number,
                                           kind=report.get_kind_display()),
                             body=body)
