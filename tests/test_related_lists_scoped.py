"""Related rows shown on a page go through scoping too: a page one may see must not list rows behind it that
one would get a 404 for."""
import pytest
from django.urls import reverse

from risks import services
from risks.models import HazardStatus
from tests import route_walk
from tests.risks.helpers import assign_kwargs

pytestmark = pytest.mark.django_db


def _hazard_of_risk(world, risk, *, location, assign_to=None):
    hazard = services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                                    location=location, description="柜门锁损坏", risk=risk)
    if assign_to:
        services.hazard_grade(actor=world.user("office"), hazard=hazard, grade="general")
        hazard = services.hazard_assign(actor=world.user("office"), hazard=hazard,
                                        **assign_kwargs(world, to=assign_to))
    return hazard


def test_a_department_serving_the_school_sees_only_the_hazards_of_a_risk_it_may_open(client_for, world):
    # given a risk of the school the police serve, with one hazard assigned to them and one not yet assigned
    risk, _kwargs = route_walk.risk(world)
    theirs = _hazard_of_risk(world, risk, location="化学实验室东门", assign_to="police")
    not_theirs = _hazard_of_risk(world, risk, location="危化品柜北侧")
    client = client_for("police")
    assert client.get(reverse("risks:hazard_detail", args=[not_theirs.pk])).status_code == 404
    # when the police open the risk
    body = client.get(reverse("risks:risk_detail", args=[risk.pk])).content.decode()
    # then the risk lists the hazard they may open, and not the other one
    assert theirs.location in body and theirs.number in body
    assert not_theirs.location not in body and not_theirs.number not in body


def test_the_office_still_sees_every_hazard_of_a_risk(client_for, world):
    risk, _kwargs = route_walk.risk(world)
    hazards = [_hazard_of_risk(world, risk, location=f"部位{n}") for n in range(3)]
    body = client_for("office").get(reverse("risks:risk_detail", args=[risk.pk])).content.decode()
    assert all(hazard.number in body for hazard in hazards)


def test_a_department_assigned_a_hazard_does_not_see_the_name_of_a_risk_it_may_not_open(client_for, world):
    # given a hazard of a risk of the school, assigned to health, which does not serve the school
    risk, _kwargs = route_walk.risk(world)
    hazard = _hazard_of_risk(world, risk, location="食堂后厨", assign_to="health")
    client = client_for("health")
    assert hazard.status == HazardStatus.ASSIGNED
    assert client.get(reverse("risks:risk_detail", args=[risk.pk])).status_code == 404
    # when health opens the hazard, then the risk behind it is not named nor linked
    body = client.get(reverse("risks:hazard_detail", args=[hazard.pk])).content.decode()
    assert hazard.location in body
    assert risk.name not in body and reverse("risks:risk_detail", args=[risk.pk]) not in body


def test_the_police_see_the_name_of_the_risk_behind_their_hazard(client_for, world):
    risk, _kwargs = route_walk.risk(world)
    hazard = _hazard_of_risk(world, risk, location="化学实验室东门", assign_to="police")
    body = client_for("police").get(reverse("risks:hazard_detail", args=[hazard.pk])).content.decode()
    assert risk.name in body and reverse("risks:risk_detail", args=[risk.pk]) in body


def test_an_incident_names_the_hazard_it_raised_only_to_those_who_may_open_it(api_for, world):
    # given an injury at the school health does not serve: health is told of it by its kind and sees it
    from datetime import timedelta

    from django.utils import timezone

    from incidents import services as incident_services

    incident = incident_services.incident_report(
        actor=world.user("office"), school=world.other_school, kind="injury", severity="general",
        occurred_at=timezone.now() - timedelta(minutes=30), place="宿舍楼梯", first_account="学生踩空摔伤")
    hazard = incident_services.incident_raise_hazard(actor=world.user("office"), incident=incident,
                                                     category="facilities", location="宿舍楼梯", description="加装扶手")
    assert api_for("health").get(f"/api/hazards/{hazard.pk}/").status_code == 404
    # when health reads the incident, then its timeline keeps the step but names no hazard behind it
    event = api_for("health").get(f"/api/incidents/{incident.pk}/").data["events"][-1]
    assert event["kind"] == "hazard" and event["hazard"] is None and "hazard" not in event["data"]
    # while the office, who may open the hazard, gets its id
    event = api_for("office").get(f"/api/incidents/{incident.pk}/").data["events"][-1]
    assert event["hazard"] == hazard.pk and event["data"]["hazard"] == hazard.pk
