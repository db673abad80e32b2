"""Every rule answers the same for one row (in Python) as for many (the Q in the database), for every
person of the shared world and every row of the rule's model; and `possible` never says no where a row
would be allowed. A rule that needs more than rules.py can evaluate fails here, not in production."""
import importlib
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from duties.models import DutyDefinition, DutyTask
from organizations.models import Community
from organizations.rules import Rule
from risks import services
from risks.models import HazardStatus, Risk
from tests.risks.helpers import lec, make_hazard

POLICY_MODULES = ["organizations.policies", "risks.policies", "duties.policies", "inspections.policies",
                  "security.policies", "incidents.policies", "public_reports.policies", "dashboards.policies"]


def all_rules():
    rules = []
    for name in POLICY_MODULES:
        module = importlib.import_module(name)
        rules += [value for value in vars(module).values() if isinstance(value, Rule)]
    return rules


RULES = all_rules()


def _populate(world):
    """Hazards in every state for each kind of assignee, risks, and duty tasks of each kind of owner."""
    for status in HazardStatus.values:
        make_hazard(world, status, to="police")
        make_hazard(world, status, to="school")
    make_hazard(world, HazardStatus.SUBMITTED, school=world.other_school, to="health")
    for school in (world.school, world.other_school):
        services.risk_create(actor=world.user("office"), school=school, category="fire", name="消防通道",
                             location="后门", description="堆放杂物", control_measures="每日巡查",
                             responsible_person="李明", scheme=lec(), likelihood=3, exposure=6, severity=7)
    definition = DutyDefinition.objects.first()
    owners = [
        {"owner_department": world.police}, {"owner_department": world.health},
        {"owner_school": world.school, "school": world.school},
        {"owner_school": world.other_school, "school": world.other_school},
        {"owner_community": world.community, "community": world.community}, {},
    ]
    for index, owner in enumerate(owners):
        DutyTask.objects.create(definition=definition, period_key=f"p{index}", period_label="2026-11",
                                opens_on=date(2026, 11, 1), due_on=date(2026, 11, 30),
                                sub_district=world.sub_district, **owner)
    from inspections import services as inspection_services
    from tests.inspections.helpers import open_sweep

    campaign = open_sweep(world, participants={world.education: [world.other_school], world.police: [world.school]})
    inspection_services.inspection_assign(actor=world.user("office"), inspection=campaign.inspections.get(
        school=world.school), inspector=world.user("police"))
    inspection_services.self_check_start(actor=world.user("school_officer"), school=world.school)
    from tests.security.helpers import gate, premises

    gate(world)
    premises(world, "极速网吧", "internet-cafe", metres_north=150)
    _incidents(world)
    _public_reports(world)
    assert Risk.objects.count() == 2 and Community.objects.count() == 2


def _incidents(world):
    """Incidents of both schools in several states, one the police hear of only by its kind (they do not serve
    the other school) and one health was brought into; supervision records open and closed."""
    from datetime import timedelta

    from django.utils import timezone

    from incidents import services as incident_services
    from incidents import supervision

    office = world.user("office")

    def report(school, kind, actor):
        return incident_services.incident_report(
            actor=world.user(actor), school=school, kind=kind, severity="general",
            occurred_at=timezone.now() - timedelta(hours=2), place="操场", first_account="课间摔倒")

    report(world.school, "injury", "school_officer")
    traffic = report(world.other_school, "traffic", "office")  # the police are told, not serving the school
    incident_services.incident_respond(actor=office, incident=traffic, plan="预案")
    intrusion = report(world.other_school, "intrusion", "office")
    incident_services.incident_respond(actor=office, incident=intrusion, plan="预案")
    incident_services.incident_involve(actor=office, incident=intrusion, department=world.health)
    report(world.outside_school, "fire", "outside_office")
    supervision.supervision_flag(actor=office, school=world.school, measure="interview", reason="事故多发")
    listed = supervision.supervision_flag(actor=office, school=world.other_school, measure="listed", reason="逾期",
                                          deadline=timezone.localdate() + timedelta(days=30))
    supervision.supervision_lift(actor=office, supervision=listed, note="已整改")
    supervision.supervision_flag(actor=world.user("outside_office"), school=world.outside_school,
                                 measure="interview", reason="事故多发")


