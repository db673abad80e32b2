"""The inspections entries of the menu follow the app's rules: who sees campaigns, who fills inspections,
who checks a school every day, who watches the self-checks."""
import pytest
from django.core.exceptions import ValidationError

from campus_safety.navigation import items_for
from inspections import services

from .helpers import open_sweep

ENTRIES = {"inspections:campaign_list", "inspections:inspection_list", "inspections:self_check_today",
           "inspections:self_check_overview"}

EXPECTED = {
    "office": {"inspections:campaign_list", "inspections:inspection_list", "inspections:self_check_overview"},
    "education": {"inspections:campaign_list", "inspections:inspection_list", "inspections:self_check_overview"},
    "police": {"inspections:campaign_list", "inspections:inspection_list"},
    "school_officer": {"inspections:campaign_list", "inspections:inspection_list", "inspections:self_check_today"},
    "community": {"inspections:campaign_list"},
    "leader": {"inspections:campaign_list", "inspections:self_check_overview"},
    "district_leader": {"inspections:campaign_list", "inspections:self_check_overview"},
    "nobody": set(),
}


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_each_person_sees_the_inspection_entries_their_rules_allow(world, person):
    shown = {item["name"]: item for item in items_for(world.user(person))}
    assert set(shown) & ENTRIES == EXPECTED[person]
    if "inspections:inspection_list" in shown:
        assert shown["inspections:inspection_list"]["url"].endswith("/?mine=1")


def test_only_office_or_covering_department_staff_can_be_named_inspector(world):
    campaign = open_sweep(world, participants={world.police: [world.school]})
    inspection = campaign.inspections.get(school=world.school)
    for name in ("leader", "community", "health"):
        with pytest.raises(ValidationError):
            services.inspection_assign(actor=world.user("office"), inspection=inspection, inspector=world.user(name))
    services.inspection_assign(actor=world.user("office"), inspection=inspection, inspector=world.user("police"))
