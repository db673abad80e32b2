"""The API of incidents and supervision: what the pages offer, through the same services, refused in the same
words; one action per row of each lifecycle table; scoped (outsiders 404, the rule's refusal 403)."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents import api, selectors, services, supervision
from incidents.models import (Basis, Incident, IncidentPhoto, InsuranceClaim, Involvement, Measure, Mediation,
                              Supervision, SupervisionStatus)
from incidents.supervision import SUPERVISION_LIFECYCLE
from incidents.transitions import INCIDENT_LIFECYCLE
from tests.risks.helpers import photo

pytestmark = pytest.mark.django_db

BASE = "/api/incidents/"
SUPERVISIONS = "/api/supervisions/"


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def report(world, *, actor="school_officer", school=None, kind="injury", severity="general", place="操场东侧",
           occurred_at=None, **extra):
    """An incident reported through the service, as a school officer reports it from the scene."""
    return services.incident_report(
        actor=world.user(actor), school=school or world.school, kind=kind, severity=severity,
        occurred_at=occurred_at or _ago(minutes=30), place=place, first_account="课间学生在操场摔倒，膝盖擦伤，已送校医室",
        injured=1, **extra)


def to_aftermath(world, incident, responsibility="school"):
    office = world.user("office")
    services.incident_respond(actor=office, incident=incident, plan="学生伤害事故应急预案")
    services.incident_investigate(actor=office, incident=incident)
    return services.incident_conclude(actor=office, incident=incident, cause="地面湿滑", responsibility=responsibility)


def closable(world, incident):
    """In its aftermath with the written report and the conclusion: nothing keeps it open."""
    to_aftermath(world, incident)
    return services.incident_written_report(actor=world.user("school_officer"), incident=incident, text="书面报告全文")


def _state(incident):
    incident = Incident.objects.get(pk=incident.pk)
    return incident.status, incident.events.count(), incident.claims.count(), incident.mediations.count()


def _report_body(world, **changes):
    return {"school": world.school.pk, "kind": "injury", "severity": "general",
            "occurred_at": _ago(minutes=20).isoformat(), "place": "教学楼二楼走廊",
            "first_account": "课间追逐摔倒，额头擦伤，已通知家长并送医", "injured": 1, "deaths": 0, **changes}


def _service_messages(call):
    """What the service says, field by field, for the same input: what the page shows."""
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


# ---------------------------------------------------------------------------------------------
# The tables


@pytest.mark.parametrize("name", INCIDENT_LIFECYCLE.names)
def test_every_incident_transition_has_an_api_action(name):
    assert name in api.INCIDENT_TRANSITIONS and name in services.INCIDENT_SERVICES
    assert reverse(f"incident-{name.replace('_', '-')}", args=[1])


@pytest.mark.parametrize("name", SUPERVISION_LIFECYCLE.names)
def test_every_supervision_transition_has_an_api_action(name):
    assert name in api.SUPERVISION_TRANSITIONS and name in supervision.SUPERVISION_SERVICES
    assert reverse(f"supervision-{name.replace('_', '-')}", args=[1])


def test_the_schema_documents_every_step(api_for, world):
    paths = api_for("office").get("/api/schema/", {"format": "json"}).json()["paths"]
    for name in INCIDENT_LIFECYCLE.names:
        assert f"/api/incidents/{{id}}/{name.replace('_', '-')}/" in paths, name
    for name in SUPERVISION_LIFECYCLE.names:
        assert f"/api/supervisions/{{id}}/{name}/" in paths, name


# ---------------------------------------------------------------------------------------------
# The report


def test_a_school_reports_from_the_scene_with_photos(world, api_for):
    response = api_for("school_officer").post(BASE, _report_body(world, photos=[photo(), photo("b.png", fmt="PNG")]),
                                              format="multipart")
    assert response.status_code == 201, response.data
    incident = Incident.objects.get()
    body = response.data
    assert body["id"] == incident.pk and body["number"] == incident.number and body["status"] == "reported"
    assert body["injured"] == 1 and body["reported_by"] == str(world.user("school_officer"))
    # The departments concerned by the kind are told at once (injury: health), the education center always.
    assert {row["department"] for row in body["involvements"]} == {world.health.pk, world.education.pk}
    assert [p["url"] for p in body["photos"]] == [reverse("incidents:incident_photo", args=[p.pk])
                                                  for p in incident.photos.order_by("uploaded_at", "pk")]
    assert len(body["photos"]) == 2
    assert [event["kind"] for event in body["events"]] == ["reported"]
    assert body["allowed_actions"] == ["respond", "act", "written_report", "raise_hazard"]
    assert body["is_first_report_late"] is False
    office = api_for("office").get(f"{BASE}{incident.pk}/").data
    assert office["allowed_actions"] == ["respond", "act", "written_report", "involve", "raise_hazard"]
    assert office["closing_obstacles"] == ["尚未提交书面报告。", "尚未作出调查结论和责任认定。"]


BAD_REPORTS = [
    ("kind", "", "请选择事故类型。"),
    ("kind", "explosion", "请选择事故类型。"),
    ("severity", "", "请选择严重程度。"),
    ("occurred_at", "", "请填写事故发生时间。"),
    ("occurred_at", "future", "晚于现在，请核对。"),
    ("occurred_at", "long_ago", "发生时间早于一年前，请核对日期。"),
    ("place", "   ", "请填写发生地点。"),
    ("place", "地" * 201, "不能超过 200 个字（现有 201 个）。"),
    ("first_account", "", "请简要说明发生了什么、伤亡和已采取的措施。"),
    ("injured", "-1", "受伤人数须为 0 到 10000 之间的整数。"),
    ("deaths", "10001", "死亡人数须为 0 到 10000 之间的整数。"),
]


def _typed(field, value):
    """What a client sends, and what the page's form would hand the service for it."""
    if field == "occurred_at":
        moment = {"": None, "future": timezone.now() + timedelta(days=1),
                  "long_ago": timezone.now() - timedelta(days=400)}[value]
        return (moment.isoformat() if moment else ""), moment
    if field in ("injured", "deaths"):
        return value, int(value) if value.lstrip("-").isdigit() else value
    return value, value


