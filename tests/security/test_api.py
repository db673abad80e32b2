"""The security API: what a page shows, the API offers, scoped as the pages, refusing in the pages' words."""
import json
import xml.etree.ElementTree as ElementTree
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from risks import selectors as risk_selectors
from security import geo, importer, services
from security.models import Camera, Drill, GuardDuty, PatrolLog, Premises, PremisesType, Staffing, Training
from tests.duties.files import pdf

from .helpers import GATE, gate, place, premises
from .test_import import good_rows, xlsx, zone_hazards

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def cafe():
    return PremisesType.objects.get(code="internet-cafe")


def _premises_body(**overrides):
    lat, lng = place(metres_north=150)
    return {"name": "极速网吧", "type": cafe().pk, "address": "中山路 1 号", "latitude": str(lat), "longitude": str(lng),
            **overrides}


# ---------------------------------------------------------------------------------------------
# Premises


def test_premises_types_are_listed_with_their_radius(world, api_for):
    response = api_for("school_officer").get("/api/security/premises-types/")
    by_code = {row["code"]: row for row in response.data}
    assert response.status_code == 200 and by_code["internet-cafe"]["radius_m"] == 200
    assert by_code["tobacco"]["radius_m"] == 50 and by_code["small-hotel"]["prohibited"] is False


def test_premises_are_registered_through_the_service_and_a_violation_is_filed_once(world, api_for):
    gate(world)
    api = api_for("office")
    created = api.post("/api/security/premises/", _premises_body(), format="json")
    assert created.status_code == 201, created.data
    assert created.data["sub_district"] == world.sub_district.pk and created.data["can_edit"] is True
    [near] = created.data["schools"]
    assert near["school"] == world.school.pk and near["metres"] == pytest.approx(150, abs=0.5)
    assert near["violation"] is True and near["gate"] == "正门"
    assert zone_hazards().count() == 1
    moved = api.patch(f"/api/security/premises/{created.data['id']}/", {"operator": "王五"}, format="json")
    assert moved.status_code == 200 and moved.data["operator"] == "王五" and moved.data["name"] == "极速网吧"
    assert zone_hazards().count() == 1


def test_premises_list_filters(world, api_for):
    gate(world)
    premises(world, "极速网吧", "internet-cafe", metres_north=150)
    premises(world, "街角烟酒", "tobacco", metres_north=30, address="中山路 3 号")
    premises(world, "老旅馆", "small-hotel", metres_north=300, address="桥南路", status="closed")
    api = api_for("police")  # a member of the sub-district reads the register
    names = lambda query: sorted(row["name"] for row in api.get("/api/security/premises/", query).data["results"])  # noqa: E731
    assert names({}) == ["极速网吧", "老旅馆", "街角烟酒"]
    assert names({"type": PremisesType.objects.get(code="tobacco").pk}) == ["街角烟酒"]
    assert names({"status": "closed"}) == ["老旅馆"]
    assert names({"q": "桥南"}) == ["老旅馆"]
    assert names({"sub_district": world.sub_district.pk}) == ["极速网吧", "老旅馆", "街角烟酒"]
    assert api_for("outside_office").get("/api/security/premises/").data["count"] == 0


@pytest.mark.parametrize(("person", "code"), [("police", 403), ("school_officer", 403), ("leader", 403)])
def test_only_the_keepers_register_premises(world, api_for, person, code):
    assert api_for(person).post("/api/security/premises/", _premises_body(), format="json").status_code == code
    assert not Premises.objects.exists()


@pytest.mark.parametrize(("lat", "lng"), [("107.39", "29.70"), ("", "107.39"), ("abc", "200")])
def test_bad_coordinates_are_refused_by_the_api_as_by_the_page(world, api_for, client_for, lat, lng):
    body = _premises_body(latitude=lat, longitude=lng)
    api = api_for("office").post("/api/security/premises/", body, format="json")
    page = client_for("office").post(reverse("security:premises_new"), {**body, "system": "gcj02", "status": "operating"})
    assert api.status_code == page.status_code == 400
    for field in ("latitude", "longitude"):
        assert api.data.get(field, []) == page.context["form"].errors.get(field, [])
    assert api.data["latitude"] or api.data["longitude"]
    assert not Premises.objects.exists()


