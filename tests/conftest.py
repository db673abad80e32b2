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
