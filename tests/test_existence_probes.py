"""Do not reveal that a row exists: a filter or a foreign key naming another sub-district's row must be
answered exactly like one naming an id that does not exist (same status, same body once the two ids are
blanked out), on every list page, API list and form or API write that takes one."""
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident, InsuranceClaim, Mediation, Supervision
from inspections.models import Campaign
from organizations.models import (Community, Department, DepartmentKind, Membership, Role, School, SchoolKind,
                                  SubDistrict, User)
from risks.models import GradingScheme, HazardStatus, Risk
from tests.inspections.helpers import dragnet, open_sweep
from tests.risks.helpers import FIVE, make_hazard

pytestmark = pytest.mark.django_db

FOREIGN, GHOST = 800001, 800002  # same length, so that blanking them leaves both bodies alike


@pytest.fixture
def foreign(world):
    """Rows of a sub-district the probing people do not reach, with ids that are easy to blank out."""
    sub = SubDistrict.objects.create(pk=FOREIGN, district=world.district, name="荔枝街道")
    community = Community.objects.create(pk=FOREIGN, sub_district=world.other_sub_district, name="外街社区")
    school = School.objects.create(pk=FOREIGN, sub_district=world.other_sub_district, community=community,
                                   name="外街小学", kind=SchoolKind.PRIMARY)
    department = Department.objects.create(pk=FOREIGN, sub_district=world.other_sub_district,
                                           kind=DepartmentKind.HEALTH, name="外街卫生院")
    scheme = GradingScheme.objects.get(code="lec")
    risk = Risk.objects.create(pk=FOREIGN, school=school, category="fire", name="外街风险", location="l",
                               description="d", control_measures="m", responsible_person="p", scheme=scheme,
                               level=scheme.levels.first(), score=Decimal("400"),
                               next_review_on=timezone.localdate(), created_by=world.user("outside_office"))
    campaign = Campaign.objects.create(
        pk=FOREIGN, sub_district=world.other_sub_district, kind="dragnet", template=dragnet(), title="外街排查",
        starts_on=timezone.localdate(), ends_on=timezone.localdate(), opened_by=world.user("outside_office"))
    incident = Incident.objects.create(
        pk=FOREIGN, school=school, kind="injury", severity="general", occurred_at=timezone.now(), place="操场",
        first_account="摔倒", status="responding", reported_by=world.user("outside_office"), reported_at=timezone.now(),
        first_report_due=timezone.now(), written_report_due=timezone.now())
    InsuranceClaim.objects.create(pk=FOREIGN, incident=incident, insurer="人保", policy_number="P", amount=1,
                                  filed_on=timezone.localdate())
    Mediation.objects.create(pk=FOREIGN, incident=incident, kind="people", mediator="调委会",
                             requested_on=timezone.localdate(), due_on=timezone.localdate())
    person = User.objects.create_user(pk=FOREIGN, username="外街办", password="x")
    Membership.objects.create(user=person, role=Role.OFFICE, sub_district=world.other_sub_district)
    return {"sub_district": sub, "community": community, "school": school, "department": department, "risk": risk,
            "campaign": campaign, "person": person, "incident": incident}


def _blank(text):
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+"', r"\1", text)
    text = re.sub(r'("csrfToken"|csrf_token|data-csrf)[^,}\n]*', "", text)
    return text.replace(str(FOREIGN), "ID").replace(str(GHOST), "ID")


def _answer(response):
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        content = b"".join(response.streaming_content) if response.streaming else response.content  # streamed
        sheets = load_workbook(io.BytesIO(content), read_only=True)
        body = [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in sheets.worksheets]
    else:
        body = _blank(response.content.decode())
    return response.status_code, content_type, body


def _same_answer(get_response):
    foreign, ghost = get_response(FOREIGN), get_response(GHOST)
    assert _answer(foreign) == _answer(ghost)
    return foreign


# ---------------------------------------------------------------------------------------------
# Filters of list pages and API lists

