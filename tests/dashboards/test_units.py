"""The workbench's panels for a department and a school: hand-counted figures, each opening its list."""
from datetime import date

import pytest
from django.urls import reverse

from security import services as security_services
from security.models import DrillKind
from .test_dashboard import _figures, _known_world, _listed, _risk

pytestmark = pytest.mark.django_db


def test_a_departments_panel_counts_what_is_assigned_to_it(client_for, world):
    _known_world(world)
    panel = client_for("police").get(reverse("home")).context["department_panel"]
    assert panel["department"] == world.police
    assert panel["hazards"] == {"open": 3, "overdue": 2}  # two at world.school, one at the other school
    assert [cell["school"].name for cell in panel["grid"]["cells"]] == ["实验小学"]  # the school it serves
    assert dict((str(label), value["rate"]) for label, value in panel["rates"])["隐患按时整改率"] is not None


def test_a_schools_panel_counts_its_risks_hazards_self_checks_and_drills(client_for, world):
    _known_world(world)
    _risk(world, world.school, likelihood=1, exposure=6, severity=7, name="小风险")  # 42: blue
    for held_on in (date(2026, 10, 20), date(2026, 6, 1)):  # this (autumn) term, and the spring before it
        security_services.drill_record(actor=world.user("school_officer"), school=world.school,
                                       kind=DrillKind.EARTHQUAKE, held_on=held_on, participants=900, duration_min=12)
    panel = client_for("school_officer").get(reverse("home")).context["school_panel"]
    assert panel["school"] == world.school
    assert [(colour, n) for colour, n, _link in panel["colours"]] == [("red", 1), ("orange", 0), ("yellow", 0),
                                                                      ("blue", 1)]
    assert panel["hazards"] == {"open": 3, "overdue": 2}
    assert panel["term"].starts_on == date(2026, 9, 1)
    assert [drill.held_on for drill in panel["drills"]] == [date(2026, 10, 20)]
    assert panel["school_days"] > 0 and len(panel["missed_days"]) == panel["school_days"]  # no self-check yet


@pytest.mark.parametrize("person", ["police", "school_officer", "principal"])
def test_every_figure_of_the_panels_opens_a_list_of_that_many_rows(client_for, world, person):
    _known_world(world)
    client = client_for(person)
    figures = _figures(client.get(reverse("home")).content.decode())
    assert len(figures) >= 2
    for href, shown in figures:
        assert _listed(client, href) == shown, (person, href)
