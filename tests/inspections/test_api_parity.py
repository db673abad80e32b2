"""What the inspection pages offer, the API offers: the same rows, figures and actions for each person, and the
same Chinese messages when the service refuses."""
from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from inspections import services

from .helpers import item, open_sweep, sheet

PEOPLE = ["office", "education", "police", "school_officer", "principal", "community", "leader", "health"]


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield


@pytest.fixture
def sweep(world):
    campaign = open_sweep(world, participants={world.education: [world.school, world.other_school]})
    done = campaign.inspections.get(school=world.other_school)
    services.inspection_submit(actor=world.user("education"), inspection=done, answers=sheet(done, fail=(1, 6)))
    return campaign


def _page_sheet_errors(response):
    """item key → messages, as the inspection page shows them beside each item; and the page's other messages."""
    by_item = {f"item-{row['item'].pk}": list(row["errors"])
               for _category, rows in response.context["sheet"] for row in rows if row["errors"]}
    return by_item, list(response.context["general_errors"])


@pytest.mark.parametrize("person", PEOPLE)
def test_campaign_progress_and_findings_are_the_pages(world, client_for, api_for, sweep, person):
    page = client_for(person).get(reverse("inspections:campaign_detail", args=[sweep.pk]))
    api = api_for(person).get(f"/api/campaigns/{sweep.pk}/")
    assert page.status_code == api.status_code == 200
    progress = page.context["progress"]
    assert (api.data["progress"]["total"], api.data["progress"]["done"]) == (progress["total"], progress["done"])
    assert [(row["department"], row["total"], row["done"]) for row in api.data["progress"]["by_department"]] == [
        (row["department_id"], row["total"], row["done"]) for row in progress["by_department"]]
    assert [finding["id"] for finding in api.data["findings"]] == [answer.pk for answer in page.context["findings"]]
    assert ("close" in api.data["allowed_actions"]) == bool(page.context["can_close"])


@pytest.mark.parametrize("person", PEOPLE)
def test_the_inspection_lists_are_the_pages(world, client_for, api_for, sweep, person):
    services.self_check_start(actor=world.user("school_officer"), school=world.school)
    for query in ({}, {"mine": "on"}, {"status": "draft"}, {"kind": "self_check"}, {"campaign": sweep.pk}):
        page = client_for(person).get(reverse("inspections:inspection_list"), query)
        api = api_for(person).get("/api/inspections/", {**query, **({"mine": "true"} if "mine" in query else {})})
        assert page.status_code == api.status_code == 200
        assert sorted(row["id"] for row in api.data["results"]) == sorted(row.pk for row in page.context["object_list"]), query


@pytest.mark.parametrize("person", PEOPLE)
def test_the_inspection_offers_the_same_actions(world, client_for, api_for, sweep, person):
    for inspection in sweep.inspections.all():
        page = client_for(person).get(reverse("inspections:inspection_detail", args=[inspection.pk]))
        api = api_for(person).get(f"/api/inspections/{inspection.pk}/")
        assert page.status_code == api.status_code
        if page.status_code != 200:
            continue
        offered = api.data["allowed_actions"]
        assert ("submit" in offered) == bool(page.context["can_fill"]) == ("save" in offered)
        assert ("correct" in offered) == bool(page.context["can_correct"])
        assert ("assign" in offered) == bool(page.context["can_assign"])
        if page.context["can_assign"]:
            assert [c["id"] for c in api.data["inspector_candidates"]] == [c.pk for c in page.context["candidates"]]


def test_an_incomplete_sheet_is_refused_in_the_same_words(world, client_for, api_for, sweep):
    inspection = sweep.inspections.get(school=world.school)
    first, second = item(inspection, 1), item(inspection, 2)
    page = client_for("education").post(reverse("inspections:inspection_detail", args=[inspection.pk]), {
        f"item-{first.pk}-result": "fail", f"item-{first.pk}-note": "", f"item-{second.pk}-result": "maybe",
        "submit": "1"})
    api = api_for("education").post(f"/api/inspections/{inspection.pk}/submit/", {"answers": {
        str(first.pk): {"result": "fail", "note": ""}, str(second.pk): {"result": "maybe"}}}, format="json")
    assert page.status_code == api.status_code == 400
    by_item, general = _page_sheet_errors(page)
    assert by_item == {key: value for key, value in api.data.items() if key.startswith("item-")}
    assert by_item == {f"item-{second.pk}": ["请选择合格、不合格或不适用。"]}
    assert general == []


