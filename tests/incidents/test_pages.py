"""The incident and supervision pages: the report from a phone form, the detail's forms per person, every step
through the pages (the close refused while aftermath items are open), 404/403 on the server whatever the page
shows, figures equal to the lists they open, the Excel exports, and the office's supervision pages."""
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_safety.navigation import items_for
from incidents import services, supervision
from incidents.models import (Incident, IncidentEvent, IncidentPhoto, IncidentStatus, InsuranceClaim, Mediation,
                              Supervision, SupervisionStatus)
from tests.risks.helpers import download, photo

from .helpers import make_incident, report

pytestmark = pytest.mark.django_db

PER_ITEM = {"claim_update", "mediation_update"}


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _actions_on_page(html):
    return set(re.findall(r'data-step="([a-z_]+)"', html))


def _step(pk, action):
    return reverse("incidents:incident_step", args=[pk, action])


def _detail(pk):
    return reverse("incidents:incident_detail", args=[pk])


# ---------------------------------------------------------------------------------------------
# The report


def test_the_school_reports_an_injury_with_photos_from_the_phone_form(client_for, world):
    client = client_for("school_officer")
    page = client.get(reverse("incidents:incident_report")).content.decode()
    # One school: preselected, no empty choice; the time defaults to now; the same camera widget as hazards.
    assert f'<option value="{world.school.pk}" selected>' in page and "请选择学校" not in page
    assert 'type="datetime-local"' in page and _local(timezone.now())[:13] in page
    assert 'type="file"' in page and 'accept="image/*' in page and "capture" in page and "multiple" in page

    response = client.post(reverse("incidents:incident_report"), {
        "school": world.school.pk, "kind": "injury", "severity": "general",
        "occurred_at": _local(timezone.now() - timedelta(minutes=20)), "place": "操场东侧篮球场", "injured": "1",
        "deaths": "0", "first_account": "学生打篮球时摔倒，右臂骨折，已送医。", "photos": [photo("a.jpg"), photo("b.png", "PNG")],
    })
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(incident.pk)
    assert (incident.place, incident.injured, incident.reported_by) == ("操场东侧篮球场", 1, world.user("school_officer"))
    assert not incident.is_first_report_late
    detail = client.get(response["Location"]).content.decode()
    assert incident.number in detail and "事故已报告" in detail
    photos = list(IncidentPhoto.objects.filter(incident=incident))
    assert len(photos) == 2
    for photo_row in photos:
        url = reverse("incidents:incident_photo", args=[photo_row.pk])
        assert url in detail
        assert client.get(url).status_code == 200
        assert client_for("outsider").get(url).status_code == 404
        assert client_for("office").get(url)["X-Content-Type-Options"] == "nosniff"


def test_bad_input_is_shown_next_to_the_fields_with_what_was_typed_and_nothing_is_saved(client_for, world):
    client = client_for("office")
    page = client.get(reverse("incidents:incident_report")).content.decode()
    assert "请选择学校" in page  # the office has several schools: none preselected
    response = client.post(reverse("incidents:incident_report"), {
        "school": world.school.pk, "kind": "", "severity": "general",
        "occurred_at": _local(timezone.now() + timedelta(hours=3)), "place": "", "injured": "2", "deaths": "0",
        "first_account": "食堂午餐后多名学生腹痛呕吐", "photos": [photo()],
    })
    assert response.status_code == 400
    html = response.content.decode()
    for message in ("请选择事故类型。", "请填写发生地点。", "晚于现在，请核对。", "已选的 1 个文件未保存"):
        assert message in html, message
    assert "食堂午餐后多名学生腹痛呕吐" in html and 'value="2"' in html
    assert Incident.objects.count() == 0 and IncidentPhoto.objects.count() == 0


def test_a_school_outside_the_reporters_reach_is_refused(client_for, world):
    response = client_for("school_officer").post(reverse("incidents:incident_report"), {
        "school": world.other_school.pk, "kind": "injury", "severity": "general",
        "occurred_at": _local(timezone.now()), "place": "操场", "first_account": "摔倒"})
    assert response.status_code == 400 and "请选择学校。" in response.content.decode()
    assert client_for("leader").post(reverse("incidents:incident_report"), {}).status_code == 403
    assert client_for("leader").get(reverse("incidents:incident_report")).status_code == 200
    assert Incident.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# The detail: one form per step the person may take now


