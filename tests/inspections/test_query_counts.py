"""The campaign pages and API answer in the same number of queries for 10 schools as for 1,000: progress is
counted in the database, findings and participants are fetched in one go, nothing is asked per school."""
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from inspections import services
from inspections.models import (Answer, AnswerResult, Campaign, CampaignDepartment, ChecklistKind, Inspection,
                                InspectionStatus)
from organizations.models import School, SchoolKind, User

from .helpers import dragnet, sheet

SMALL, LARGE = 10, 1000


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield


def sweep_over(world, n, tag):
    """A dragnet sweep over n new schools, made in bulk: the education center covers all of them and the police
    every other one; half are submitted with a failed item, and one failed item is a real hazard."""
    schools = School.objects.bulk_create([
        School(sub_district=world.sub_district, community=world.community, name=f"{tag}-{i:04d}",
               kind=SchoolKind.PRIMARY) for i in range(n)])
    office, edu, template = world.user("office"), world.user("education"), dragnet()
    campaign = Campaign.objects.create(sub_district=world.sub_district, kind=ChecklistKind.DRAGNET, template=template,
                                       title=f"{tag} 拉网式排查", starts_on=date(2026, 11, 1),
                                       ends_on=date(2026, 12, 31), opened_by=office)
    CampaignDepartment.objects.create(campaign=campaign, department=world.education).schools.set(schools)
    CampaignDepartment.objects.create(campaign=campaign, department=world.police).schools.set(schools[::2])
    now = timezone.now()
    inspections = Inspection.objects.bulk_create([
        Inspection(kind=ChecklistKind.DRAGNET, campaign=campaign, template=template, school=school,
                   department=world.education, inspector=edu,
                   **({"status": InspectionStatus.SUBMITTED, "submitted_by": edu, "submitted_at": now,
                       "inspected_on": date(2026, 11, 19)} if i % 2 and i > 1 else {}))
        for i, school in enumerate(schools)])
    first_item = template.items.order_by("order").first()
    Answer.objects.bulk_create([
        Answer(inspection=inspection, item=first_item, result=AnswerResult.FAIL, note="安全出口堆放杂物")
        for inspection in inspections if inspection.status == InspectionStatus.SUBMITTED])
    real = inspections[1]
    services.inspection_submit(actor=fresh(world, "education"), inspection=real, answers=sheet(real, fail=(1, 6)))
    return campaign


def fresh(world, person):
    """The person loaded again: a user object keeps the scope it computed (its schools) for its lifetime."""
    return User.objects.get(pk=world.user(person).pk)


def fresh_api(world, person):
    api = APIClient()
    api.force_authenticate(fresh(world, person))
    return api


def counted(get):
    get()  # the first request of a kind warms caches (content types, translations) for both sizes alike
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return len(queries), response


def _api_detail(world, person, campaign):
    api = fresh_api(world, person)
    return lambda: api.get(f"/api/campaigns/{campaign.pk}/")


@pytest.mark.parametrize("person", ["office", "education"])
def test_the_api_campaign_detail_does_not_grow_with_the_schools(world, person):
    small, _body = counted(_api_detail(world, person, sweep_over(world, SMALL, "s")))
    large, large_body = counted(_api_detail(world, person, sweep_over(world, LARGE, "l")))
    assert small == large, (person, small, large)
    assert large_body.data["progress"]["total"] == LARGE and len(large_body.data["findings"]) > LARGE // 3
    assert len(large_body.data["participants"][0]["schools"]) == LARGE
    assert sum(1 for finding in large_body.data["findings"] if finding["hazard"]) == 2
    print(f"API campaign detail as {person}: {small} queries at {SMALL} schools, {large} at {LARGE}")


def test_the_api_campaign_list_does_not_grow_with_the_schools(world):
    sweep_over(world, SMALL, "s")
    api = fresh_api(world, "office")
    small, _body = counted(lambda: api.get("/api/campaigns/"))
    sweep_over(world, LARGE, "l")
    api = fresh_api(world, "office")
    large, body = counted(lambda: api.get("/api/campaigns/"))
    assert small == large, (small, large)
    assert sorted(row["progress"]["total"] for row in body.data["results"]) == [SMALL, LARGE]
    print(f"API campaign list: {small} queries at {SMALL} schools, {large} at {LARGE}")


def fresh_client(world, person):
    client = Client()
    client.force_login(fresh(world, person))
    return client


@pytest.mark.parametrize("person", ["office", "education"])
def test_the_campaign_progress_page_does_not_grow_with_the_schools(world, person):
    def page(campaign):
        client = fresh_client(world, person)
        return lambda: client.get(reverse("inspections:campaign_detail", args=[campaign.pk]))

    small, _response = counted(page(sweep_over(world, SMALL, "s")))
    large, response = counted(page(sweep_over(world, LARGE, "l")))
    assert small == large, (small, large)
    assert response.context["progress"]["total"] == LARGE
    print(f"campaign progress page as {person}: {small} queries at {SMALL} schools, {large} at {LARGE}")


def test_the_campaign_list_page_does_not_grow_with_the_schools(world):
    sweep_over(world, SMALL, "s")
    client = fresh_client(world, "office")
    small, _response = counted(lambda: client.get(reverse("inspections:campaign_list")))
    sweep_over(world, LARGE, "l")
    client = fresh_client(world, "office")
    large, response = counted(lambda: client.get(reverse("inspections:campaign_list")))
    assert small == large, (small, large)
    assert sorted(progress["total"] for _campaign, progress in response.context["rows"]) == [SMALL, LARGE]
    print(f"campaign list page: {small} queries at {SMALL} schools, {large} at {LARGE}")
