"""Sweeps and self-checks: the campaign page (and its API, when there is one) as schools grow, submitting an
inspection with N failed items, and the office's self-check overview over a month."""
import statistics
import time
from datetime import date, datetime, time as clock

import time_machine
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import timezone
from rest_framework.test import APIClient

from duties import selectors as duty_selectors
from inspections import services
from inspections.models import AnswerResult, ChecklistKind, ChecklistTemplate, Inspection, InspectionStatus
from organizations.models import School
from tests.world import build_world

TODAY = date(2026, 11, 30)  # the world's autumn term; the month before is November


def _sheet(inspection, failed=0):
    return {item.pk: ({"result": AnswerResult.FAIL, "note": "基准测试发现的问题"} if item.order <= failed
                      else {"result": AnswerResult.PASS, "note": ""})
            for item in inspection.template.items.all()}


def _grow(world, target):
    have = School.objects.filter(sub_district=world.sub_district).count()
    School.objects.bulk_create(
        School(sub_district=world.sub_district, community=world.community, name=f"基准学校{i}", kind="primary")
        for i in range(have, target))


def _open(world, title, schools=None):
    template = ChecklistTemplate.objects.get(code="campus-dragnet-sweep", is_current=True)
    schools = list(School.objects.filter(sub_district=world.sub_district)) if schools is None else schools
    return services.campaign_open(
        actor=world.user("office"), sub_district=world.sub_district, kind=ChecklistKind.DRAGNET, template=template,
        title=title, starts_on=date(2026, 11, 2), ends_on=date(2026, 12, 31), schools=schools,
        participants={world.police: schools[: len(schools) // 3], world.education: schools})


def _api_url(campaign):
    url = f"/api/campaigns/{campaign.pk}/"
    try:
        resolve(url)
    except Resolver404:
        return None
    return url


def campaign_pages(report, measure, world):
    rows = report.section("Campaign page as the office", [
        "schools", "submitted", "failed items", "page ms", "queries", "API ms", "API queries"],
        note="One dragnet sweep over every school, the police covering a third and the education center the rest; "
             "every tenth school submitted with one failed item (so a finding and a hazard each). The page lists "
             "every school's inspection and every finding; the API is `/api/campaigns/<id>/` (progress, findings).")
    page, api = Client(), APIClient()
    page.force_login(world.user("office"))
    api.force_authenticate(world.user("office"))
    for target in (10, 100, 1000):
        _grow(world, target)
        campaign = _open(world, f"基准排查 {target}")
        drafts = list(campaign.inspections.select_related("template").order_by("pk"))[::10]
        for inspection in drafts:
            services.inspection_submit(actor=world.user("office"), inspection=inspection,
                                       answers=_sheet(inspection, failed=1))
        figures = [target, len(drafts), len(drafts)]
        ms, queries = measure(lambda c=campaign: page.get(f"/inspections/campaigns/{c.pk}/"), repeat=10)
        figures += [f"{ms:.1f}", queries]
        url = _api_url(campaign)
        if url:
            ms, queries = measure(lambda: api.get(url), repeat=10)
            figures += [f"{ms:.1f}", queries]
        else:
            figures += ["—", "—"]
        rows.append(figures)


def submitting(report, world):
    rows = report.section("Submitting an inspection", ["failed items", "ms (median of 5)", "queries"],
                          note="`services.inspection_submit` of a 21-item dragnet sheet by the education center, "
                               "answers sent with the submit, no photos: each failed item becomes a hazard through "
                               "the keyed intake (graded by the checklist, announced to the office).")
    school = [world.school]
    for failed in (0, 1, 5, 21):
        timings, count = [], None
        for attempt in range(6):
            inspection = _open(world, f"基准提交 {failed}-{attempt}", schools=school).inspections.get()
            answers = _sheet(inspection, failed=failed)
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                services.inspection_submit(actor=world.user("education"), inspection=inspection, answers=answers)
                elapsed = (time.perf_counter() - start) * 1000
            if attempt:  # the first warms caches
                timings.append(elapsed)
                count = len(queries.captured_queries)
        rows.append([failed, f"{statistics.median(timings):.1f}", count])


def overview(report, measure, world):
    rows = report.section("Self-check overview for a month", ["schools", "self-checks", "page ms", "queries"],
                          note="The office's page for 2026-11-01 … 2026-11-30 (21 school days in the test world's "
                               "calendar); every school checked itself on each school day but every seventh. The "
                               "self-checks are inserted directly, not through the services.")
    page = Client()
    page.force_login(world.user("office"))
    template = ChecklistTemplate.objects.get(code="school-daily-self-check", is_current=True)
    days = duty_selectors.school_days(date(2026, 11, 1), TODAY)
    submitted_at = timezone.make_aware(datetime.combine(TODAY, clock(8)))
    for target in (10, 100, 1000):
        _grow(world, target)
        have = set(Inspection.objects.filter(kind=ChecklistKind.SELF_CHECK).values_list("school_id", flat=True))
        Inspection.objects.bulk_create([
            Inspection(kind=ChecklistKind.SELF_CHECK, template=template, school=school, inspected_on=day,
                       status=InspectionStatus.SUBMITTED, submitted_at=submitted_at, submitted_by=world.user("office"))
            for school in School.objects.filter(sub_district=world.sub_district).exclude(pk__in=have)
            for index, day in enumerate(days) if (school.pk + index) % 7], batch_size=1000)
        ms, queries = measure(
            lambda: page.get("/inspections/self-check/overview/?date_from=2026-11-01&date_to=2026-11-30"), repeat=10)
        rows.append([target, Inspection.objects.filter(kind=ChecklistKind.SELF_CHECK).count(), f"{ms:.1f}", queries])


def run(report, measure):
    with time_machine.travel(datetime(2026, 11, 30, 10, tzinfo=timezone.get_default_timezone()), tick=True):
        for part in (lambda world: campaign_pages(report, measure, world), lambda world: submitting(report, world),
                     lambda world: overview(report, measure, world)):
            with transaction.atomic():  # each part in its own world, of its own size
                part(build_world())
                transaction.set_rollback(True)