def test_a_submitted_inspection_refuses_a_second_submit_in_the_same_words(world, client_for, api_for, sweep):
    inspection = sweep.inspections.get(school=world.other_school)
    page = client_for("education").post(reverse("inspections:inspection_detail", args=[inspection.pk]),
                                        {"submit": "1"})
    api = api_for("education").post(f"/api/inspections/{inspection.pk}/submit/", {}, format="json")
    assert page.status_code == api.status_code == 400
    assert _page_sheet_errors(page)[1] == api.data["detail"] == ["检查记录当前状态为“已提交”，不能进行此操作。"]


def test_a_correction_without_reason_is_refused_in_the_same_words(world, client_for, api_for, sweep):
    inspection = sweep.inspections.get(school=world.other_school)
    target = item(inspection, 7)
    page = client_for("education").post(reverse("inspections:inspection_correct", args=[inspection.pk]),
                                        {"item": target.pk, "result": "fail", "reason": ""})
    api = api_for("education").post(f"/api/inspections/{inspection.pk}/correct/",
                                    {"item": target.pk, "result": "fail", "reason": ""}, format="json")
    assert page.status_code == api.status_code == 400
    assert page.context["correct_form"].errors["reason"] == api.data["reason"] == ["请填写更正原因。"]


def test_an_inspector_from_outside_is_refused_in_the_same_words(world, client_for, api_for, sweep):
    inspection = sweep.inspections.get(school=world.school)
    client = client_for("office")
    stranger = world.user("police").pk
    page = client.post(reverse("inspections:inspection_assign", args=[inspection.pk]), {"inspector": stranger})
    page_messages = [str(message) for message in get_messages(page.wsgi_request)]
    api = api_for("office").post(f"/api/inspections/{inspection.pk}/assign/", {"inspector": stranger}, format="json")
    assert api.status_code == 400
    assert page_messages == api.data["inspector"] == ["检查人须为负责该校的部门或街道办人员。"]


def test_a_bad_campaign_is_refused_in_the_same_words(world, client_for, api_for):
    values = {"kind": "dragnet", "title": "", "starts_on": "2026-12-20", "ends_on": "2026-12-01"}
    page = client_for("office").post(reverse("inspections:campaign_open"), values)
    api = api_for("office").post("/api/campaigns/", values, format="json")
    assert page.status_code == api.status_code == 400
    errors = page.context["form"].errors
    assert {key: errors[key] for key in ("title", "ends_on")} == {key: api.data[key] for key in ("title", "ends_on")}


@pytest.mark.parametrize("person", ["office", "leader", "education", "police", "school_officer"])
def test_the_self_check_overview_is_the_pages(world, client_for, api_for, person):
    officer = world.user("school_officer")
    inspection = services.self_check_start(actor=officer, school=world.school, day=date(2026, 11, 18))
    services.inspection_submit(actor=officer, inspection=inspection, answers=sheet(inspection),
                               inspected_on=date(2026, 11, 18))
    query = {"date_from": "2026-11-02", "date_to": "2026-11-20"}
    page = client_for(person).get(reverse("inspections:self_check_overview"), query)
    api = api_for(person).get("/api/self-checks/overview/", query)
    assert page.status_code == api.status_code
    if page.status_code != 200:
        return
    assert [(row["school"], row["school_days"], row["done"], row["missed"]) for row in api.data["schools"]] == [
        (row["school"].pk, row["school_days"], row["done"], [day.isoformat() for day in row["missed"]])
        for row in page.context["rows"]]
    assert api.data["missed_today"] == [school.pk for school in page.context["missed_today"]]


@pytest.mark.parametrize("person", ["school_officer", "principal", "police", "office", "leader"])
def test_todays_self_check_is_the_pages(world, client_for, api_for, person):
    page = client_for(person).post(reverse("inspections:self_check_today"), {"school": world.school.pk})
    api = api_for(person).post("/api/self-checks/", {"school": world.school.pk}, format="json")
    if page.status_code == 302:
        assert api.status_code == 200
        assert page["Location"] == reverse("inspections:inspection_detail", args=[api.data["id"]])
    else:
        assert page.status_code == api.status_code == 403