@pytest.mark.parametrize(("field", "value", "message"), BAD_REPORTS, ids=[f"{f}={v[:8]}" for f, v, _m in BAD_REPORTS])
def test_a_bad_report_is_refused_with_the_services_message_and_nothing_is_saved(world, api_for, field, value,
                                                                                  message):
    sent, given = _typed(field, value)
    response = api_for("school_officer").post(BASE, _report_body(world, **{field: sent}, photos=[photo()]),
                                              format="multipart")
    assert response.status_code == 400, response.data
    assert any(message in text for text in response.data[field]), response.data
    # The same words as the service's (which the page shows) for the same input.
    values = {"kind": "injury", "severity": "general", "occurred_at": _ago(minutes=20), "place": "走廊",
              "first_account": "摔倒", "injured": 1, "deaths": 0, field: given}
    expected = _service_messages(lambda: services.incident_report(actor=world.user("school_officer"),
                                                                  school=world.school, **values))
    assert [str(text) for text in response.data[field]] == expected[field]
    assert not Incident.objects.exists() and not IncidentPhoto.objects.exists() and not Involvement.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("injured", "两人", "请填写整数。"), ("deaths", "1.5", "请填写整数。"),
    ("occurred_at", "昨天上午", "请按“年-月-日 时:分”填写时间。"),
])
def test_what_is_no_number_or_moment_at_all_is_refused_as_the_pages_form_does(world, api_for, field, value, message):
    response = api_for("school_officer").post(BASE, _report_body(world, **{field: value}), format="json")
    assert response.status_code == 400 and response.data == {field: [message]}
    assert not Incident.objects.exists()


def test_a_report_for_a_school_one_does_not_reach_is_refused_like_no_school(world, api_for):
    for school in (world.other_school, world.outside_school):
        response = api_for("school_officer").post(BASE, _report_body(world, school=school.pk), format="json")
        assert response.status_code == 400 and list(response.data) == ["school"]
    assert api_for("leader").post(BASE, _report_body(world), format="json").status_code == 403
    assert api_for("nobody").post(BASE, _report_body(world), format="json").status_code == 403
    assert not Incident.objects.exists()


def test_a_bad_photo_is_refused_and_nothing_is_saved(world, api_for):
    bad = photo("x.jpg")
    bad.file = __import__("io").BytesIO(b"GIF89a not allowed")
    bad.size = 18
    response = api_for("school_officer").post(BASE, _report_body(world, photos=[bad]), format="multipart")
    assert response.status_code == 400 and "只能上传" in str(response.data["photos"])
    assert not Incident.objects.exists()


# ---------------------------------------------------------------------------------------------
# Each step of the table through the API


def _post(client, incident, name, body=None, fmt="json"):
    return client.post(f"{BASE}{incident.pk}/{name.replace('_', '-')}/", body or {}, format=fmt)


