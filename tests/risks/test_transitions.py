"""The hazard transition table drives the services, the pages and the API: every (state, transition,
person) is tried against an expectation written here independently of the table's rules."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from organizations.scoping import visible
from risks import services
from risks.api import TRANSITION_SERIALIZERS
from risks.models import Hazard, HazardStatus
from risks.transitions import HAZARD_LIFECYCLE
from risks.views.hazards import ACTIONS

from .helpers import assign_kwargs, make_hazard, photo

# Who may make each transition of a hazard of world.school assigned to the police (the world's names).
MAY = {
    "grade": {"office"}, "assign": {"office"}, "reject": {"office"}, "accept": {"office"},
    "start": {"police"}, "submit": {"police"},
}
# Where each transition may start and where it leads (None: the state stays).
FROM = {
    "grade": {"reported", "graded"}, "assign": {"graded", "assigned", "rectifying"}, "start": {"assigned"},
    "submit": {"assigned", "rectifying"}, "reject": {"submitted"}, "accept": {"submitted"},
}
TO = {"grade": "graded", "assign": None, "start": "rectifying", "submit": "submitted", "reject": "rectifying",
      "accept": "closed"}
PEOPLE = ["office", "police", "education", "health", "school_officer", "principal", "community", "leader",
          "district_leader", "outsider", "outside_office", "nobody"]


def inputs(world, name):
    return {
        "grade": lambda: {"grade": "major"},
        "assign": lambda: assign_kwargs(world, to="police", deadline=timezone.localdate() + timedelta(days=30)),
        "start": lambda: {},
        "submit": lambda: {"note": "已修复", "photos": [photo("after.jpg")]},
        "reject": lambda: {"reason": "不彻底"},
        "accept": lambda: {"comment": "合格"},
    }[name]()


def expected(user, hazard, name):
    if not visible(user, Hazard.objects.filter(pk=hazard.pk)).exists():
        return 404
    if user.username not in MAY[name]:
        return 403
    if hazard.status not in FROM[name]:
        return 400
    return 200


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def test_the_table_is_what_this_test_expects():
    assert sorted(HAZARD_LIFECYCLE.names) == sorted(MAY)
    for transition in HAZARD_LIFECYCLE:
        assert set(transition.sources) == FROM[transition.name]
        assert transition.target == TO[transition.name]


@pytest.mark.parametrize("name", list(MAY))
def test_every_transition_has_a_service_a_page_and_an_api_action(name):
    assert name in services.HAZARD_SERVICES and name in ACTIONS and name in TRANSITION_SERIALIZERS
    assert reverse(f"risks:hazard_{name}", args=[1]) and reverse(f"hazard-{name}", args=[1])


@pytest.mark.parametrize("state", HazardStatus.values)
@pytest.mark.parametrize("name", list(MAY))
def test_service_answers_every_person_in_every_state(world, name, state):
    hazard = make_hazard(world, state, to="police")
    for person in PEOPLE:
        user = world.user(person)
        want = expected(user, hazard, name)
        with rolled_back():
            try:
                changed = services.HAZARD_SERVICES[name](actor=user, hazard=hazard, **inputs(world, name))
            except Http404:
                got = 404
            except PermissionDenied:
                got = 403
            except ValidationError as error:
                assert error.code == "bad_status", error
                got = 400
            else:
                got = 200
                assert changed.status == (TO[name] or (hazard.status if state != "graded" else "assigned"))
                assert changed.events.last().kind == HAZARD_LIFECYCLE[name].event
        assert got == want, (person, name, state, got, want)


@pytest.mark.parametrize("state", HazardStatus.values)
@pytest.mark.parametrize("name", list(MAY))
def test_api_and_buttons_follow_the_same_table(world, api_for, client_for, name, state):
    hazard = make_hazard(world, state, to="police")
    for person in ("office", "police", "school_officer", "leader", "outsider"):
        user = world.user(person)
        want = expected(user, hazard, name)
        data = {key: getattr(value, "pk", value) for key, value in inputs(world, name).items()}
        data = {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in data.items()}
        if "funds_amount" in data:
            data["funds_amount"] = str(data["funds_amount"])
        with rolled_back():
            response = api_for(person).post(f"/api/hazards/{hazard.pk}/{name}/", data,
                                            format="multipart" if name == "submit" else "json")
        assert response.status_code == want, (person, name, state, response.status_code, response.data)
        if want == 404:
            continue
        page = client_for(person).get(reverse("risks:hazard_detail", args=[hazard.pk])).content.decode()
        assert (f'data-do="{name}"' in page) == (want == 200), (person, name, state)
        api_actions = api_for(person).get(f"/api/hazards/{hazard.pk}/").data["allowed_actions"]
        assert (name in api_actions) == (want == 200), (person, name, state)