PAGE_FILTERS = [
    ("risks:hazard_list", "school"), ("risks:hazard_list", "department"),
    ("risks:ledger_export", "school"), ("risks:ledger_export", "department"),
    ("risks:risk_list", "school"),
    ("organizations:school_list", "community"),
    ("inspections:inspection_list", "campaign"), ("inspections:inspection_list", "department"),
    ("incidents:incident_list", "school"), ("incidents:supervision_list", "school"),
    ("public_reports:triage_list", "school"), ("public_reports:triage_export", "school"),
]

API_FILTERS = [
    ("hazard-list", "school"), ("hazard-list", "department"),
    ("risk-list", "school"),
    ("duty-task-list", "school"), ("duty-task-list", "community"), ("duty-task-list", "owner_department"),
    ("school-list", "community"), ("school-list", "sub_district"),
    ("department-list", "sub_district"),
    ("community-list", "sub_district"),
    ("premises-list", "sub_district"),
    ("gate-list", "school"),
    ("camera-list", "school"),
    ("patrol-log-list", "school"), ("patrol-log-list", "department"),
    ("guard-duty-list", "school"), ("guard-duty-list", "department"),
    ("drill-list", "school"), ("drill-list", "guided_by"),
    ("training-list", "school"), ("training-list", "department"),
    ("inspection-list", "campaign"), ("inspection-list", "school"), ("inspection-list", "department"),
    ("incident-list", "school"), ("incident-claim-list", "incident"), ("mediation-list", "incident"),
    ("supervision-list", "school"),
    ("public-report-list", "school"),
]


@pytest.mark.parametrize("person", ["office", "school_officer", "police"])
@pytest.mark.parametrize(("route", "param"), PAGE_FILTERS, ids=[f"{r}?{p}" for r, p in PAGE_FILTERS])
def test_a_page_filter_answers_another_sub_districts_row_like_no_row(client_for, world, foreign, person, route,
                                                                      param):
    make_hazard(world, HazardStatus.ASSIGNED)
    client = client_for(person)
    _same_answer(lambda pk: client.get(reverse(route), {param: pk}))


@pytest.mark.parametrize("person", ["office", "school_officer", "police"])
@pytest.mark.parametrize(("route", "param"), API_FILTERS, ids=[f"{r}?{p}" for r, p in API_FILTERS])
def test_an_api_filter_answers_another_sub_districts_row_like_no_row(api_for, world, foreign, person, route, param):
    make_hazard(world, HazardStatus.ASSIGNED)
    api = api_for(person)
    _same_answer(lambda pk: api.get(reverse(route), {param: pk}))


def test_the_probe_does_tell_a_visible_filter_from_an_unknown_one(api_for, world, foreign):
    """The comparison above is not vacuous: a school one may see filters, an unknown one is refused."""
    api = api_for("office")
    seen, unknown = api.get(reverse("school-list"), {"community": world.community.pk}), api.get(
        reverse("school-list"), {"community": GHOST})
    assert seen.status_code == 200 and unknown.status_code == 400


# ---------------------------------------------------------------------------------------------
# Foreign keys in what is posted


def _risk_payload(**fk):
    return {"category": "fire", "name": "实验室危化品柜", "location": "实验楼二楼", "description": "危化品存放",
            "control_measures": "双人双锁", "responsible_person": "李老师", "likelihood": "3", "exposure": "6",
            "severity": "7", **fk}