def test_every_step_of_an_incident_through_the_api(world, api_for):
    incident = report(world, occurred_at=_ago(days=5))
    office, school, health = api_for("office"), api_for("school_officer"), api_for("health")
    today = timezone.localdate()

    response = _post(school, incident, "respond", {"plan": "学生伤害事故应急预案"})
    assert response.status_code == 200, response.data
    assert response.data["status"] == "responding" and response.data["plan"] == "学生伤害事故应急预案"
    response = _post(health, incident, "act", {"action": "rescue", "note": "120 送区人民医院",
                                                "happened_at": _ago(minutes=25).isoformat()})
    assert response.status_code == 200, response.data
    response = _post(school, incident, "act", {"action": "guardians", "note": "电话通知家长"})
    assert response.data["guardians_notified_at"] is not None
    response = _post(school, incident, "written_report", {"text": "书面报告：事故经过、处置与原因初判"})
    assert response.status_code == 200 and response.data["written_report_at"] is not None
    assert _post(office, incident, "investigate", {"note": "安监办参与调查"}).data["status"] == "investigating"
    response = _post(office, incident, "involve", {"department": world.police.pk})
    assert world.police.pk in {row["department"] for row in response.data["involvements"]}
    response = _post(office, incident, "conclude", {"cause": "地面湿滑未设警示", "responsibility": "not_school"})
    assert response.data["status"] == "aftermath" and response.data["responsibility"] == "not_school"

    response = _post(school, incident, "claim", {"insurer": "人保财险", "policy_number": "PA2026-001",
                                                  "amount": "12000.50"})
    assert response.status_code == 200, response.data
    claim = InsuranceClaim.objects.get(incident=incident)
    assert response.data["claims"][0]["id"] == claim.pk and response.data["claims"][0]["amount"] == "12000.50"
    response = _post(school, incident, "claim_update", {"claim": claim.pk, "status": "paid", "paid_amount": "9000"})
    assert response.status_code == 200, response.data
    assert response.data["claims"][0]["status"] == "paid" and response.data["claims"][0]["paid_amount"] == "9000.00"

    requested = today - timedelta(days=3)
    response = _post(office, incident, "mediate", {"kind": "people", "mediator": "崇义街道人民调解委员会",
                                                    "requested_on": requested.isoformat()})
    assert response.status_code == 200, response.data
    mediation = Mediation.objects.get(incident=incident)
    row = response.data["mediations"][0]
    assert row["due_on"] == (requested + timedelta(days=60)).isoformat() and row["days_left"] == 57
    assert row["near_limit"] is False
    response = _post(office, incident, "mediation_update", {
        "mediation": mediation.pk, "status": "agreed", "outcome": "达成赔偿协议", "compensation": "3000",
        "compensation_paid_on": today.isoformat()})
    assert response.status_code == 200, response.data
    assert response.data["mediations"][0]["status"] == "agreed"
    response = _post(office, incident, "statement", {"kind": "clarification", "spokesperson": "王主任",
                                                      "text": "经调查，学校已尽到教育管理职责。"})
    assert response.status_code == 200 and response.data["statements"][0]["kind"] == "clarification"
    response = _post(school, incident, "raise_hazard", {"category": "facilities", "location": "操场东侧",
                                                         "description": "地面防滑处理"})
    assert response.status_code == 200, response.data
    hazard_event = response.data["events"][-1]
    assert hazard_event["kind"] == "hazard" and hazard_event["hazard"] is not None
    assert response.data["closing_obstacles"] == []

    response = _post(office, incident, "close", {"note": "善后完毕"})
    assert response.status_code == 200, response.data
    assert response.data["status"] == "closed" and response.data["allowed_actions"] == ["reopen"]
    response = _post(office, incident, "reopen", {"reason": "家长提出新的诉求"})
    assert response.status_code == 200 and response.data["status"] == "aftermath"
    assert [event["kind"] for event in response.data["events"]] == [
        "reported", "responded", "action", "action", "written_report", "investigating", "department", "concluded",
        "claim_filed", "claim_updated", "mediation_opened", "mediation_updated", "statement", "hazard", "closed",
        "reopened"]
    assert response.data["events"][2]["summary"] == "救援、送医"


def test_a_step_with_missing_inputs_names_each_in_the_tables_words(world, api_for):
    incident = report(world)
    response = _post(api_for("office"), incident, "respond", {"plan": "  "})
    assert response.status_code == 400 and response.data["plan"] == ["请填写启动的应急预案。"]
    response = _post(api_for("office"), incident, "act", {})
    assert response.data["action"] == ["请选择处置措施类别。"] and response.data["note"] == ["请填写做了什么。"]
    response = _post(api_for("office"), incident, "close", {})
    assert response.status_code == 400 and "事故当前状态为“已报告”，不能进行此操作。" in str(response.data)
    assert _state(incident) == ("reported", 1, 0, 0)


