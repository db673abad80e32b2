"""Reads of the risk register and the ledger, always through the scoping module."""
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Department, School
from organizations.scoping import visible

from . import policies
from .models import (OPEN_STATUSES, Category, HazardAttachment, HazardEvent, HazardGrade, Hazard, HazardStatus, Risk,
                     RiskAssessment, RiskStatus)


# The hazard categories, for other apps' checklists (they may read risks' selectors, not its models).
HAZARD_CATEGORIES = Category.choices


def overdue_q(today=None):
    return Q(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate())


def escalation_due_q(today=None):
    """An overdue major hazard: the supervision sweep lists it (risks.services.hazards_escalate)."""
    return overdue_q(today) & Q(grade=HazardGrade.MAJOR)


def supervised_q(today=None):
    """挂牌督办 as the ledger shows it: listed by the supervision sweep and still open. The listing is the
    supervision record of incidents.Supervision; a new deadline or the acceptance ends it."""
    return Q(status__in=OPEN_STATUSES, supervised_at__isnull=False)


def listed_hazards():
    """Every hazard listed for supervision now (the sweep reconciles its supervision records with these)."""
    return Hazard.objects.filter(supervised_q()).select_related("school")


# Statuses taken together, as the workbench counts them: each figure opens the list it counts.
STATUS_GROUPS = {
    "open": ~Q(status=HazardStatus.CLOSED),
    "unassigned": Q(status__in=[HazardStatus.REPORTED, HazardStatus.GRADED]),
}
STATUS_GROUP_CHOICES = [("open", _("未销号")), ("unassigned", _("待定级交办"))]


def hazard_rows():
    return Hazard.objects.select_related("school", "assigned_department", "accepted_by", "reported_by")


def filter_hazards(hazards, *, status="", grade="", school=None, department=None, category="", overdue=False,
                   supervised=False, date_from=None, date_to=None, q="", today=None, sub_district=None):
    if sub_district is not None:
        hazards = hazards.filter(school__sub_district=sub_district)
    if status:
        hazards = hazards.filter(STATUS_GROUPS.get(status) or Q(status=status))
    if grade:
        hazards = hazards.filter(grade=grade)
    if school is not None:
        hazards = hazards.filter(school=school)
    if department is not None:
        hazards = hazards.filter(assigned_department=department)
    if category:
        hazards = hazards.filter(category=category)
    if overdue:
        hazards = hazards.filter(overdue_q(today))
    if supervised:
        hazards = hazards.filter(supervised_q(today))
    if date_from:
        hazards = hazards.filter(found_at__date__gte=date_from)
    if date_to:
        hazards = hazards.filter(found_at__date__lte=date_to)
    if q:
        hazards = hazards.filter(Q(location__icontains=q) | Q(description__icontains=q))
    return hazards


def hazard_list(user, **filters):
    return filter_hazards(visible(user, hazard_rows()), **filters)


def hazard_inbox(user, today=None):
    """What this person must rectify (the rule of the rectifying transitions): overdue first, then by deadline."""
    today = today or timezone.localdate()
    return (
        policies.hazard_rectify.filter(user, visible(user, hazard_rows()))
        .filter(status__in=[*OPEN_STATUSES, "submitted"])
        .annotate(overdue_first=Case(When(overdue_q(today), then=Value(0)), default=Value(1),
                                     output_field=IntegerField()),
                  waiting=Case(When(status="submitted", then=Value(1)), default=Value(0),
                               output_field=IntegerField()))
        .order_by("waiting", "overdue_first", "deadline", "pk")
    )


def hazard_detail_queryset():
    return hazard_rows().select_related("risk", "rectified_by").prefetch_related(
        Prefetch("events", queryset=HazardEvent.objects.select_related("actor").prefetch_related("attachments")),
        Prefetch("attachments", queryset=HazardAttachment.objects.all()),
    )


def reportable_schools(user):
    return policies.hazard_report.filter(user, visible(user, School.objects.filter(is_active=True))).order_by("name")


def assignable_departments(school):
    return Department.objects.filter(sub_district_id=school.sub_district_id)


def visible_departments(user):
    return visible(user, Department.objects.all())


def visible_schools(user):
    return visible(user, School.objects.all())


# ---------------------------------------------------------------------------------------------
# Risks


def risk_rows():
    return Risk.objects.select_related("school", "level", "scheme", "responsible_department")


def filter_risks(risks, *, school=None, category="", colour="", status=RiskStatus.ACTIVE, review_due=False, q="",
                 today=None, sub_district=None):
    if sub_district is not None:
        risks = risks.filter(school__sub_district=sub_district)
    if school is not None:
        risks = risks.filter(school=school)
    if category:
        risks = risks.filter(category=category)
    if colour:
        risks = risks.filter(level__colour=colour)
    if status:
        risks = risks.filter(status=status)
    if review_due:
        risks = risks.filter(status=RiskStatus.ACTIVE, next_review_on__lte=today or timezone.localdate())
    if q:
        risks = risks.filter(Q(name__icontains=q) | Q(location__icontains=q))
    return risks


def risk_list(user, **filters):
    return filter_risks(visible(user, risk_rows()), **filters)


def risk_detail_queryset():
    return risk_rows().select_related("created_by", "retired_by").prefetch_related(
        Prefetch("assessments", queryset=RiskAssessment.objects.select_related("level", "assessed_by", "scheme")),
    )


def reviews_due(user, today=None):
    return risk_list(user, review_due=True, today=today).order_by("next_review_on", "level__rank")


def school_risk_list(user, school):
    return visible(user, risk_rows()).filter(school=school, status=RiskStatus.ACTIVE).order_by(
        "level__rank", "category", "name")


def risk_choices_for_report(user, schools):
    return visible(user, Risk.objects.select_related("school")).filter(
        school__in=schools, status=RiskStatus.ACTIVE).order_by("school__name", "name")
