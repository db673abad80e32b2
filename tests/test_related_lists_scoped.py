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