def test_closing_is_refused_naming_every_open_item(world, api_for):
    incident = to_aftermath(world, report(world), responsibility="not_school")
    services.claim_file(actor=world.user("school_officer"), incident=incident, insurer="人保财险",
                        policy_number="PA2026-009", amount="5000")
    services.mediation_open(actor=world.user("office"), incident=incident, kind="people", mediator="人民调解委员会",
                            requested_on=timezone.localdate())
    before = _state(incident)
    response = _post(api_for("office"), incident, "close", {"note": "结案"})
    assert response.status_code == 400
    assert response.data["__all__"] == [
        "尚未提交书面报告。", "学校无责任，须先发布澄清声明。", "校方责任险理赔（保单 PA2026-009）尚未办结：已报案。",
        "人民调解（人民调解委员会）尚未结束。"]
    detail = api_for("office").get(f"{BASE}{incident.pk}/").data
    assert detail["closing_obstacles"] == response.data["__all__"]
    assert _state(incident) == before and Incident.objects.get(pk=incident.pk).closed_at is None


def test_a_claim_of_another_incident_cannot_be_named(world, api_for):
    first, second = to_aftermath(world, report(world)), to_aftermath(world, report(world, place="食堂"))
    theirs = services.claim_file(actor=world.user("office"), incident=second, insurer="人保财险",
                                 policy_number="PA-2", amount="100")
    response = _post(api_for("office"), first, "claim_update", {"claim": theirs.pk, "status": "paid",
                                                                 "paid_amount": "100"})
    assert response.status_code == 400 and list(response.data) == ["claim"]
    theirs.refresh_from_db()
    assert theirs.status == "filed" and _state(first)[1] == 4
    mediation = services.mediation_open(actor=world.user("office"), incident=second, kind="people", mediator="调委会",
                                        requested_on=timezone.localdate())
    response = _post(api_for("office"), first, "mediation_update", {"mediation": mediation.pk, "status": "failed"})
    assert response.status_code == 400 and list(response.data) == ["mediation"]


# Who the rule refuses: 403, whatever the state and the body, and the row unchanged.
REFUSED = [
    ("police", "respond"), ("police", "close"), ("police", "investigate"), ("police", "claim"),
    ("school_officer", "investigate"), ("school_officer", "conclude"), ("school_officer", "involve"),
    ("school_officer", "mediate"), ("school_officer", "mediation_update"), ("school_officer", "close"),
    ("principal", "statement"), ("education", "close"), ("community", "respond"), ("community", "act"),
    ("leader", "respond"), ("district_leader", "close"),
]


@pytest.mark.parametrize(("person", "name"), REFUSED)
def test_a_person_the_rule_refuses_gets_403_and_nothing_changes(world, api_for, person, name):
    incident = report(world, kind="intrusion")  # police concerned: they see it and may add to the timeline
    before = _state(incident)
    response = _post(api_for(person), incident, name, {"plan": "预案", "reason": "原因", "mediation": 1})
    assert response.status_code == 403, response.data
    assert _state(incident) == before


def test_an_involved_department_adds_to_the_timeline_only(world, api_for):
    incident = report(world, school=world.other_school, actor="office", kind="injury")  # health concerned
    health = api_for("health")
    assert health.get(f"{BASE}{incident.pk}/").data["allowed_actions"] == ["act"]
    assert _post(health, incident, "act", {"action": "rescue", "note": "医护人员到场"}).status_code == 200
    assert _post(health, incident, "respond", {"plan": "预案"}).status_code == 403


@pytest.mark.parametrize("person", ["outsider", "outside_office", "nobody", "health"])
def test_outsiders_get_404_for_an_incident_and_its_steps(world, api_for, person):
    incident = report(world, kind="intrusion")  # not a health matter: health neither serves nor is concerned
    client = api_for(person)
    assert client.get(f"{BASE}{incident.pk}/").status_code == 404
    assert client.get(f"{BASE}{incident.pk + 1000}/").status_code == 404
    assert _post(client, incident, "respond", {"plan": "预案"}).status_code == 404
    assert _post(client, incident, "act", {"action": "rescue", "note": "x"}).status_code == 404
    assert client.get(BASE).data["results"] == []
    assert _state(incident) == ("reported", 1, 0, 0)


# ---------------------------------------------------------------------------------------------
# The list: the page's filters


def _ids(response):
    assert response.status_code == 200, response.data
    return {row["id"] for row in response.data["results"]}


