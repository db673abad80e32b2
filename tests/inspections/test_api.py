"""The API of sweeps, inspections and self-checks: what the pages offer, through the same services, refused in
the same words."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from inspections import api, services
from inspections.models import Campaign, ChecklistKind, Inspection, InspectionStatus
from inspections.transitions import CAMPAIGN_LIFECYCLE, INSPECTION_LIFECYCLE
from risks.models import Hazard
from tests.risks.helpers import photo

from .helpers import item, open_sweep, sheet


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield


def _answers(inspection, **kwargs):
    return {str(pk): value for pk, value in sheet(inspection, **kwargs).items()}


def _sweep(world):
    campaign = open_sweep(world, participants={world.education: [world.school, world.other_school]})
    return campaign, campaign.inspections.get(school=world.school)


@pytest.mark.parametrize("name", INSPECTION_LIFECYCLE.names)
def test_every_inspection_transition_has_an_api_action(name):
    assert name in api.INSPECTION_TRANSITIONS and reverse(f"inspection-{name}", args=[1])


@pytest.mark.parametrize("name", CAMPAIGN_LIFECYCLE.names)
def test_every_campaign_transition_has_an_api_action(name):
    assert name in api.CAMPAIGN_TRANSITIONS and reverse(f"campaign-{name}", args=[1])


def test_the_office_opens_a_sweep_and_a_department_covers_the_schools_by_default(world, api_for):
    response = api_for("office").post("/api/campaigns/", {
        "kind": "dragnet", "title": "2026年下半年拉网式排查", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "participants": [{"department": world.education.pk}, {"department": world.police.pk}]}, format="json")
    assert response.status_code == 201, response.data
    campaign = Campaign.objects.get(pk=response.data["id"])
    assert response.data["progress"]["total"] == 2 and response.data["progress"]["done"] == 0
    # As the page divides them: the police cover the school they serve, the education center every other one.
    assert {p["department"]: p["schools"] for p in response.data["participants"]} == {
        world.education.pk: [world.other_school.pk], world.police.pk: [world.school.pk]}
    assert dict(campaign.inspections.values_list("school", "department")) == {
        world.school.pk: world.police.pk, world.other_school.pk: world.education.pk}
    named = api_for("office").post("/api/campaigns/", {
        "kind": "surroundings", "title": "周边整治", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "schools": [world.school.pk], "participants": [{"department": world.health.pk, "schools": [world.school.pk]}]},
        format="json")
    assert named.status_code == 201, named.data
    assert named.data["participants"] == [{"department": world.health.pk, "department_name": world.health.name,
                                           "schools": [world.school.pk]}]
    assert named.data["progress"]["total"] == 1
    assert response.data["allowed_actions"] == ["close"]
    listed = api_for("office").get("/api/campaigns/", {"status": "open", "kind": "dragnet"})
    assert [(row["id"], row["progress"]) for row in listed.data["results"]] == [(campaign.pk, {"total": 2, "done": 0})]


def test_opening_refuses_with_the_services_messages(world, api_for):
    response = api_for("office").post("/api/campaigns/", {"kind": "dragnet", "title": "", "starts_on": "2026-11-02",
                                                           "ends_on": "2026-11-01"}, format="json")
    assert response.status_code == 400
    assert response.data["title"] == ["请填写排查行动名称。"]
    assert response.data["ends_on"] == ["结束日期不能早于开始日期。"]
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("person", ["police", "school_officer", "leader"])
def test_only_the_office_opens_a_sweep_through_the_api(world, api_for, person):
    response = api_for(person).post("/api/campaigns/", {"kind": "dragnet", "title": "t", "starts_on": "2026-11-01",
                                                         "ends_on": "2026-12-31"}, format="json")
    assert response.status_code == 403 and not Campaign.objects.exists()


def test_an_inspector_fails_two_items_with_photos_and_both_are_hazards_once(world, api_for, client_for):
    campaign, inspection = _sweep(world)
    edu = api_for("education")
    direct, plain = item(inspection, 1), item(inspection, 6)
    saved = edu.post(f"/api/inspections/{inspection.pk}/save/", {
        "answers": '{"%d": {"result": "fail", "note": "安全出口堆放杂物"}}' % direct.pk,
        f"item-{direct.pk}-photos": [photo("exit.jpg"), photo("exit2.jpg")]}, format="multipart")
    assert saved.status_code == 200, saved.data
    answer = next(a for a in saved.data["answers"] if a["item"] == direct.pk)
    assert answer["result"] == "fail" and len(answer["photos"]) == 2 and answer["hazard"] is None
    assert client_for("education").get(answer["photos"][0]["url"]).status_code == 200  # a page, logged in
    assert not Hazard.objects.exists()
    assert saved.data["allowed_actions"] == ["save", "submit"]

    body = {"answers": _answers(inspection, fail=(1, 6), note="安全出口堆放杂物")}
    for _ in range(2):
        submitted = edu.post(f"/api/inspections/{inspection.pk}/submit/", body, format="json")
    assert submitted.status_code == 400
    assert submitted.data["detail"] == ["检查记录当前状态为“已提交”，不能进行此操作。"]
    assert Hazard.objects.count() == 2
    assert sorted(Hazard.objects.values_list("grade", flat=True)) == ["general", "major"]
    detail = edu.get(f"/api/inspections/{inspection.pk}/").data
    assert detail["status"] == "submitted" and detail["allowed_actions"] == ["correct"]
    assert {a["item"]: a["hazard"] for a in detail["answers"] if a["result"] == "fail"} == {
        answer.item_id: answer.hazard_id for answer in inspection.answers.filter(result="fail")}
    assert [e["kind"] for e in detail["events"]] == ["created", "saved", "submitted"]
    assert sum(len(group["items"]) for group in detail["sheet"]) == inspection.template.items.count()

    found = api_for("office").get(f"/api/campaigns/{campaign.pk}/").data
    assert found["progress"]["done"] == 1 and found["progress"]["by_department"][0]["done"] == 1
    assert [(f["item"], f["hazard"]["grade"]) for f in found["findings"]] == [(direct.pk, "major"), (plain.pk, "general")]


def test_submit_refuses_unanswered_items_with_the_pages_messages(world, api_for):
    _campaign, inspection = _sweep(world)
    first = item(inspection, 1)
    response = api_for("education").post(f"/api/inspections/{inspection.pk}/submit/",
                                          {"answers": {str(first.pk): {"result": "fail", "note": ""}}}, format="json")
    assert response.status_code == 400
    assert response.data[f"item-{first.pk}"] == ["不合格项请写明问题所在。"]
    assert response.data[f"item-{item(inspection, 2).pk}"] == ["请填写此项检查结果。"]
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT


@pytest.mark.parametrize(("answers", "key", "message"), [
    ({"x": {"result": "pass"}}, "answers", "检查项不属于此检查表。"),
    ([1, 2], "answers", str(api.ANSWERS_SHAPE)),
    ({"999999": {"result": "pass"}}, "answers", "检查项不属于此检查表。"),
])
def test_a_malformed_sheet_is_a_400_not_a_500(world, api_for, answers, key, message):
    _campaign, inspection = _sweep(world)
    response = api_for("education").post(f"/api/inspections/{inspection.pk}/save/", {"answers": answers},
                                         format="json")
    assert response.status_code == 400 and response.data[key] == [message]


def test_a_bad_result_is_refused_by_item(world, api_for):
    _campaign, inspection = _sweep(world)
    first = item(inspection, 1)
    response = api_for("education").post(f"/api/inspections/{inspection.pk}/save/",
                                          {"answers": {str(first.pk): {"result": "maybe"}}}, format="json")
    assert response.status_code == 400 and response.data[f"item-{first.pk}"] == ["请选择合格、不合格或不适用。"]


def test_a_correction_is_an_event_and_refused_without_reason(world, api_for):
    _campaign, inspection = _sweep(world)
    edu = api_for("education")
    edu.post(f"/api/inspections/{inspection.pk}/submit/", {"answers": _answers(inspection)}, format="json")
    target = item(inspection, 7)
    refused = edu.post(f"/api/inspections/{inspection.pk}/correct/", {"item": target.pk, "result": "fail"},
                       format="json")
    assert refused.status_code == 400 and refused.data["reason"] == ["请填写更正原因。"]
    corrected = edu.post(f"/api/inspections/{inspection.pk}/correct/",
                         {"item": target.pk, "result": "fail", "reason": "复查发现校舍裂缝"}, format="json")
    assert corrected.status_code == 200
    assert corrected.data["events"][-1]["kind"] == "corrected" and Hazard.objects.count() == 1


def test_the_office_assigns_one_of_the_candidates_only(world, api_for):
    _campaign, inspection = _sweep(world)
    office = api_for("office")
    detail = office.get(f"/api/inspections/{inspection.pk}/").data
    candidates = {c["id"] for c in detail["inspector_candidates"]}
    assert candidates == {world.user("office").pk, world.user("education").pk}
    assigned = office.post(f"/api/inspections/{inspection.pk}/assign/", {"inspector": world.user("education").pk},
                           format="json")
    assert assigned.status_code == 200 and assigned.data["inspector"] == world.user("education").pk
    for stranger in (world.user("outside_office").pk, world.user("police").pk, 987654):
        refused = office.post(f"/api/inspections/{inspection.pk}/assign/", {"inspector": stranger}, format="json")
        assert refused.status_code == 400
        assert refused.data["inspector"] == ["检查人须为负责该校的部门或街道办人员。"]
    assert api_for("education").post(f"/api/inspections/{inspection.pk}/assign/",
                                      {"inspector": world.user("education").pk}, format="json").status_code == 403
    assert api_for("education").get(f"/api/inspections/{inspection.pk}/").data["inspector_candidates"] == []


def test_mine_lists_what_waits_for_this_person(world, api_for):
    _campaign, inspection = _sweep(world)
    services.inspection_submit(actor=world.user("education"), inspection=inspection, answers=sheet(inspection))
    mine = api_for("education").get("/api/inspections/", {"mine": "true"}).data["results"]
    assert [row["school"] for row in mine] == [world.other_school.pk]
    assert api_for("police").get("/api/inspections/", {"mine": "true"}).data["results"] == []
    assert api_for("health").get("/api/inspections/").data["results"] == []


def test_a_school_starts_todays_self_check_once_and_submits_it(world, api_for):
    officer = api_for("school_officer")
    started = officer.post("/api/self-checks/", {"school": world.school.pk}, format="json")
    assert started.status_code == 200 and started.data["kind"] == ChecklistKind.SELF_CHECK
    again = officer.post("/api/self-checks/", {"school": world.school.pk}, format="json")
    assert again.data["id"] == started.data["id"]
    inspection = Inspection.objects.get(pk=started.data["id"])
    submitted = officer.post(f"/api/inspections/{inspection.pk}/submit/", {"answers": _answers(inspection)},
                             format="json")
    assert submitted.status_code == 200 and submitted.data["status"] == "submitted"
    assert api_for("police").post("/api/self-checks/", {"school": world.school.pk}, format="json").status_code == 403
    assert api_for("leader").post("/api/self-checks/", {"school": world.school.pk}, format="json").status_code == 403
    foreign = officer.post("/api/self-checks/", {"school": world.outside_school.pk}, format="json")
    ghost = officer.post("/api/self-checks/", {"school": 987654}, format="json")
    assert foreign.status_code == ghost.status_code == 400
    assert str(foreign.data["school"][0]).replace(str(world.outside_school.pk), "ID") == str(
        ghost.data["school"][0]).replace("987654", "ID")


def test_the_self_check_overview_shows_who_missed_which_school_days(world, api_for):
    officer = world.user("school_officer")
    inspection = services.self_check_start(actor=officer, school=world.school, day=date(2026, 11, 19))
    services.inspection_submit(actor=officer, inspection=inspection, answers=sheet(inspection),
                               inspected_on=date(2026, 11, 19))
    response = api_for("office").get("/api/self-checks/overview/", {"date_from": "2026-11-16",
                                                                     "date_to": "2026-11-20"})
    assert response.status_code == 200
    rows = {row["school"]: row for row in response.data["schools"]}
    assert rows[world.school.pk]["done"] == 1 and rows[world.school.pk]["school_days"] == 5
    assert "2026-11-19" not in rows[world.school.pk]["missed"]
    assert set(response.data["missed_today"]) == {world.school.pk, world.other_school.pk}
    assert api_for("police").get("/api/self-checks/overview/").status_code == 403
    refused = api_for("office").get("/api/self-checks/overview/", {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    assert refused.status_code == 400 and refused.data["date_to"] == ["结束日期不能早于开始日期。"]


def test_checklists_are_shared_reference_data(world, api_for):
    listed = api_for("outsider").get("/api/checklist-templates/", {"kind": "self_check"})
    assert listed.status_code == 200
    (template,) = listed.data["results"]
    assert template["is_current"] and template["items"][0]["order"] == 1


def test_schema_documents_every_inspection_endpoint(api_for, world):
    paths = api_for("office").get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, method in [("/api/campaigns/", "post"), ("/api/campaigns/{id}/close/", "post"),
                         ("/api/inspections/{id}/save/", "post"), ("/api/inspections/{id}/submit/", "post"),
                         ("/api/inspections/{id}/correct/", "post"), ("/api/inspections/{id}/assign/", "post"),
                         ("/api/self-checks/", "post"), ("/api/self-checks/overview/", "get"),
                         ("/api/checklist-templates/", "get")]:
        assert paths[path][method]["summary"], path
    submit = paths["/api/inspections/{id}/submit/"]["post"]
    assert submit["summary"] == "提交检查结果" and "multipart/form-data" in submit["requestBody"]["content"]
    assert paths["/api/hazards/{id}/grade/"]["post"]["summary"] == "定级"
