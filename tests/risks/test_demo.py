import pytest

from demo.organisation import seed_organisation
from demo.risks import seed_risks
from risks.models import Hazard, HazardStatus, Risk

pytestmark = pytest.mark.django_db


def test_demo_shows_every_state_and_every_colour_once_seeded_twice():
    seed_organisation()
    seed_risks()
    seed_risks()
    assert set(Hazard.objects.values_list("status", flat=True)) == set(HazardStatus.values)
    assert {"red", "orange", "yellow", "blue"} <= set(Risk.objects.values_list("level__colour", flat=True))
    hazards = list(Hazard.objects.all())
    assert len(hazards) == 10
    assert any(h.is_supervised() for h in hazards)
    assert sum(h.is_overdue() for h in hazards) >= 2
    assert any(h.rejection_count for h in hazards)
    assert Hazard.objects.filter(grade="major").count() >= 2