def test_the_list_filters_as_the_page_does(world, api_for):
    injury = report(world)
    fire = report(world, kind="fire", severity="serious", place="实验楼化学实验室")
    late = report(world, school=world.other_school, actor="office", kind="traffic", occurred_at=_ago(hours=3))
    closed = closable(world, report(world, place="食堂"))
    services.incident_close(actor=world.user("office"), incident=closed)
    old = report(world, occurred_at=_ago(days=40), place="体育馆")
    alert = to_aftermath(world, report(world, place="校门口", occurred_at=_ago(days=56)))
    services.mediation_open(actor=world.user("office"), incident=alert, kind="people", mediator="调委会",
                            requested_on=timezone.localdate() - timedelta(days=55))
    office = api_for("office")
    today = timezone.localdate()
    cases = {
        "status": ({"status": "closed"}, {closed}),
        "kind": ({"kind": "fire"}, {fire}),
        "severity": ({"severity": "serious"}, {fire}),
        "school": ({"school": world.other_school.pk}, {late}),
        "late": ({"late": "true"}, {late, old, alert}),
        "open": ({"open": "true"}, {injury, fire, late, old, alert}),
        "mediation_alert": ({"mediation_alert": "true"}, {alert}),
        "date_from": ({"date_from": (today - timedelta(days=1)).isoformat()}, {injury, fire, late, closed}),
        "date_to": ({"date_to": (today - timedelta(days=30)).isoformat()}, {old, alert}),
        "q": ({"q": "化学"}, {fire}),
        "several": ({"open": "true", "school": world.school.pk, "kind": "injury"}, {injury, old, alert}),
    }
    filters = {"status": "status", "kind": "kind", "severity": "severity", "school": "school", "late": "late",
               "open": "open_only", "mediation_alert": "mediation_alert", "date_from": "date_from",
               "date_to": "date_to", "q": "q"}
    for name, (query, expected) in cases.items():
        got = _ids(office.get(BASE, query))
        assert got == {incident.pk for incident in expected}, name
        # The page's own function gives the same rows.
        page = {filters[key]: (world.other_school if value == world.other_school.pk else world.school
                               if value == world.school.pk else value) for key, value in query.items()}
        page = {key: (value == "true" if value in ("true", "false") else value) for key, value in page.items()}
        for key in ("date_from", "date_to"):
            if key in page:
                page[key] = type(today).fromisoformat(page[key])
        assert got == set(selectors.incident_list(world.user("office"), **page).values_list("pk", flat=True)), name
    assert _ids(office.get(BASE)) == {i.pk for i in (injury, fire, late, closed, old, alert)}
    assert office.get(BASE, {"status": "lost"}).status_code == 400
    backwards = office.get(BASE, {"date_from": today.isoformat(), "date_to": (today - timedelta(days=1)).isoformat()})
    assert backwards.status_code == 400 and backwards.data == {"date_to": ["结束日期不能早于开始日期。"]}
    page = office.get(BASE, {"page_size": 2})
    assert "next" in page.data and "count" not in page.data  # a cursor page, as hazards'
    # The police see the school they serve and the incidents they were told of (the traffic one).
    assert _ids(api_for("police").get(BASE)) == {i.pk for i in (injury, fire, late, closed, old, alert)}
    assert _ids(api_for("health").get(BASE)) == {i.pk for i in (injury, closed, old, alert)}
    assert _ids(api_for("school_officer").get(BASE, {"school": world.school.pk, "kind": "fire"})) == {fire.pk}


def _queries(fetch):
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