@pytest.mark.parametrize(("person", "expected"), [
    ("office", {"respond", "act", "written_report", "involve", "raise_hazard"}),
    ("school_officer", {"respond", "act", "written_report", "raise_hazard"}),
    ("health", {"act"}),  # concerned by an injury: adds what it did to the timeline
    ("education", {"act"}),  # told of every incident, adds to its timeline
    ("leader", set()),
])
def test_the_detail_offers_exactly_the_steps_the_person_may_take(client_for, world, person, expected):
    incident = report(world)
    response = client_for(person).get(_detail(incident.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert _actions_on_page(html) == expected == set(services.allowed_actions(world.user(person), incident))
    assert incident.number in html and "事故" in html


def test_the_detail_is_404_for_those_who_do_not_see_the_incident(client_for, world):
    incident = report(world)
    for person in ("outsider", "outside_office", "nobody"):
        assert client_for(person).get(_detail(incident.pk)).status_code == 404, person
    assert client_for("police").get(_detail(incident.pk)).status_code == 200  # guards the school (包校): reads


def test_every_step_through_the_pages_and_the_close_refused_until_the_aftermath_is_done(client_for, world):
    incident = report(world)
    office = client_for("office")

    def step(action, data, status=302):
        response = office.post(_step(incident.pk, action), data)
        assert response.status_code == status, (action, response.content.decode()[-3000:])
        return response

    step("respond", {"plan": "学生意外伤害事故应急预案"})
    step("act", {"action": "guardians", "note": "电话通知家长到医院",
                 "happened_at": _local(timezone.now() - timedelta(minutes=5))})
    step("written_report", {"text": "事故经过、伤情和处置情况。"})
    step("involve", {"department": world.police.pk})
    step("investigate", {"note": "安监办、派出所参与调查"})
    step("conclude", {"cause": "学生自行摔倒，场地无缺陷。", "responsibility": "not_school"})
    step("claim", {"insurer": "中国人寿", "policy_number": "P1", "amount": "12000.50"})
    claim = InsuranceClaim.objects.get(incident=incident)
    step("claim_update", {"claim": claim.pk, "status": "reviewing", "claim_number": "BA-9"})
    step("mediate", {"kind": "people", "mediator": "崇义街道人民调解委员会",
                     "requested_on": timezone.localdate().isoformat()})
    mediation = Mediation.objects.get(incident=incident)
    step("statement", {"kind": "briefing", "spokesperson": "王主任", "text": "情况通报"})
    step("raise_hazard", {"category": "facilities", "location": "篮球场", "description": "地面防滑处理"})

    refused = step("close", {"note": "结案"}, status=400).content.decode()
    for open_item in ("校方责任险理赔（保单 P1）尚未办结：理赔审核中。", "人民调解（崇义街道人民调解委员会）尚未结束。",
                      "学校无责任，须先发布澄清声明。"):
        assert open_item in refused, open_item
    assert "data-failed" in refused and "待办结事项" in refused
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.AFTERMATH and incident.closed_at is None

    step("statement", {"kind": "clarification", "spokesperson": "王主任", "text": "经调查，学校无责任。"})
    paid = step("claim_update", {"claim": claim.pk, "status": "paid", "claim_number": "BA-9"}, status=400)
    assert "请填写金额。" in paid.content.decode()  # paid needs the amount: said next to the claim's form
    step("claim_update", {"claim": claim.pk, "status": "paid", "claim_number": "BA-9", "paid_amount": "11000"})
    step("mediation_update", {"mediation": mediation.pk, "status": "agreed", "outcome": "双方达成和解",
                              "compensation": "3000", "compensation_paid_on": timezone.localdate().isoformat()})
    step("close", {"note": "善后事项均已办结"})
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED
    assert client_for("office").get(_detail(incident.pk)).status_code == 200
    step("reopen", {"reason": "家长提出新的赔偿要求"})
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.AFTERMATH

    kinds = list(incident.events.values_list("kind", flat=True))
    assert kinds.count("statement") == 2 and "hazard" in kinds and kinds[-2:] == ["closed", "reopened"]
    page = office.get(_detail(incident.pk)).content.decode()
    hazard_number = incident.events.get(kind="hazard").data["hazard_number"]
    assert hazard_number in page and 'data-hazard-link' in page


def test_a_step_refused_by_state_or_input_keeps_what_was_typed(client_for, world):
    incident = report(world)
    office = client_for("office")
    # GET of a step the state does not offer: back to the detail, saying why.
    response = office.get(_step(incident.pk, "investigate"))
    assert response.status_code == 302 and response["Location"] == _detail(incident.pk)
    refused = office.post(_step(incident.pk, "investigate"), {"note": "先调查"})
    assert refused.status_code == 400 and "事故当前状态为“已报告”，不能进行此操作。" in refused.content.decode()
    missing = office.post(_step(incident.pk, "act"), {"action": "", "note": "送医"}).content.decode()
    assert "请选择处置措施类别。" in missing and "送医" in missing
    assert office.get(_step(incident.pk, "respond")).status_code == 200  # the step alone, for a phone
    assert office.get(_step(incident.pk, "nonsense")).status_code == 404
    assert incident.events.count() == 1


@pytest.mark.parametrize(("person", "status"), [
    ("outsider", 404), ("outside_office", 404), ("nobody", 404),
    ("police", 403), ("community", 403), ("leader", 403), ("district_leader", 403), ("health", 403), ("education", 403),
])
def test_a_step_posted_by_someone_the_rule_refuses_changes_nothing(client_for, world, person, status):
    incident = report(world)
    before = list(Incident.objects.filter(pk=incident.pk).values())
    client = client_for(person)
    assert client.post(_step(incident.pk, "respond"), {"plan": "预案"}).status_code == status
    assert client.get(_step(incident.pk, "respond")).status_code == status
    assert list(Incident.objects.filter(pk=incident.pk).values()) == before
    assert IncidentEvent.objects.filter(incident=incident).count() == 1


def test_a_claim_of_another_incident_cannot_be_updated_through_this_one(client_for, world):
    first = make_incident(world, IncidentStatus.RESPONDING)
    second = make_incident(world, IncidentStatus.RESPONDING)
    claim = services.claim_file(actor=world.user("office"), incident=first, insurer="人保", policy_number="P9",
                                amount="100")
    response = client_for("office").post(_step(second.pk, "claim_update"), {"claim": claim.pk, "status": "paid",
                                                                               "paid_amount": "100"})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == "filed"


# ---------------------------------------------------------------------------------------------
# The list, its figures and the export


def _incidents_for_the_list(world, extra=0):
    now = timezone.now()
    late = report(world, occurred_at=now - timedelta(hours=3), now=now)  # first report after 60 minutes
    make_incident(world, IncidentStatus.CLOSED)
    # Sixty days ago, its written report late; a mediation asked for 55 days ago is near its 60-day limit.
    aftermath = make_incident(world, IncidentStatus.AFTERMATH, school=world.other_school,
                              occurred_at=now - timedelta(days=60))
    services.mediation_open(actor=world.user("office"), incident=aftermath, kind="people", mediator="调委会",
                            requested_on=timezone.localdate() - timedelta(days=55))
    report(world, by="outside_office", school=world.outside_school)  # another sub-district: never counted
    for _ in range(extra):
        report(world)
    return late, aftermath


def test_each_figure_equals_the_count_of_the_list_it_opens(client_for, world):
    _incidents_for_the_list(world)
    for person in ("office", "school_officer", "leader", "health", "outsider"):
        client = client_for(person)
        page = client.get(reverse("incidents:incident_list"))
        figures = page.context["figures"]
        html = page.content.decode()
        links = dict(re.findall(r'<a href="([^"]+)" data-figure="([a-z_]+)"', html))
        assert set(links.values()) == {"total", "open", "late", "mediation_alert"}
        for url, name in links.items():
            listed = client.get(url.replace("&amp;", "&"))
            assert listed.context["paginator"].count == figures[name], (person, name)
    office = client_for("office").get(reverse("incidents:incident_list")).context["figures"]
    assert office == {"total": 3, "open": 2, "late": 2, "mediation_alert": 1}
    school = client_for("school_officer").get(reverse("incidents:incident_list")).context["figures"]
    assert school["total"] == 2 and school["mediation_alert"] == 0


def test_late_reports_are_marked_in_the_list_and_on_the_detail(client_for, world):
    late, _aftermath = _incidents_for_the_list(world)
    client = client_for("office")
    html = client.get(reverse("incidents:incident_list") + "?late=1").content.decode()
    assert f'data-incident="{late.pk}"' in html and 'data-flag="first-report-late"' in html
    detail = client.get(_detail(late.pk)).content.decode()
    assert 'data-flag="first-report-late"' in detail


def test_the_filters_apply_and_a_wrong_one_is_shown(client_for, world):
    _incidents_for_the_list(world)
    client = client_for("office")
    by_school = client.get(reverse("incidents:incident_list"), {"school": world.other_school.pk})
    assert by_school.context["paginator"].count == 1
    foreign = client.get(reverse("incidents:incident_list"), {"school": world.outside_school.pk})
    assert "error" in foreign.content.decode() and foreign.context["paginator"].count == 3
    closed = client.get(reverse("incidents:incident_list"), {"status": "closed", "q": "楼梯"})
    assert closed.context["paginator"].count == 1


def test_the_list_reads_a_constant_number_of_queries(client_for, world, django_assert_max_num_queries):
    _incidents_for_the_list(world)
    client = client_for("office")
    client.get(reverse("incidents:incident_list"))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("incidents:incident_list"))
    for _ in range(8):
        report(world)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("incidents:incident_list"))
    assert response.context["paginator"].count == 11


