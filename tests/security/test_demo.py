"""The demo safety zone: seeded twice changes nothing; the café at 150 m is flagged, the one at 250 m not."""
from datetime import date

import pytest
import time_machine

from demo import security as security_demo
from demo.organisation import DEMO_SCHOOL, seed_organisation
from organizations.models import School
from risks.models import Hazard
from security import models, selectors, services

pytestmark = pytest.mark.django_db

COUNTED = [models.SchoolGate, models.Premises, models.PatrolLog, models.PatrolFinding, models.GuardDuty,
           models.Camera, models.Drill, models.DrillProblem, models.Training, models.Evidence, models.Staffing, Hazard]


@pytest.fixture
def seeded():
    with time_machine.travel(date(2026, 11, 20), tick=False):  # a Friday of the autumn term
        seed_organisation()
        security_demo.seed_security()
        yield


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seeding_twice_changes_nothing(seeded):
    first = _counts()
    assert all(first.values()), first
    security_demo.seed_security()
    assert _counts() == first


def test_the_cafe_at_150_m_is_flagged_and_the_one_at_250_m_not(seeded):
    zone = {row["premises"].name: row for row in selectors.zone(School.objects.get(name=DEMO_SCHOOL))["rows"]}
    assert zone["极速网吧"]["metres"] == pytest.approx(150, abs=1) and zone["极速网吧"]["violation"]
    assert zone["星空网咖"]["metres"] == pytest.approx(250, abs=1) and not zone["星空网咖"]["violation"]
    assert zone["中山路烟酒店"]["metres"] == pytest.approx(40, abs=1) and zone["中山路烟酒店"]["violation"]
    assert zone["悦来小旅馆"]["supervised"] and not zone["悦来小旅馆"]["violation"]
    flagged = set(Hazard.objects.filter(source="safety_zone").values_list("location", flat=True))
    assert {"极速网吧", "中山路烟酒店"} <= flagged and "星空网咖" not in flagged and "桥南网吧" not in flagged


def test_one_school_is_short_of_guards_and_a_drill_problem_is_in_the_ledger(seeded):
    short = services.staffing_check(School.objects.get(name=security_demo.SHORT_SCHOOL))
    assert short["missing"] == {"guards": 2}
    assert not services.staffing_check(School.objects.get(name=DEMO_SCHOOL))["missing"]
    problem = models.DrillProblem.objects.get()
    assert problem.hazard.source == "drill" and problem.drill.school.name == DEMO_SCHOOL
    assert models.GuardDuty.objects.filter(on__range=(date(2026, 11, 16), date(2026, 11, 20))).count() == 10
    assert models.Camera.objects.filter(networked=False).exists()
    assert set(models.PatrolLog.objects.values_list("recorded_by__username", flat=True)) == {"police"}