def test_list_and_detail_cost_the_same_queries_for_one_row_as_for_many(world, api_for,
                                                                       django_assert_max_num_queries):
    incident = to_aftermath(world, report(world))
    services.claim_file(actor=world.user("office"), incident=incident, insurer="人保", policy_number="P-0",
                        amount="1")
    services.mediation_open(actor=world.user("office"), incident=incident, kind="people", mediator="调委会",
                            requested_on=timezone.localdate())
    services.incident_raise_hazard(actor=world.user("office"), incident=incident, category="facilities",
                                   location="操场", description="地面防滑")
    flag = supervision.supervision_flag(actor=world.user("office"), school=world.school, measure=Measure.INTERVIEW,
                                        reason="一学期内两起学生伤害")
    office = api_for("office")
    urls = [BASE, f"{BASE}{incident.pk}/", "/api/incident-claims/", "/api/mediations/", SUPERVISIONS,
            f"{SUPERVISIONS}{flag.pk}/"]
    office.get(BASE)  # the first request of a client pays for the scope
    one = {url: _queries(lambda url=url: office.get(url)) for url in urls}
    for n in range(6):
        other = report(world, place=f"地点{n}", school=world.other_school if n % 2 else world.school,
                       actor="office", photos=[photo()])
        services.incident_act(actor=world.user("office"), incident=incident, action="other", note=f"处置{n}")
        services.incident_act(actor=world.user("office"), incident=other, action="rescue", note="送医")
        to_aftermath(world, other)
        services.claim_file(actor=world.user("office"), incident=incident, insurer="人保", policy_number=f"P-{n}",
                            amount="1")
        services.mediation_open(actor=world.user("office"), incident=other, kind="people", mediator="调委会",
                                requested_on=timezone.localdate())
        services.incident_raise_hazard(actor=world.user("office"), incident=incident,
                                       category=["fire", "traffic", "food"][n], location=f"部位{n}",
                                       description="整改") if n < 3 else None
        supervision.supervision_flag(actor=world.user("office"), school=world.other_school if n % 2 else world.school,
                                     measure=Measure.LISTED if n < 2 else Measure.INTERVIEW, reason="督导",
                                     deadline=timezone.localdate() + timedelta(days=30)) if n < 2 else None
    for url in urls:
        with django_assert_max_num_queries(one[url], info=url):
            response = office.get(url)
        assert response.status_code == 200
    assert len(office.get(BASE).data["results"]) == 7
    assert len(office.get(f"{BASE}{incident.pk}/").data["claims"]) == 7


# ---------------------------------------------------------------------------------------------
# The aftermath lists


def test_claims_and_mediations_lists_are_scoped_and_show_the_limit(world, api_for):
    ours = to_aftermath(world, report(world))
    theirs = to_aftermath(world, report(world, school=world.other_school, actor="office", kind="intrusion"))
    for incident in (ours, theirs):
        services.claim_file(actor=world.user("office"), incident=incident, insurer="人保", policy_number="P",
                            amount="10")
    today = timezone.localdate()
    Incident.objects.filter(pk=ours.pk).update(occurred_at=_ago(days=60), reported_at=_ago(days=60))
    near = services.mediation_open(actor=world.user("office"), incident=ours, kind="people", mediator="调委会",
                                   requested_on=today - timedelta(days=52))
    services.mediation_open(actor=world.user("office"), incident=theirs, kind="arbitration", mediator="仲裁委",
                            requested_on=today)
    office, school = api_for("office"), api_for("school_officer")
    assert len(office.get("/api/incident-claims/").data["results"]) == 2
    assert [row["incident"] for row in school.get("/api/incident-claims/").data["results"]] == [ours.pk]
    assert office.get("/api/incident-claims/", {"incident": ours.pk}).data["results"][0]["incident"] == ours.pk
    rows = school.get("/api/mediations/").data["results"]
    assert [(row["id"], row["due_on"], row["days_left"], row["near_limit"]) for row in rows] == [
        (near.pk, (today + timedelta(days=8)).isoformat(), 8, True)]
    assert [row["id"] for row in office.get("/api/mediations/", {"alert": "true"}).data["results"]] == [near.pk]
    assert api_for("outsider").get("/api/mediations/").data["results"] == []
    assert api_for("outsider").get("/api/incident-claims/").data["results"] == []
    # Another incident's id in the filter is refused like an id nobody has.
    assert school.get("/api/mediations/", {"incident": theirs.pk}).status_code == 400


# ---------------------------------------------------------------------------------------------
# Supervision


def _flag_body(world, **changes):
    return {"school": world.school.pk, "measure": "interview", "reason": "本学期两起学生伤害事故", **changes}