def test_the_export_is_the_filtered_list_read_back_with_openpyxl(client_for, world):
    late, aftermath = _incidents_for_the_list(world)
    report(world, place="=HYPERLINK(\"http://x\")")
    client = client_for("office")
    response = client.get(reverse("incidents:incident_export"), {"late": "1"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(download(response))).active.iter_rows(values_only=True))
    assert rows[0][0] == "安全事故台账" and rows[1][:3] == ("编号", "学校", "事故类型")
    assert [row[0] for row in rows[2:]] == [aftermath.number, late.number]  # by the time they happened
    assert rows[3][10] == "是" and rows[2][13] == "是"  # first report late; written report late
    everything = client.get(reverse("incidents:incident_export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(download(everything))).active.iter_rows(values_only=True))
    assert len(rows) - 2 == 4
    assert "'=HYPERLINK(\"http://x\")" in [row[6] for row in rows[2:]]
    outsider = client_for("outsider").get(reverse("incidents:incident_export"))  # their own school's only
    rows = list(openpyxl.load_workbook(io.BytesIO(download(outsider))).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[2:]] == [world.outside_school.name]


def test_the_navigation_offers_the_pages_to_those_who_may_use_them(world):
    def names(person):
        return {item["name"] for item in items_for(world.user(person))}

    assert {"incidents:incident_report", "incidents:incident_list", "incidents:supervision_list"} <= names("office")
    assert {"incidents:incident_report", "incidents:supervision_list"} <= names("school_officer")
    assert "incidents:incident_report" not in names("leader") and "incidents:supervision_list" in names("leader")
    assert "incidents:supervision_list" not in names("health") and "incidents:supervision_list" not in names("nobody")


def test_the_school_page_links_to_its_incidents_and_supervision(client_for, world):
    make_incident(world)
    html = client_for("office").get(reverse("organizations:school_detail", args=[world.school.pk])).content.decode()
    assert f'{reverse("incidents:incident_list")}?school={world.school.pk}' in html
    assert f'{reverse("incidents:supervision_list")}?school={world.school.pk}' in html


# ---------------------------------------------------------------------------------------------
# Supervision


def test_the_office_flags_a_school_by_hand_and_records_the_interview(client_for, world):
    office = client_for("office")
    assert office.get(reverse("incidents:supervision_new")).status_code == 200
    bad = office.post(reverse("incidents:supervision_new"), {"school": world.school.pk, "measure": "listed",
                                                            "reason": "多次发生学生伤害事故"})
    assert bad.status_code == 400 and "挂牌督办须规定整改期限。" in bad.content.decode()
    assert "多次发生学生伤害事故" in bad.content.decode() and Supervision.objects.count() == 0
    response = office.post(reverse("incidents:supervision_new"), {"school": world.school.pk, "measure": "interview",
                                                                 "reason": "多次发生学生伤害事故"})
    record = Supervision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("incidents:supervision_detail",
                                                                          args=[record.pk])
    assert record.status == SupervisionStatus.FLAGGED and record.basis == "manual"

    listing = office.get(reverse("incidents:supervision_list"))
    assert listing.context["figures"]["flagged"] == 1
    html = listing.content.decode()
    links = dict(re.findall(r'<a href="([^"]+)" data-figure="([a-z_]+)"', html))
    for url, name in links.items():
        assert office.get(url.replace("&amp;", "&")).context["paginator"].count == listing.context["figures"][name]
    assert 'data-rules' in html and "3 起及以上" in html  # the rules in force, as data

    detail = office.get(reverse("incidents:supervision_detail", args=[record.pk])).content.decode()
    assert _actions_on_page(detail) == {"interview", "dismiss"}
    step = reverse("incidents:supervision_step", args=[record.pk, "interview"])
    missing = office.post(step, {"held_on": timezone.localdate().isoformat(), "findings": "课间巡查缺位"})
    assert missing.status_code == 400 and "请填写参加人员。" in missing.content.decode()
    assert "课间巡查缺位" in missing.content.decode()
    assert office.post(step, {"held_on": timezone.localdate().isoformat(), "participants": "校长、安全员",
                              "findings": "课间巡查缺位", "commitments": "一周内完善课间巡查制度"}).status_code == 302
    record.refresh_from_db()
    assert record.status == SupervisionStatus.INTERVIEWED and record.participants == "校长、安全员"
    after = office.get(reverse("incidents:supervision_detail", args=[record.pk])).content.decode()
    assert "一周内完善课间巡查制度" in after and 'data-event="interviewed"' in after and not _actions_on_page(after)


def test_supervision_pages_refuse_those_the_rules_refuse(client_for, world):
    record = supervision.supervision_flag(actor=world.user("office"), school=world.school, measure="interview",
                                          reason="事故多发")
    step = reverse("incidents:supervision_step", args=[record.pk, "dismiss"])
    for person, status in (("leader", 403), ("school_officer", 403), ("education", 403), ("outsider", 404),
                           ("police", 404), ("nobody", 404)):
        client = client_for(person)
        assert client.post(step, {"note": "不予督导"}).status_code == status, person
    for person in ("leader", "school_officer", "nobody", "police"):
        assert client_for(person).post(reverse("incidents:supervision_new"),
                                       {"school": world.school.pk, "measure": "interview",
                                        "reason": "x"}).status_code == 403, person
    record.refresh_from_db()
    assert record.status == SupervisionStatus.FLAGGED and Supervision.objects.count() == 1
    school_page = client_for("school_officer").get(reverse("incidents:supervision_list")).content.decode()
    assert f'data-supervision="{record.pk}"' in school_page and "data-flag-school" not in school_page
    assert client_for("police").get(reverse("incidents:supervision_list")).context["paginator"].count == 0


def test_the_sweep_flags_a_school_with_three_incidents_and_the_page_names_them(client_for, world):
    incidents = [make_incident(world, occurred_at=timezone.now() - timedelta(days=days)) for days in (200, 90, 3)]
    supervision.supervision_sweep()
    client = client_for("office")
    page = client.get(reverse("incidents:supervision_list"), {"status": "flagged"})
    assert page.context["paginator"].count == 1
    html = page.content.decode()
    assert f'data-school="{world.school.pk}"' in html and "事故多发" in html
    for incident in incidents:
        assert incident.number in html
    record = Supervision.objects.get()
    detail = client.get(reverse("incidents:supervision_detail", args=[record.pk])).content.decode()
    assert all(f'data-incident="{incident.pk}"' in detail for incident in incidents)
    exported = client.get(reverse("incidents:supervision_export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(download(exported))).active.iter_rows(values_only=True))
    assert rows[2][0] == world.school.name and incidents[0].number in rows[2][4]
