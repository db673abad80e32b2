"""Every route of the URLconf and the API router, visited anonymously and as an outsider, so that no
view can ship unprotected. A new public route has to be added to PUBLIC on purpose."""
import re

import pytest
from django.urls import get_resolver, reverse

from tests.route_walk import _walk

PUBLIC = {
    "login",  # the login form itself
    "set_language",  # the language switch on the login page
    "healthz",  # load balancer probe; says only ok / database unavailable
    "api-token",  # exchanges credentials for a token (POST only, throttled)
    "admin:login",  # Django admin's own login form
    "logout",  # logging out an anonymous visitor reveals nothing
    "admin:logout",
    # 举报 without an account (a student, parent or citizen on a phone): the form, its receipt and the
    # receipt lookup. Throttled per address and school, behind a challenge; the lookup shows only a status.
    "public_reports:submit",
    "public_reports:received",
    "public_reports:status",
}
# Pages where anyone with an account keeps a row of their own (and only their own).
OWN_ROW = {"notifications:settings": "notifications.Preference"}
# Public pages that list every school by design (the 举报 form's school choice).
LISTS_SCHOOLS = {"public_reports:submit"}

SAMPLE_KWARGS = {"format": "json"}


def _kwarg_names(pattern):
    regex = pattern.pattern.regex
    return list(regex.groupindex)


def all_routes():
    routes = []
    for namespace, pattern in _walk(get_resolver().url_patterns):
        name = pattern.name
        if name is None:
            # Only Django admin's catch-all may be unnamed; every other route needs a name to be checked.
            assert namespace == "admin", f"unnamed route {pattern.pattern} cannot be checked"
            continue
        full = f"{namespace}:{name}" if namespace else name
        kwargs = {key: SAMPLE_KWARGS.get(key, "1") for key in _kwarg_names(pattern)}
        try:
            url = reverse(full, kwargs=kwargs)
        except Exception:  # noqa: BLE001 - a converter refused "1" (e.g. an app_label): use a real value
            kwargs = {key: "organizations" if key == "app_label" else "1" for key in kwargs}
            url = reverse(full, kwargs=kwargs)
        routes.append((full, url))
    return sorted(set(routes))


ROUTES = all_routes()
PROTECTED = [(name, url) for name, url in ROUTES if name not in PUBLIC]


def test_walk_finds_the_api_and_the_pages():
    names = {name for name, _url in ROUTES}
    assert {"home", "organizations:school_list", "school-list", "school-detail", "api-schema", "api-docs"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), PROTECTED, ids=[name for name, _ in PROTECTED])
def test_anonymous_is_sent_to_login_or_refused(client, name, url):
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if response.status_code in (301, 302):
            assert re.search(r"/(accounts|admin)/login/", response["Location"]), (name, method, response["Location"])
        else:
            assert response.status_code in (401, 403, 405), (name, method, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), ROUTES, ids=[name for name, _ in ROUTES])
def test_person_without_role_sees_nothing_of_any_sub_district(client_for, world, name, url):
    """Someone with an account but no role: every page renders without data, or refuses; a POST changes nothing.
    Routes with an id are walked with real rows in tests/test_route_walk.py."""
    client = client_for("nobody")
    before = _row_counts()
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code < 500, (name, method, response.status_code)
        if response.status_code == 200 and response.get("Content-Type", "").startswith(
                ("text/html", "application/json")) and name not in LISTS_SCHOOLS:
            body = response.content.decode()
            for school in (world.school, world.other_school, world.outside_school):
                assert school.name not in body, (name, method, school.name)
        if name in ("logout", "admin:logout"):
            client = client_for("nobody")
    after = _row_counts()
    if name in OWN_ROW:
        from django.apps import apps

        label = OWN_ROW[name]
        assert set(apps.get_model(label).objects.values_list("user__username", flat=True)) <= {"nobody"}, name
        before.pop(label), after.pop(label)
    assert after == before, name


def _row_counts():
    from django.apps import apps

    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if model._meta.app_label in ("organizations", "risks", "duties", "notifications")}
