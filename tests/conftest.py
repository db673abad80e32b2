import os

import pytest

from tests.world import build_world

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(client, world):
    """A test client logged in as one of the world's people (force_login: axes needs no request here)."""

    def login(name):
        client.force_login(world.user(name))
        return client

    return login


@pytest.fixture
def api_for(world):
    from rest_framework.test import APIClient

    def login(name):
        api = APIClient()
        api.force_authenticate(world.user(name))
        return api

    return login


# Data migrations whose rows a transactional test's flush removes (pytest-django runs transactional
# tests last, so every one of them may start from an emptied database).
SEEDED_BY_MIGRATIONS = [
    ("risks.migrations.0002_seed_grading_schemes", "risks.GradingScheme"),
    ("risks.migrations.0008_seed_ledger_synonyms", "risks.LedgerSynonym"),
    ("duties.migrations.0002_seed_duty_definitions", "duties.DutyDefinition"),
    ("inspections.migrations.0002_seed_checklists", "inspections.ChecklistTemplate"),
    ("security.migrations.0002_seed_premises_types", "security.PremisesType"),
    ("incidents.migrations.0002_seed_supervision_rules", "incidents.SupervisionRule"),
]


@pytest.fixture(autouse=True)
def restore_migration_rows(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db", "live_server"} & set(request.fixturenames)
    if not transactional:
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for module, label in SEEDED_BY_MIGRATIONS:
        if not apps.get_model(label).objects.exists():
            importlib.import_module(module).seed(apps, None)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in English (the language cookie's middleware
    activates it for the thread) must not leave the next test's messages in English."""
    from django.utils import translation

    yield
    translation.deactivate()