def test_a_duplicate_premises_is_refused_in_the_pages_words(world, api_for, client_for):
    api = api_for("office")
    assert api.post("/api/security/premises/", _premises_body(), format="json").status_code == 201
    again = api.post("/api/security/premises/", _premises_body(), format="json")
    page = client_for("office").post(reverse("security:premises_new"),
                                     {**_premises_body(), "system": "gcj02", "status": "operating"})
    assert again.status_code == page.status_code == 400
    assert again.data["name"] == page.context["form"].errors["name"] == ["同一地址已登记了同名场所。"]


def test_wgs84_coordinates_are_converted_by_the_api(world, api_for):
    response = api_for("office").post("/api/security/premises/", _premises_body(
        latitude="29.7035", longitude="107.3906", system="wgs84"), format="json")
    expected = geo.wgs84_to_gcj02(29.7035, 107.3906)
    assert float(response.data["latitude"]) == pytest.approx(expected[0], abs=1e-6)


# ---------------------------------------------------------------------------------------------
# A school's zone


def test_the_zone_lists_gates_rows_with_metres_and_the_schematic(world, api_for):
    gate(world)
    premises(world, "极速网吧", "internet-cafe", metres_north=150)
    premises(world, "远方网吧", "internet-cafe", metres_north=250, address="中山路 9 号")
    response = api_for("school_officer").get(f"/api/security/schools/{world.school.pk}/zone/")
    assert response.status_code == 200
    assert response.data["gates"] == [{"name": "正门", "latitude": float(GATE[0]), "longitude": float(GATE[1])}]
    rows = [(row["name"], round(row["metres"]), row["violation"]) for row in response.data["rows"]]
    assert rows == [("极速网吧", 150, True), ("远方网吧", 250, False)]
    svg = ElementTree.fromstring(response.data["svg"])
    assert svg.tag.endswith("svg") and "学生安全区域示意图" in response.data["svg"]
    assert response.data["svg_url"] == reverse("security:zone_svg", args=[world.school.pk])
    assert api_for("office").get(f"/api/security/schools/{world.school.pk}/zone/?svg=0").data["svg"] is None
    assert api_for("outsider").get(f"/api/security/schools/{world.school.pk}/zone/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Gates and cameras


def test_gates_are_added_and_moved_and_the_zone_is_measured_again(world, api_for):
    premises(world, "极速网吧", "internet-cafe", metres_north=450)
    api = api_for("school_officer")
    added = api.post("/api/security/gates/", {"school": world.school.pk, "name": "正门", "latitude": str(GATE[0]),
                                              "longitude": str(GATE[1])}, format="json")
    assert added.status_code == 201 and not zone_hazards().exists()
    lat, lng = place(metres_north=300)
    moved = api.patch(f"/api/security/gates/{added.data['id']}/", {"latitude": str(lat), "longitude": str(lng)},
                      format="json")
    assert moved.status_code == 200 and moved.data["name"] == "正门"
    assert zone_hazards().count() == 1  # 150 m from the moved gate
    refused = api.post("/api/security/gates/", {"school": world.school.pk, "name": "正门", "latitude": "29.7",
                                                "longitude": "107.39"}, format="json")
    assert refused.status_code == 400 and refused.data["name"] == ["本校已有名为“正门”的校门。"]


def test_cameras_are_listed_added_and_updated_with_the_pages_messages(world, api_for, client_for):
    api = api_for("school_officer")
    added = api.post("/api/security/cameras/", {"school": world.school.pk, "location": "正门", "networked": True},
                     format="json")
    assert added.status_code == 201 and added.data["networked"] is True and added.data["working"] is True
    updated = api.patch(f"/api/security/cameras/{added.data['id']}/", {"working": False}, format="json")
    assert updated.status_code == 200 and updated.data["working"] is False and updated.data["location"] == "正门"
    assert [row["location"] for row in api.get("/api/security/cameras/", {"school": world.school.pk}).data["results"]] == ["正门"]
    refused = api.post("/api/security/cameras/", {"school": world.school.pk, "location": " "}, format="json")
    page = client_for("school_officer").post(reverse("security:camera_new", args=[world.school.pk]), {"location": " "})
    assert refused.status_code == page.status_code == 400
    assert refused.data["location"] == page.context["form"].errors["location"] == ["请填写监控点位置。"]
    assert api_for("police").post("/api/security/cameras/", {"school": world.school.pk, "location": "后门"},
                                  format="json").status_code == 403
    assert Camera.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Patrols and guard posts


def test_the_police_log_a_patrol_with_findings_that_become_hazards(world, api_for):
    api = api_for("police")
    body = {"school": world.school.pk, "patrolled_on": TODAY().isoformat(), "started_at": "07:30", "ended_at": "08:10",
            "route": "正门—东侧路口—后门",
            "findings": [{"category": "traffic", "location": "东侧路口", "description": "减速带损坏"}]}
    created = api.post("/api/security/patrol-logs/", body, format="json")
    assert created.status_code == 201, created.data
    assert created.data["department"] == world.police.pk and created.data["findings"][0]["hazard_number"]
    hazard = risk_selectors.hazard_rows().get(pk=created.data["findings"][0]["hazard"])
    assert hazard.source_key == f"patrol:{created.data['id']}:finding:1"
    assert api.get(f"/api/security/patrol-logs/{created.data['id']}/").status_code == 200
    assert [row["id"] for row in api_for("office").get("/api/security/patrol-logs/").data["results"]] == [
        created.data["id"]]


def test_a_patrol_refusal_is_the_services(world, api_for):
    body = {"school": world.school.pk, "patrolled_on": TODAY().isoformat(), "started_at": "08:10", "ended_at": "07:30",
            "route": "", "findings": [{"category": "", "location": "东侧路口", "description": ""}]}
    refused = api_for("police").post("/api/security/patrol-logs/", body, format="json")
    with pytest.raises(ValidationError) as service:
        services.patrol_record(actor=world.user("police"), school=world.school, patrolled_on=TODAY(),
                               started_at=time(8, 10), ended_at=time(7, 30), route="", findings=body["findings"])
    assert refused.status_code == 400 and refused.data == service.value.message_dict
    assert refused.data["ended_at"] == ["结束时间应晚于开始时间。"]
    assert not PatrolLog.objects.exists()
    assert api_for("school_officer").post("/api/security/patrol-logs/", body, format="json").status_code == 403


def test_guard_duties_are_listed_and_created(world, api_for):
    api = api_for("school_officer")
    created = api.post("/api/security/guard-duties/", {"school": world.school.pk, "on": TODAY().isoformat(),
                                                       "slot": "morning", "post": "正门", "staff": "张三、李四"},
                       format="json")
    assert created.status_code == 201 and created.data["slot_label"] == "早高峰"
    listed = api_for("police").get("/api/security/guard-duties/", {"on": TODAY().isoformat()}).data["results"]
    assert [row["staff"] for row in listed] == ["张三、李四"]
    refused = api.post("/api/security/guard-duties/", {"school": world.school.pk, "slot": "noon"}, format="json")
    assert refused.status_code == 400 and refused.data == {"on": ["请填写日期。"], "post": ["请填写岗位。"],
                                                           "staff": ["请填写上岗人员。"]}
    assert GuardDuty.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Drills and trainings


def test_a_drill_with_problems_and_evidence_in_multipart(world, api_for):
    api = api_for("school_officer")
    body = {"school": world.school.pk, "kind": "fire", "held_on": TODAY().isoformat(), "participants": 900,
            "duration_min": 20, "evacuation_seconds": 180,
            "problems": json.dumps([{"category": "fire", "location": "教学楼东楼梯", "description": "疏散指示灯不亮"}]),
            "evidence": [pdf("演练记录.pdf")]}
    created = api.post("/api/security/drills/", body, format="multipart")
    assert created.status_code == 201, created.data
    assert created.data["problems"][0]["hazard"] and created.data["evidence"][0]["name"] == "演练记录.pdf"
    hazard = risk_selectors.hazard_rows().get(pk=created.data["problems"][0]["hazard"])
    assert hazard.source_key == f"drill:{created.data['id']}:problem:1"
    detail = api.get(f"/api/security/drills/{created.data['id']}/")
    assert detail.status_code == 200 and detail.data["evidence"][0]["url"].startswith("/security/evidence/")
    assert api_for("outsider").get(f"/api/security/drills/{created.data['id']}/").status_code == 404


def test_a_drill_in_json_and_its_refusals(world, api_for):
    api = api_for("school_officer")
    refused = api.post("/api/security/drills/", {"school": world.school.pk, "kind": "fire",
                                                 "held_on": TODAY().isoformat()}, format="json")
    assert refused.status_code == 400
    assert refused.data == {"participants": ["请填写此项。"], "duration_min": ["请填写此项。"]}
    bad_json = api.post("/api/security/drills/", {"school": world.school.pk, "kind": "fire", "problems": "[oops"},
                        format="multipart")
    assert bad_json.status_code == 400 and "JSON" in bad_json.data["problems"][0]
    assert not Drill.objects.exists()


def test_trainings_at_a_school_or_for_the_sub_district(world, api_for):
    body = {"kind": "anti_terror", "held_on": TODAY().isoformat(), "participants": 40}
    school = api_for("school_officer").post("/api/security/trainings/", {**body, "school": world.school.pk},
                                            format="json")
    assert school.status_code == 201 and school.data["school"] == world.school.pk
    refused = api_for("school_officer").post("/api/security/trainings/", body, format="json")
    assert refused.status_code == 400 and refused.data == {"school": ["请选择学校：集中培训只能由街道办或部门登记。"]}
    together = api_for("office").post("/api/security/trainings/", body, format="json")
    assert together.status_code == 201 and together.data["school"] is None
    assert Training.objects.count() == 2
    assert len(api_for("office").get("/api/security/trainings/").data["results"]) == 2


# ---------------------------------------------------------------------------------------------
# Staffing


def test_staffing_check_update_and_shortfall_as_a_hazard(world, api_for):
    api = api_for("school_officer")
    url = f"/api/security/schools/{world.school.pk}/staffing/"
    empty = api.get(url)
    assert empty.status_code == 200 and empty.data["record"] is None and not empty.data["compliant"]
    assert empty.data["required"] == {"guards": 3, "dorm_managers": 0, "patrols_per_day": 5}
    short = api.put(url, {"guards": 1, "dorm_managers": 0, "volunteers": 4, "gate_staffed_24h": True,
                          "patrols_per_day": 5}, format="json")
    assert short.status_code == 200 and short.data["missing"] == {"guards": 2}
    assert Staffing.objects.get().guards == 1
    reported = api.post(url + "report-shortfall/")
    assert reported.status_code == 201 and reported.data["url"] == reverse("risks:hazard_detail",
                                                                           args=[reported.data["hazard"]])
    assert api.post(url + "report-shortfall/").data["hazard"] == reported.data["hazard"]  # once a year
    refused = api.put(url, {"guards": -1, "dorm_managers": 0, "volunteers": 0, "patrols_per_day": 5}, format="json")
    assert refused.status_code == 400 and refused.data == {"guards": ["请填写 0 至 500 之间的数字。"]}
    assert api.put(url, {"guards": 3, "dorm_managers": 0, "volunteers": 0, "gate_staffed_24h": True,
                         "patrols_per_day": 5}, format="json").data["compliant"] is True
    compliant = api.post(url + "report-shortfall/")
    assert compliant.status_code == 400
    assert compliant.data == {"detail": ["该校安保力量符合 GB/T 29315-2022 的要求，无需登记隐患。"]}
    assert api_for("leader").put(url, {"guards": 9}, format="json").status_code == 403
    assert api_for("police").put(url, {"guards": 9}, format="json").status_code == 403
    assert Staffing.objects.get().guards == 3


def test_staffing_refusal_matches_the_page(world, api_for, client_for):
    body = {"guards": "-1", "dorm_managers": "0", "volunteers": "0", "patrols_per_day": "5"}
    api = api_for("office").put(f"/api/security/schools/{world.school.pk}/staffing/", body, format="json")
    page = client_for("office").post(reverse("security:staffing", args=[world.school.pk]), body)
    assert api.status_code == page.status_code == 400
    assert api.data["guards"] == page.context["form"].errors["guards"]


# ---------------------------------------------------------------------------------------------
# The import, through the API


def test_api_import_previews_then_saves_all_rows_or_none(world, api_for):
    gate(world)
    api = api_for("office")
    preview = api.post("/api/security/premises/import/", {"file": xlsx(good_rows())}, format="multipart")
    assert preview.status_code == 200 and preview.data["valid"] and preview.data["dry_run"]
    assert preview.data["rows"] == 3 and not Premises.objects.exists()
    assert preview.data["preview"][0]["violations"][0]["school"] == world.school.pk
    bad = good_rows() + [["坏网吧", "网吧", "中山路 7 号", 200, 107.39, "", "", "", ""]]
    refused = api.post("/api/security/premises/import/", {"file": xlsx(bad), "dry_run": "false"}, format="multipart")
    assert refused.status_code == 400 and not refused.data["valid"] and not Premises.objects.exists()
    assert refused.data["preview"][3]["number"] == 5
    assert refused.data["preview"][3]["errors"] == list(geo.coordinate_errors(200, 107.39).values())
    saved = api.post("/api/security/premises/import/", {"file": xlsx(good_rows()), "dry_run": "false"},
                     format="multipart")
    assert saved.status_code == 200 and (saved.data["created"], saved.data["updated"]) == (3, 0)
    again = api.post("/api/security/premises/import/", {"file": xlsx(good_rows()), "dry_run": "false"},
                     format="multipart")
    assert (again.data["created"], again.data["updated"]) == (0, 3)
    assert Premises.objects.count() == 3 and zone_hazards().count() == 2


@pytest.mark.parametrize("person", ["school_officer", "police", "leader"])
def test_only_the_keepers_import_through_the_api(world, api_for, person):
    api = api_for(person)
    assert api.post("/api/security/premises/import/", {"file": xlsx(good_rows())}, format="multipart").status_code == 403
    assert api.get("/api/security/premises/import-template/").status_code == 403
    assert not Premises.objects.exists()


def test_the_template_downloads_from_the_api_as_from_the_page(world, api_for, client_for):
    api = api_for("office").get("/api/security/premises/import-template/")
    page = client_for("office").get(reverse("security:premises_template"))
    assert api.status_code == page.status_code == 200 and api["Content-Type"] == importer.XLSX_TYPE


@pytest.mark.parametrize("kind", ["governance", "law_enforcement"])
def test_governance_and_law_enforcement_keep_the_register_through_the_api(world, api_for, kind):
    from organizations.models import Department, Membership, Role, User

    department = Department.objects.create(sub_district=world.sub_district, kind=kind, name=f"{kind} 部门")
    keeper = User.objects.create_user(username=f"keeper-{kind}", password="x" * 12, full_name="keeper")
    Membership.objects.create(user=keeper, role=Role.DEPARTMENT, department=department)
    world.users["keeper"] = keeper
    api = api_for("keeper")
    created = api.post("/api/security/premises/", _premises_body(), format="json")
    assert created.status_code == 201, created.data
    assert created.data["sub_district"] == world.sub_district.pk and created.data["can_edit"] is True
    updated = api.patch(f"/api/security/premises/{created.data['id']}/", {"status": "closed"}, format="json")
    assert updated.status_code == 200 and updated.data["status"] == "closed"
    imported = api.post("/api/security/premises/import/", {"file": xlsx(good_rows()), "dry_run": "false"},
                        format="multipart")
    assert imported.status_code == 200 and (imported.data["created"], imported.data["updated"]) == (2, 1)
    # Another keeper's row elsewhere stays out of reach: the police may read, not write.
    assert api_for("police").patch(f"/api/security/premises/{created.data['id']}/", {"status": "operating"},
                                   format="json").status_code == 403
