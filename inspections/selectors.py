"""Reads of sweeps, inspections and self-checks, always through organizations.scoping."""
from collections import defaultdict

from django.db.models import Count, Prefetch, Q

from duties import selectors as duty_selectors
from organizations.models import School
from organizations.scoping import visible

from . import policies
from .models import (Answer, AnswerPhoto, AnswerResult, Campaign, ChecklistItem, ChecklistKind, ChecklistTemplate,
                     Inspection, InspectionEvent, InspectionStatus)


def templates(kind=None):
    """The current checklists (shared by the whole deployment)."""
    found = ChecklistTemplate.objects.filter(is_current=True)
    return found.filter(kind=kind) if kind else found


def campaign_list(user, *, status="", kind=""):
    campaigns = visible(user, Campaign.objects.select_related("template", "sub_district"))
    if status:
        campaigns = campaigns.filter(status=status)
    if kind:
        campaigns = campaigns.filter(kind=kind)
    return campaigns


def campaign_progress(campaign, user):
    """Schools in scope and done, overall and per covering department: two queries whatever the size.
    Counted over the inspections this person may see, so each figure equals the list it links to."""
    inspections = visible(user, Inspection.objects.filter(campaign=campaign))
    overall = inspections.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=InspectionStatus.SUBMITTED)))
    by_department = list(
        inspections.order_by().values("department_id", "department__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=InspectionStatus.SUBMITTED)))
        .order_by("department__name"))
    return {**overall, "by_department": by_department}


def inspection_rows():
    return Inspection.objects.select_related("school", "department", "inspector", "template", "campaign")


def inspection_list(user, *, campaign=None, status="", kind="", department=None, school=None, mine=False):
    inspections = visible(user, inspection_rows())
    if campaign is not None:
        inspections = inspections.filter(campaign=campaign)
    if status:
        inspections = inspections.filter(status=status)
    if kind:
        inspections = inspections.filter(kind=kind)
    if department is not None:
        inspections = inspections.filter(department=department)
    if school is not None:
        inspections = inspections.filter(school=school)
    if mine:
        inspections = policies.inspection_mine.filter(user, inspections).filter(status=InspectionStatus.DRAFT)
    return inspections


def inspection_detail_queryset():
    return inspection_rows().prefetch_related(
        Prefetch("template__items", queryset=ChecklistItem.objects.order_by("order")),
        Prefetch("answers", queryset=Answer.objects.select_related("item").prefetch_related(
            Prefetch("photos", queryset=AnswerPhoto.objects.all()))),
        Prefetch("events", queryset=InspectionEvent.objects.select_related("actor")),
    )


def findings(user, campaign):
    """Failed items of the campaign's submitted inspections this person may see, with the hazards they became."""
    return (visible(user, Answer.objects.filter(inspection__campaign=campaign, result=AnswerResult.FAIL,
                                                inspection__status=InspectionStatus.SUBMITTED))
            .select_related("item", "inspection__school", "hazard").order_by("inspection__school__name", "item__order"))


def answer_sheet(inspection):
    """The checklist's items grouped by category, each with its answer (or None): what the page shows."""
    answers = {answer.item_id: answer for answer in inspection.answers.all()}
    groups = defaultdict(list)
    for item in inspection.template.items.all():
        groups[item.get_category_display()].append((item, answers.get(item.pk)))
    return list(groups.items())


def self_check_days(user, date_from, date_to):
    """For each school this person sees: its school days in the range, the days it checked itself, and the
    days it missed (school days without a submitted self-check). Three queries."""
    days = duty_selectors.school_days(date_from, date_to)
    schools = list(visible(user, School.objects.filter(is_active=True)).order_by("name"))
    done = defaultdict(set)
    for school_id, day in (Inspection.objects.filter(kind=ChecklistKind.SELF_CHECK, school__in=schools,
                                                     status=InspectionStatus.SUBMITTED,
                                                     inspected_on__gte=date_from, inspected_on__lte=date_to)
                           .values_list("school_id", "inspected_on")):
        done[school_id].add(day)
    return [{"school": school, "school_days": len(days), "done": len(done[school.pk] & set(days)),
             "missed": [day for day in days if day not in done[school.pk]]} for school in schools]


def may_watch_self_checks(user):
    return policies.self_check_watch.possible(user)


def default_coverage(departments, schools):
    """Which of these schools each participating department covers: the schools it serves (包校), and for
    the department that oversees all schools (the education center) every school no other participant serves."""
    from organizations.models import SchoolLiaison

    served = defaultdict(set)
    for department_id, school_id in SchoolLiaison.objects.filter(department__in=departments).values_list(
            "department_id", "school_id"):
        served[department_id].add(school_id)
    taken = set().union(*served.values()) if served else set()
    return {department: [school for school in schools
                         if school.pk in served[department.pk]
                         or (department.oversees_all_schools and school.pk not in taken)]
            for department in departments}


def progress_by_campaign(user, campaigns):
    """{campaign id: {"total", "done"}} for a page of campaigns, in one query."""
    rows = (visible(user, Inspection.objects.filter(campaign__in=campaigns)).order_by().values("campaign_id")
            .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=InspectionStatus.SUBMITTED))))
    return {row["campaign_id"]: row for row in rows}


def my_inspections(user, limit=5):
    """The drafts waiting for this person (the list "待我检查" links to), oldest campaign first."""
    drafts = inspection_list(user, mine=True).order_by("campaign__ends_on", "school__name")
    return {"count": drafts.count(), "items": list(drafts[:limit])}


def todays_self_checks(user, today):
    """The schools this person checks themselves, each with today's self-check (or None)."""
    schools = list(policies.self_check.filter(user, visible(user, School.objects.filter(is_active=True)))
                   .order_by("name"))
    started = {inspection.school_id: inspection for inspection in Inspection.objects.filter(
        kind=ChecklistKind.SELF_CHECK, school__in=schools, inspected_on=today)}
    return [(school, started.get(school.pk)) for school in schools]


def failed_sweeps(since, min_failed):
    """Submitted campaign inspections since a day with at least `min_failed` failed items, for supervision:
    [(school_id, inspection_id, failed items)] (the whole deployment: a job asks, not a person)."""
    rows = (Inspection.objects.filter(campaign__isnull=False, status=InspectionStatus.SUBMITTED,
                                      inspected_on__gte=since)
            .annotate(failed=Count("answers", filter=Q(answers__result=AnswerResult.FAIL)))
            .filter(failed__gte=min_failed).order_by("school_id", "inspected_on", "pk"))
    return [(row.school_id, row.pk, row.failed) for row in rows]