def _assign_payload(**fk):
    return {**{k: str(v) for k, v in FIVE.items()}, "assignee_kind": "department",
            "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(), **fk}


API_WRITES = [
    ("hazard-list", None, lambda world, pk: {"school": pk, "category": "fire", "location": "l",
                                              "description": "d"}),
    ("hazard-list", None, lambda world, pk: {"school": world.school.pk, "category": "fire", "location": "l",
                                              "description": "d", "risk": pk}),
    ("hazard-assign", "graded", lambda world, pk: _assign_payload(department=pk)),
    ("risk-list", None, lambda world, pk: _risk_payload(school=pk)),
    ("risk-list", None, lambda world, pk: _risk_payload(school=world.school.pk, responsible_department=pk)),
    ("premises-list", None, lambda world, pk: {"sub_district": pk, "name": "网吧", "type": 1, "latitude": "29.7",
                                                "longitude": "107.39"}),
    ("gate-list", None, lambda world, pk: {"school": pk, "name": "正门", "latitude": "29.7", "longitude": "107.39"}),
    ("camera-list", None, lambda world, pk: {"school": pk, "location": "正门"}),
    ("patrol-log-list", None, lambda world, pk: {"school": pk, "route": "正门"}),
    ("patrol-log-list", None, lambda world, pk: {"school": world.school.pk, "route": "正门", "department": pk}),
    ("guard-duty-list", None, lambda world, pk: {"school": pk, "slot": "morning", "post": "正门", "staff": "张三"}),
    ("guard-duty-list", None, lambda world, pk: {"school": world.school.pk, "slot": "morning", "post": "正门",
                                                  "staff": "张三", "department": pk}),
    ("drill-list", None, lambda world, pk: {"school": pk, "kind": "fire"}),
    ("drill-list", None, lambda world, pk: {"school": world.school.pk, "kind": "fire", "guided_by": pk}),
    ("training-list", None, lambda world, pk: {"school": pk, "kind": "anti_terror"}),
    ("training-list", None, lambda world, pk: {"school": world.school.pk, "kind": "anti_terror", "department": pk}),
]


@pytest.mark.parametrize("person", ["office", "school_officer"])
@pytest.mark.parametrize(("route", "hazard", "payload"), API_WRITES,
                         ids=["hazard.school", "hazard.risk", "assign.department", "risk.school",
                              "risk.responsible_department", "premises.sub_district", "gate.school", "camera.school",
                              "patrol.school", "patrol.department", "guard_duty.school", "guard_duty.department",
                              "drill.school", "drill.guided_by", "training.school", "training.department"])
def test_an_api_write_naming_another_sub_districts_row_is_answered_like_no_row(api_for, world, foreign, person,
                                                                              route, hazard, payload):
    kwargs = {}
    if hazard:
        kwargs["pk"] = make_hazard(world, HazardStatus.GRADED).pk
    api = api_for(person)
    response = _same_answer(lambda pk: api.post(reverse(route, kwargs=kwargs), payload(world, pk), format="json"))
    assert response.status_code in (400, 403)


FORM_WRITES = [
    ("risks:hazard_report", None, lambda world, pk: {"school": pk, "category": "fire", "location": "l",
                                                      "description": "d"}),
    ("risks:hazard_report", None, lambda world, pk: {"school": world.school.pk, "category": "fire",
                                                      "location": "l", "description": "d", "risk": pk}),
    ("risks:risk_create", None, lambda world, pk: _risk_payload(school=pk, scheme=GradingScheme.objects.get(
        code="lec").pk, lec_likelihood="3", lec_exposure="6", lec_consequence="7")),
    ("risks:risk_create", None, lambda world, pk: _risk_payload(
        school=world.school.pk, responsible_department=pk, scheme=GradingScheme.objects.get(code="lec").pk,
        lec_likelihood="3", lec_exposure="6", lec_consequence="7")),
    ("risks:hazard_assign", "graded", lambda world, pk: {f"assign-{k}": v
                                                         for k, v in _assign_payload(department=pk).items()}),
]


@pytest.mark.parametrize("person", ["office", "school_officer"])
@pytest.mark.parametrize(("route", "hazard", "payload"), FORM_WRITES,
                         ids=["report.school", "report.risk", "risk.school", "risk.responsible_department",
                              "assign.department"])
def test_a_form_naming_another_sub_districts_row_is_answered_like_no_row(client_for, world, foreign, person, route,
                                                                         hazard, payload):
    kwargs = {}
    if hazard:
        kwargs["pk"] = make_hazard(world, HazardStatus.GRADED).pk
    client = client_for(person)
    response = _same_answer(lambda pk: client.post(reverse(route, kwargs=kwargs), payload(world, pk)))
    assert response.status_code in (400, 403)


def _campaign_payload(**values):
    return {"kind": "dragnet", "title": "2026年下半年拉网式排查", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
            **values}


INSPECTION_API_WRITES = {
    "campaign.sub_district": ("campaign-list", lambda world, pk: _campaign_payload(sub_district=pk)),
    "campaign.schools": ("campaign-list", lambda world, pk: _campaign_payload(schools=[world.school.pk, pk])),
    "campaign.participants.department": ("campaign-list", lambda world, pk: _campaign_payload(
        participants=[{"department": pk}])),
    "campaign.participants.schools": ("campaign-list", lambda world, pk: _campaign_payload(
        participants=[{"department": world.education.pk, "schools": [pk]}])),
    "self_check.school": ("self-check-list", lambda world, pk: {"school": pk}),
    "inspection.assign.inspector": ("inspection-assign", lambda world, pk: {"inspector": pk}),
}


@pytest.mark.parametrize("person", ["office", "school_officer"])
@pytest.mark.parametrize("case", list(INSPECTION_API_WRITES))
def test_an_inspection_api_write_naming_another_sub_districts_row_is_answered_like_no_row(api_for, world, foreign,
                                                                                         person, case):
    route, payload = INSPECTION_API_WRITES[case]
    kwargs = {}
    if route.startswith("inspection-"):
        kwargs["pk"] = open_sweep(world, participants={world.education: [world.school]}).inspections.get(
            school=world.school).pk
    api, campaigns = api_for(person), Campaign.objects.count()
    response = _same_answer(lambda pk: api.post(reverse(route, kwargs=kwargs), payload(world, pk), format="json"))
    assert response.status_code in (400, 403) and Campaign.objects.count() == campaigns


INSPECTION_FORM_WRITES = {
    "campaign_open.schools": lambda world, pk: {**_campaign_payload(), "schools": [world.school.pk, pk]},
    "campaign_open.departments": lambda world, pk: {**_campaign_payload(), "departments": [pk]},
}


@pytest.mark.parametrize("person", ["office", "school_officer"])
@pytest.mark.parametrize("case", list(INSPECTION_FORM_WRITES))
def test_the_campaign_form_naming_another_sub_districts_row_is_answered_like_no_row(client_for, world, foreign,
                                                                                    person, case):
    client = client_for(person)
    response = _same_answer(lambda pk: client.post(reverse("inspections:campaign_open"),
                                                   INSPECTION_FORM_WRITES[case](world, pk)))
    assert response.status_code in (400, 403)


def _incident_under_way(world):
    from incidents import services

    incident = services.incident_report(
        actor=world.user("school_officer"), school=world.school, kind="injury", severity="general",
        occurred_at=timezone.now() - timedelta(minutes=30), place="操场", first_account="课间摔倒")
    return services.incident_respond(actor=world.user("office"), incident=incident, plan="应急预案")


INCIDENT_API_WRITES = {
    "incident.school": ("incident-list", lambda world, pk: {
        "school": pk, "kind": "injury", "severity": "general", "occurred_at": timezone.now().isoformat(),
        "place": "操场", "first_account": "摔倒"}),
    "incident.involve.department": ("incident-involve", lambda world, pk: {"department": pk}),
    "incident.claim_update.claim": ("incident-claim-update", lambda world, pk: {"claim": pk, "status": "paid",
                                                                                 "paid_amount": "1"}),
    "incident.mediation_update.mediation": ("incident-mediation-update", lambda world, pk: {
        "mediation": pk, "status": "failed"}),
    "supervision.school": ("supervision-list", lambda world, pk: {"school": pk, "measure": "interview",
                                                                   "reason": "事故多发"}),
}


@pytest.mark.parametrize("person", ["office", "school_officer"])
@pytest.mark.parametrize("case", list(INCIDENT_API_WRITES))
def test_an_incident_api_write_naming_another_sub_districts_row_is_answered_like_no_row(api_for, world, foreign,
                                                                                       person, case):
    route, payload = INCIDENT_API_WRITES[case]
    kwargs = {"pk": _incident_under_way(world).pk} if route.startswith("incident-") and route != "incident-list" \
        else {}
    api = api_for(person)
    def counts():
        return (Incident.objects.count(), Supervision.objects.count(),
                InsuranceClaim.objects.filter(status="paid").count())

    before = counts()
    response = _same_answer(lambda pk: api.post(reverse(route, kwargs=kwargs), payload(world, pk), format="json"))
    assert response.status_code in (400, 403)
    assert counts() == before