def _public_reports(world):
    """Reports about three schools of two sub-districts, one triaged (its contact left, one anonymous)."""
    from public_reports import services as report_services
    from tests.public_reports.builders import submit

    submit(world, school=world.school, anonymous=False, contact="13800000000")
    report_services.report_to_hazard(actor=world.user("office"), report=submit(world, school=world.other_school,
                                                                                kind="facility"),
                                      category="facilities", location="围墙")
    submit(world, school=world.outside_school)


def test_every_app_with_rules_is_checked():
    assert {rule.model._meta.app_label for rule in RULES} == {
        "organizations", "risks", "duties", "inspections", "security", "incidents", "public_reports"}
    assert len(RULES) >= 12


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.model.__name__}.{rule.name}")
def test_one_row_and_many_rows_agree_for_every_person(world, rule):
    _populate(world)
    rows = list(rule.model._default_manager.all())
    assert rows, f"the world holds no {rule.model.__name__}: the rule would be checked on nothing"
    checked = 0
    for name, user in world.users.items():
        allowed_in_db = set(rule.filter(user).values_list("pk", flat=True))
        try:
            allowed_in_python = {row.pk for row in rows if rule.allows(user, row)}
        except ImproperlyConfigured:
            # A rule over a reverse relation is only asked `possible` (navigation); it must never be asked
            # for one row anywhere in the code.
            assert rule.name in {"organisation_read"}, rule
            allowed_in_python = allowed_in_db
        assert allowed_in_python == allowed_in_db, (name, rule)
        if allowed_in_db:
            assert rule.possible(user), (name, rule, "possible() said no where a row is allowed")
        checked += 1
    assert checked == len(world.users)


@pytest.mark.django_db
def test_read_only_roles_and_outsiders_pass_no_rule_in_the_sub_district(world):
    _populate(world)
    for rule in RULES:
        if rule.name in {"completion_read", "school_directory", "organisation_read", "self_check_watch",
                         "campaign_read", "zone_read", "premises_read", "report_read", "sub_district_overview"}:
            continue  # reading rules: leaders read, by design
        for name in ("leader", "district_leader", "nobody"):
            assert not rule.filter(world.user(name)).exists(), (name, rule)


@pytest.mark.django_db
def test_the_office_may_not_accept_its_own_rectification(world):
    from risks import policies

    hazard = make_hazard(world, HazardStatus.SUBMITTED, to="police")
    office = world.user("office")
    assert policies.hazard_accept.allows(office, hazard)
    hazard.rectified_by = office
    assert not policies.hazard_accept.allows(office, hazard)
    hazard.save(update_fields=["rectified_by"])
    assert not policies.hazard_accept.filter(office).filter(pk=hazard.pk).exists()


@pytest.mark.django_db
def test_a_department_acts_on_the_incidents_it_was_told_of_or_brought_into(world):
    """incident_act reaches through Involvement rows (a list of ids in the Q): checked in Python and in the
    database alike, and only for the incidents the department works on."""
    from incidents import policies
    from incidents.models import Incident

    _populate(world)
    traffic = Incident.objects.get(kind="traffic")
    intrusion = Incident.objects.get(kind="intrusion")
    for person, incident in (("police", traffic), ("police", intrusion), ("health", intrusion)):
        user = world.user(person)
        assert policies.incident_act.allows(user, incident), (person, incident.kind)
        assert policies.incident_act.filter(user).filter(pk=incident.pk).exists(), (person, incident.kind)
        assert not policies.incident_respond.allows(user, incident)
        assert not policies.incident_office.allows(user, incident)
    assert not policies.incident_act.allows(world.user("health"), traffic)
    assert not policies.incident_act.filter(world.user("health")).filter(pk=traffic.pk).exists()
