from datetime import timedelta

import pytest
from django.utils import timezone

from risks import services
from risks.models import Hazard, HazardStatus

from .helpers import make_hazard, photo
from .matrix import TRANSITIONS, forbidden_cases

pytestmark = pytest.mark.django_db

BASE = "/api/hazards/"


def _assign(world, **overrides):
    data = {"assignee_kind": "department", "department": world.police.pk, "funds_amount": "800.00",
            "funds_source": "街道专项经费", "responsible_person": "张伟", "measures": "加装防护栏",
            "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "contingency_plan": "设置临时围挡"}
    data.update(overrides)
    return data


def _body(name, world):
    return {
        "grade": ({"grade": "major"}, "json"),
        "assign": (_assign(world), "json"),
        "start": ({}, "json"),
        "submit": ({"note": "已整改", "photos": [photo()]}, "multipart"),
        "reject": ({"reason": "不合格"}, "json"),
        "accept": ({}, "json"),
    }[name]


def test_full_loop_through_the_api(api_for, world):
    school = api_for("school_officer")
    response = school.post(BASE, {"school": world.school.pk, "category": "traffic", "location": "校门口",
                                  "description": "斑马线褪色", "photos": [photo(), photo("b.webp", fmt="WEBP")]},
                           format="multipart")
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert len(response.data["events"][0]["attachments"]) == 2
    office, police = api_for("office"), api_for("police")
    assert office.post(f"{BASE}{pk}/grade/", {"grade": "general"}, format="json").status_code == 200
    response = office.post(f"{BASE}{pk}/assign/", _assign(world), format="json")
    assert response.status_code == 200 and response.data["status"] == "assigned"
    assert police.post(f"{BASE}{pk}/start/", {}, format="json").status_code == 200
    response = police.post(f"{BASE}{pk}/submit/", {"note": "已重新施划", "photos": [photo()]}, format="multipart")
    assert response.status_code == 200 and response.data["status"] == "submitted"
    response = office.post(f"{BASE}{pk}/reject/", {"reason": "线条不清晰"}, format="json")
    assert response.data["status"] == "rectifying" and response.data["rejection_count"] == 1
    police.post(f"{BASE}{pk}/submit/", {"note": "再次施划", "photos": [photo()]}, format="multipart")
    response = office.post(f"{BASE}{pk}/accept/", {"comment": "合格"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "closed"
    assert [e["kind"] for e in response.data["events"]] == [
        "reported", "graded", "assigned", "started", "submitted", "rejected", "submitted", "accepted"]
    assert response.data["allowed_actions"] == []


@pytest.mark.parametrize(("name", "role", "expected"), list(forbidden_cases()))
def test_forbidden_transition_through_the_api(api_for, world, name, role, expected):
    state, _allowed = TRANSITIONS[name]
    hazard = make_hazard(world, state)
    data, fmt = _body(name, world)
    response = api_for(role).post(f"{BASE}{hazard.pk}/{name}/", data, format=fmt)
    assert response.status_code == expected, response.data
    hazard.refresh_from_db()
    assert hazard.status == state


def test_acceptor_is_rectifier_refused_by_the_api(api_for, world):
    from organizations.models import Membership, Role

    both = world.user("school_officer")
    Membership.objects.create(user=both, role=Role.OFFICE, sub_district=world.sub_district)
    hazard = make_hazard(world, HazardStatus.RECTIFYING, to="school")
    api = api_for("school_officer")
    assert api.post(f"{BASE}{hazard.pk}/submit/", {"note": "done", "photos": [photo()]},
                    format="multipart").status_code == 200
    assert api.post(f"{BASE}{hazard.pk}/accept/", {}, format="json").status_code == 403
    assert api_for("office").post(f"{BASE}{hazard.pk}/accept/", {}, format="json").status_code == 200


def test_wrong_state_and_missing_implementations_are_400_in_chinese(api_for, world):
    hazard = make_hazard(world, HazardStatus.GRADED)
    office = api_for("office")
    response = office.post(f"{BASE}{hazard.pk}/assign/", _assign(world, funds_source="  "), format="json")
    assert response.status_code == 400 and "funds_source" in response.data
    response = office.post(f"{BASE}{hazard.pk}/accept/", {}, format="json")
    assert response.status_code == 400 and "不能进行此操作" in str(response.data)


def test_list_filters_and_cursor_pagination(api_for, world):
    today = timezone.localdate()
    late = make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=today - timedelta(days=1))
    for _ in range(3):
        make_hazard(world, HazardStatus.REPORTED)
    other = make_hazard(world, HazardStatus.REPORTED, school=world.other_school)
    office = api_for("office")
    assert office.get(BASE, {"supervised": "true"}).data["results"] == []  # not listed yet
    services.hazards_escalate()
    assert [h["id"] for h in office.get(BASE, {"overdue": "true"}).data["results"]] == [late.pk]
    assert [h["id"] for h in office.get(BASE, {"supervised": "true"}).data["results"]] == [late.pk]
    assert [h["id"] for h in office.get(BASE, {"school": world.other_school.pk}).data["results"]] == [other.pk]
    assert [h["id"] for h in office.get(BASE, {"department": world.police.pk}).data["results"]] == [late.pk]
    assert len(office.get(BASE, {"status": "reported"}).data["results"]) == 4
    assert office.get(BASE, {"found_after": (today + timedelta(days=1)).isoformat()}).data["results"] == []
    page = office.get(BASE, {"page_size": 2})
    assert "next" in page.data and "count" not in page.data  # a cursor page, not an offset page
    outsider = api_for("outsider").get(BASE)
    assert outsider.data["results"] == []
    assert api_for("outsider").get(f"{BASE}{late.pk}/").status_code == 404


def test_api_create_refuses_other_schools_and_bad_files(api_for, world):
    api = api_for("school_officer")
    response = api.post(BASE, {"school": world.other_school.pk, "category": "fire", "location": "x",
                               "description": "y"}, format="json")
    # she cannot even see the other school: it "does not exist", like an id nobody has (tests/test_existence_probes)
    assert response.status_code == 400 and list(response.data) == ["school"]
    response = api.post(BASE, {"school": world.outside_school.pk, "category": "fire", "location": "x",
                               "description": "y"}, format="json")
    assert response.status_code == 400 and list(response.data) == ["school"]
    bad = photo("x.jpg")
    bad.file = __import__("io").BytesIO(b"GIF89a not allowed")
    bad.size = 18
    response = api.post(BASE, {"school": world.school.pk, "category": "fire", "location": "x",
                               "description": "y", "photos": [bad]}, format="multipart")
    assert response.status_code == 400 and "只能上传" in str(response.data)
    assert not Hazard.objects.exists()
    assert api_for("leader").post(BASE, {"school": world.school.pk, "category": "fire", "location": "x",
                                         "description": "y"}, format="json").status_code == 403


def test_schema_documents_the_transitions(api_for, world):
    response = api_for("office").get("/api/schema/", {"format": "json"})
    paths = response.json()["paths"] if hasattr(response, "json") else {}
    for name in TRANSITIONS:
        assert f"/api/hazards/{{id}}/{name}/" in paths


def test_a_linked_risk_is_named_only_to_those_who_may_open_it(world, api_for):
    from risks import services as risk_services
    from .helpers import assign_kwargs, lec, make_hazard

    risk = risk_services.risk_create(actor=world.user("office"), school=world.school, category="fire", name="消防通道",
                                     location="后门", description="堆放杂物", control_measures="每日巡查",
                                     responsible_person="李明", scheme=lec(), likelihood=3, exposure=6, severity=7)
    hazard = make_hazard(world, "graded")
    type(hazard).objects.filter(pk=hazard.pk).update(risk=risk)  # linked when reported
    risk_services.hazard_assign(actor=world.user("office"), hazard=hazard, **assign_kwargs(world, to="health"))
    assert api_for("office").get(f"/api/hazards/{hazard.pk}/").data["risk"] == risk.pk
    seen_by_health = api_for("health").get(f"/api/hazards/{hazard.pk}/")
    assert seen_by_health.status_code == 200 and seen_by_health.data["risk"] is None
    assert api_for("health").get(f"/api/risks/{risk.pk}/").status_code == 404
    listed = api_for("health").get("/api/hazards/").data["results"]
    assert [row["risk"] for row in listed] == [None]
