"""The incident and supervision tables drive the services: every (state, transition, person) is tried
against an expectation written here independently of the tables' rules."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from incidents import services, supervision
from incidents.models import (Incident, IncidentEvent, IncidentStatus, Supervision, SupervisionEvent,
                              SupervisionStatus)
from incidents.supervision import SUPERVISION_LIFECYCLE, SUPERVISION_SERVICES
from incidents.transitions import INCIDENT_LIFECYCLE
from organizations.models import DepartmentKind, LiaisonKind, SchoolLiaison
from organizations.scoping import visible

from .helpers import concluded_mediation, department, make_incident, make_supervision, rolled_back, settled_claim

OFFICE = {"office"}
SCHOOL = {"school_officer", "principal"}
INVOLVED = "involved"  # the departments concerned by the incident's kind (and the education center, always told)
# Who may make each step of an incident of world.school.
MAY = {
    "respond": OFFICE | SCHOOL, "act": OFFICE | SCHOOL | {INVOLVED}, "written_report": OFFICE | SCHOOL,
    "investigate": OFFICE, "conclude": OFFICE, "involve": OFFICE, "claim": OFFICE | SCHOOL,
    "claim_update": OFFICE | SCHOOL, "mediate": OFFICE, "mediation_update": OFFICE, "statement": OFFICE,
    "raise_hazard": OFFICE | SCHOOL, "close": OFFICE, "reopen": OFFICE,
}
R, RS, I, A, C = "reported", "responding", "investigating", "aftermath", "closed"
FROM = {
    "respond": {R}, "act": {R, RS, I, A}, "written_report": {R, RS, I, A}, "investigate": {RS}, "conclude": {I, A},
    "involve": {R, RS, I, A}, "claim": {RS, I, A}, "claim_update": {RS, I, A}, "mediate": {RS, I, A},
    "mediation_update": {RS, I, A}, "statement": {RS, I, A}, "raise_hazard": {R, RS, I, A}, "close": {A},
    "reopen": {C},
}
TO = {"respond": RS, "investigate": I, "conclude": A, "close": C, "reopen": A}
PEOPLE = ["office", "school_officer", "principal", "police", "health", "education", "community", "leader",
          "outsider", "outside_office"]
# The incident's kind decides which department is concerned: health for an injury, the police for violence.
CONCERNED = {"injury": {"health", "education"}, "violence": {"police", "education"}}


def inputs(world, incident, name):
    today = timezone.localdate()
    target = {"incident": incident}
    if name == "claim_update":
        target = {"claim": incident.claims.get()}
    elif name == "mediation_update":
        target = {"mediation": incident.mediations.get()}
    return target | {
        "respond": {"plan": "校园伤害事故应急预案"},
        "act": {"action": "rescue", "note": "校医现场包扎后送医"},
        "written_report": {"text": "书面报告：事故经过、伤情、处置。"},
        "investigate": {},
        "conclude": {"cause": "课间追逐", "responsibility": "school"},
        "involve": {"department": department(world, DepartmentKind.LAW_ENFORCEMENT)},
        "claim": {"insurer": "中国人寿", "policy_number": "XF-2026-002", "amount": "5000"},
        "claim_update": {"status": "reviewing"},
        "mediate": {"kind": "people", "mediator": "崇义街道人民调解委员会", "requested_on": today},
        "mediation_update": {"status": "failed", "outcome": "双方未达成一致"},
        "statement": {"kind": "briefing", "spokesperson": "王敏", "text": "情况通报。"},
        "raise_hazard": {"category": "facilities", "location": "教学楼二楼楼梯", "description": "楼梯防滑条脱落"},
        "close": {},
        "reopen": {"reason": "家长提出新的赔偿请求"},
    }[name]


def may(person, kind, name):
    allowed = set(MAY[name])
    if INVOLVED in allowed:
        allowed |= CONCERNED[kind]
    return person in allowed


def expected(user, person, incident, name):
    if not visible(user, Incident.objects.filter(pk=incident.pk)).exists():
        return 404
    if not may(person, incident.kind, name):
        return 403
    if incident.status not in FROM[name]:
        return 400
    return 200


def attempt(call):
    try:
        result = call()
    except Http404:
        return 404, None
    except PermissionDenied:
        return 403, None
    except ValidationError as error:
        assert error.code == "bad_status", error
        return 400, None
    return 200, result


def test_the_incident_table_is_what_this_test_expects():
    assert sorted(INCIDENT_LIFECYCLE.names) == sorted(MAY)
    for transition in INCIDENT_LIFECYCLE:
        assert set(transition.sources) == FROM[transition.name], transition.name
        assert transition.target == TO.get(transition.name), transition.name


def test_every_row_has_a_service_and_every_service_a_row():
    assert set(services.INCIDENT_SERVICES) == set(INCIDENT_LIFECYCLE.names)
    assert set(SUPERVISION_SERVICES) == set(SUPERVISION_LIFECYCLE.names)
    assert all(callable(service) for service in [*services.INCIDENT_SERVICES.values(), *SUPERVISION_SERVICES.values()])


@pytest.fixture
def serving(world):
    # The health center serves the school (it does in life), so not being concerned is a refusal, not a 404.
    SchoolLiaison.objects.create(school=world.school, department=world.health, kind=LiaisonKind.HEALTH)
    department(world, DepartmentKind.JUDICIAL)  # told of violence with the police
    department(world, DepartmentKind.SAFETY)  # joins every investigation
    return world


@pytest.mark.parametrize("state", IncidentStatus.values)
@pytest.mark.parametrize("name", list(MAY))
def test_service_answers_every_person_in_every_state(serving, name, state):
    world = serving
    for kind in CONCERNED:
        incident = make_incident(world, state, kind=kind)
        settled_claim(incident)
        concluded_mediation(incident)
        for person in PEOPLE:
            user = world.user(person)
            want = expected(user, person, incident, name)
            with rolled_back():
                before = list(IncidentEvent.objects.filter(incident=incident).values_list("pk", flat=True))
                got, _ = attempt(lambda: services.INCIDENT_SERVICES[name](actor=user, **inputs(world, incident, name)))
                if got == 200:
                    changed = Incident.objects.get(pk=incident.pk)
                    assert changed.status == TO.get(name, state), (person, name, state)
                    new = IncidentEvent.objects.filter(incident=incident).exclude(pk__in=before)
                    assert [(e.kind, e.from_status, e.to_status, e.actor_id) for e in new] == [
                        (INCIDENT_LIFECYCLE[name].event, state, changed.status, user.pk)], (person, name, state)
                else:
                    assert IncidentEvent.objects.filter(incident=incident).count() == len(before)
                    assert Incident.objects.get(pk=incident.pk).status == state
            assert got == want, (kind, person, name, state, got, want)


def test_allowed_actions_follow_the_table(serving):
    world = serving
    incident = make_incident(world, IncidentStatus.AFTERMATH, kind="violence")
    assert services.allowed_actions(world.user("office"), incident) == [
        "act", "written_report", "conclude", "involve", "claim", "claim_update", "mediate", "mediation_update",
        "statement", "raise_hazard", "close"]
    assert services.allowed_actions(world.user("principal"), incident) == [
        "act", "written_report", "claim", "claim_update", "raise_hazard"]
    assert services.allowed_actions(world.user("police"), incident) == ["act"]
    assert services.allowed_actions(world.user("health"), incident) == []
    assert services.allowed_actions(world.user("leader"), incident) == []


# ---------------------------------------------------------------------------------------------
# Supervision records

S_MAY = {"interview": OFFICE, "dismiss": OFFICE, "extend": OFFICE, "lift": OFFICE}
S_FROM = {"interview": {"flagged"}, "dismiss": {"flagged"}, "extend": {"listed"}, "lift": {"listed"}}
S_TO = {"interview": "interviewed", "dismiss": "dismissed", "lift": "lifted"}
S_PEOPLE = PEOPLE + ["district_leader", "nobody"]


def supervision_inputs(name):
    today = timezone.localdate()
    return {
        "interview": {"held_on": today, "participants": "校长、安全员", "findings": "巡查缺位",
                      "commitments": "完善制度"},
        "dismiss": {"note": "事故与学校管理无关"},
        "extend": {"deadline": today + timedelta(days=60)},
        "lift": {"note": "整改已完成"},
    }[name]


def test_the_supervision_table_is_what_this_test_expects():
    assert sorted(SUPERVISION_LIFECYCLE.names) == sorted(S_MAY)
    for transition in SUPERVISION_LIFECYCLE:
        assert set(transition.sources) == S_FROM[transition.name]
        assert transition.target == S_TO.get(transition.name)


@pytest.mark.parametrize("state", SupervisionStatus.values)
@pytest.mark.parametrize("name", list(S_MAY))
def test_supervision_service_answers_every_person_in_every_state(world, name, state):
    record = make_supervision(world, state)
    assert record.status == state
    for person in S_PEOPLE:
        user = world.user(person)
        if not visible(user, Supervision.objects.filter(pk=record.pk)).exists():
            want = 404
        elif person not in S_MAY[name]:
            want = 403
        elif state not in S_FROM[name]:
            want = 400
        else:
            want = 200
        with rolled_back():
            before = list(SupervisionEvent.objects.filter(supervision=record).values_list("pk", flat=True))
            got, _ = attempt(lambda: SUPERVISION_SERVICES[name](actor=user, supervision=record,
                                                                 **supervision_inputs(name)))
            changed = Supervision.objects.get(pk=record.pk)
            new = SupervisionEvent.objects.filter(supervision=record).exclude(pk__in=before)
            if got == 200:
                assert changed.status == S_TO.get(name, state)
                assert [(e.kind, e.actor_id) for e in new] == [(SUPERVISION_LIFECYCLE[name].event, user.pk)]
                if name == "extend":
                    assert changed.deadline == timezone.localdate() + timedelta(days=60)
            else:
                assert changed.status == state and not new.exists()
        assert got == want, (person, name, state, got, want)


def test_school_staff_and_the_education_center_read_supervision_but_only_the_office_acts(world):
    record = make_supervision(world, SupervisionStatus.FLAGGED)
    for person in ("school_officer", "principal", "education", "leader", "office"):
        assert visible(world.user(person), Supervision.objects.filter(pk=record.pk)).exists(), person
    for person in ("police", "health", "community", "outsider", "outside_office"):
        assert not visible(world.user(person), Supervision.objects.filter(pk=record.pk)).exists(), person
    assert supervision.allowed_actions(world.user("office"), record) == ["interview", "dismiss"]
    assert supervision.allowed_actions(world.user("principal"), record) == []