def test_the_office_flags_a_school_and_records_the_interview(world, api_for):
    office = api_for("office")
    response = office.post(SUPERVISIONS, _flag_body(world), format="json")
    assert response.status_code == 201, response.data
    row = Supervision.objects.get()
    assert response.data["id"] == row.pk and response.data["status"] == "flagged"
    assert response.data["basis"] == Basis.MANUAL and [e["kind"] for e in response.data["events"]] == ["flagged"]
    assert response.data["allowed_actions"] == ["interview", "dismiss"]
    response = office.post(f"{SUPERVISIONS}{row.pk}/interview/", {
        "held_on": timezone.localdate().isoformat(), "participants": "校长、安全副校长", "findings": "巡查记录不全",
        "commitments": "一周内补齐"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "interviewed" and response.data["allowed_actions"] == []
    assert [e["kind"] for e in response.data["events"]] == ["flagged", "interviewed"]


def test_a_listed_school_is_given_more_time_then_lifted_and_a_flag_dismissed(world, api_for):
    office = api_for("office")
    deadline = timezone.localdate() + timedelta(days=20)
    listed = office.post(SUPERVISIONS, _flag_body(world, measure="listed", deadline=deadline.isoformat()),
                         format="json").data
    assert listed["status"] == "listed" and listed["allowed_actions"] == ["extend", "lift"]
    later = deadline + timedelta(days=10)
    response = office.post(f"{SUPERVISIONS}{listed['id']}/extend/", {"deadline": later.isoformat()}, format="json")
    assert response.status_code == 200 and response.data["deadline"] == later.isoformat()
    response = office.post(f"{SUPERVISIONS}{listed['id']}/lift/", {"note": "整改完成，复查合格"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "lifted"
    flagged = office.post(SUPERVISIONS, _flag_body(world, school=world.other_school.pk), format="json").data
    response = office.post(f"{SUPERVISIONS}{flagged['id']}/dismiss/", {"note": "事故非学校责任"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "dismissed"


BAD_FLAGS = [
    ("measure", {"measure": ""}, "请选择督导措施。"),
    ("measure", {"measure": "fine"}, "请选择督导措施。"),
    ("reason", {"reason": "  "}, "请填写督导事由。"),
    ("deadline", {"measure": "listed"}, "挂牌督办须规定整改期限。"),
    ("deadline", {"deadline": "2020-01-01"}, "整改期限 2020-01-01 早于今天，请核对。"),
]


@pytest.mark.parametrize(("field", "changes", "message"), BAD_FLAGS, ids=[f"{f}-{i}" for i, (f, _c, _m)
                                                                          in enumerate(BAD_FLAGS)])
def test_a_bad_flag_is_refused_with_the_services_message(world, api_for, field, changes, message):
    response = api_for("office").post(SUPERVISIONS, _flag_body(world, **changes), format="json")
    assert response.status_code == 400 and response.data[field] == [message], response.data
    values = {"measure": "interview", "reason": "事由", "deadline": None, **changes}
    if isinstance(values["deadline"], str):
        values["deadline"] = type(timezone.localdate()).fromisoformat(values["deadline"])
    expected = _service_messages(lambda: supervision.supervision_flag(actor=world.user("office"), school=world.school,
                                                                      **values))
    assert expected[field] == [message]
    assert not Supervision.objects.exists()


def test_the_same_open_flag_twice_is_refused(world, api_for):
    office = api_for("office")
    assert office.post(SUPERVISIONS, _flag_body(world), format="json").status_code == 201
    response = office.post(SUPERVISIONS, _flag_body(world), format="json")
    assert response.status_code == 400 and response.data["measure"] == ["该学校已有同类未办结的督导记录。"]
    assert Supervision.objects.count() == 1


@pytest.mark.parametrize("person", ["school_officer", "principal", "police", "education"])
def test_only_the_office_flags_and_handles_supervision(world, api_for, person):
    client = api_for(person)
    response = client.post(SUPERVISIONS, _flag_body(world), format="json")
    assert response.status_code == 403 and "只有街道办可以提出督导。" in str(response.data)
    row = supervision.supervision_flag(actor=world.user("office"), school=world.school, measure=Measure.INTERVIEW,
                                       reason="事故多发")
    if person in ("school_officer", "principal", "education"):  # they see it: the school's own, the overseer
        assert client.get(f"{SUPERVISIONS}{row.pk}/").data["allowed_actions"] == []
        response = client.post(f"{SUPERVISIONS}{row.pk}/dismiss/", {"note": "不予督导"}, format="json")
        assert response.status_code == 403
    else:
        assert client.get(f"{SUPERVISIONS}{row.pk}/").status_code == 404
    assert Supervision.objects.get().status == SupervisionStatus.FLAGGED and row.events.count() == 1


@pytest.mark.parametrize("person", ["outsider", "outside_office", "nobody", "health", "community"])
def test_outsiders_get_404_for_a_supervision(world, api_for, person):
    row = supervision.supervision_flag(actor=world.user("office"), school=world.school, measure=Measure.INTERVIEW,
                                       reason="事故多发")
    client = api_for(person)
    assert client.get(f"{SUPERVISIONS}{row.pk}/").status_code == 404
    assert client.post(f"{SUPERVISIONS}{row.pk}/dismiss/", {"note": "x"}, format="json").status_code == 404
    assert client.get(SUPERVISIONS).data["results"] == []
    assert Supervision.objects.get().status == SupervisionStatus.FLAGGED


def test_a_step_in_the_wrong_state_or_without_its_inputs_says_so(world, api_for):
    row = supervision.supervision_flag(actor=world.user("office"), school=world.school, measure=Measure.INTERVIEW,
                                       reason="事故多发")
    office = api_for("office")
    response = office.post(f"{SUPERVISIONS}{row.pk}/interview/", {}, format="json")
    assert response.status_code == 400
    assert response.data == {"held_on": ["请填写约谈日期。"], "participants": ["请填写参加人员。"],
                             "findings": ["请填写约谈发现的问题。"], "commitments": ["请填写学校的整改承诺。"]}
    response = office.post(f"{SUPERVISIONS}{row.pk}/lift/", {"note": "x"}, format="json")
    assert response.status_code == 400 and "督导记录当前状态为“待约谈”，不能进行此操作。" in str(response.data)
    assert row.events.count() == 1


def test_the_supervision_list_filters_as_the_page_does(world, api_for):
    office_user, today = world.user("office"), timezone.localdate()
    interview = supervision.supervision_flag(actor=office_user, school=world.school, measure=Measure.INTERVIEW,
                                             reason="a")
    listed = supervision.supervision_flag(actor=office_user, school=world.other_school, measure=Measure.LISTED,
                                          reason="b", deadline=today + timedelta(days=5))
    overdue = supervision.supervision_flag(actor=office_user, school=world.school, measure=Measure.LISTED,
                                           reason="c", deadline=today)
    Supervision.objects.filter(pk=overdue.pk).update(deadline=today - timedelta(days=1))
    dismissed = supervision.supervision_flag(actor=office_user, school=world.other_school,
                                             measure=Measure.INTERVIEW, reason="d")
    supervision.supervision_dismiss(actor=office_user, supervision=dismissed, note="不予督导")
    office = api_for("office")
    cases = [
        ({"status": "listed"}, {listed, overdue}, {"status": "listed"}),
        ({"measure": "interview"}, {interview, dismissed}, {"measure": "interview"}),
        ({"basis": "manual"}, {interview, listed, overdue, dismissed}, {"basis": "manual"}),
        ({"school": world.other_school.pk}, {listed, dismissed}, {"school": world.other_school}),
        ({"open": "true"}, {interview, listed, overdue}, {"open_only": True}),
        ({"overdue": "true"}, {overdue}, {"overdue": True}),
        ({"open": "true", "school": world.school.pk}, {interview, overdue},
         {"open_only": True, "school": world.school}),
    ]
    for query, expected, page in cases:
        got = _ids(office.get(SUPERVISIONS, query))
        assert got == {row.pk for row in expected}, query
        assert got == set(selectors.supervision_list(office_user, **page).values_list("pk", flat=True)), query
    rows = office.get(SUPERVISIONS, {"overdue": "true"}).data["results"]
    assert rows[0]["is_overdue"] is True and rows[0]["is_open"] is True
    assert _ids(api_for("school_officer").get(SUPERVISIONS)) == {interview.pk, overdue.pk}
    assert _ids(api_for("education").get(SUPERVISIONS)) == {interview.pk, listed.pk, overdue.pk, dismissed.pk}


def test_a_supervision_names_the_incidents_it_rests_on(world, api_for):
    first, second = report(world), report(world, place="食堂")
    row = Supervision.objects.create(school=world.school, measure=Measure.INTERVIEW, basis=Basis.INCIDENTS,
                                     key="rule:test", status=SupervisionStatus.FLAGGED,
                                     evidence={"incidents": [first.pk, second.pk]})
    response = api_for("school_officer").get(f"{SUPERVISIONS}{row.pk}/")
    assert [(i["id"], i["number"]) for i in response.data["incidents"]] == sorted(
        [(first.pk, first.number), (second.pk, second.number)], reverse=True)


def test_the_supervision_rules_are_listed_for_every_member(world, api_for):
    response = api_for("school_officer").get("/api/supervision-rules/")
    assert response.status_code == 200
    assert {row["basis"] for row in response.data} >= {"incidents", "overdue_major_hazard"}
    assert all(row["threshold"] >= 1 for row in response.data)
    assert api_for("office").post("/api/supervision-rules/", {}, format="json").status_code == 405


def test_a_supervision_step_through_the_api_reads_as_the_service_left_it(world, api_for):
    listed = supervision.supervision_flag(actor=world.user("office"), school=world.school, measure=Measure.LISTED,
                                          reason="重大隐患逾期", deadline=timezone.localdate() + timedelta(days=3))
    response = api_for("office").post(f"{SUPERVISIONS}{listed.pk}/extend/", {"deadline": "2020-01-01"},
                                      format="json")
    assert response.status_code == 400 and response.data["deadline"] == ["整改期限 2020-01-01 早于今天，请核对。"]
    listed.refresh_from_db()
    assert listed.deadline == timezone.localdate() + timedelta(days=3) and listed.events.count() == 1
