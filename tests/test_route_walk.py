"""The data-holding route walk (tests/route_walk.py): each route with an id, against a real row."""
import pytest
from django.test import override_settings

from tests import route_walk

ROUTES = route_walk.routes_with_ids()


def test_every_route_with_an_id_is_in_the_registry():
    names = {name for name, _kwargs in ROUTES}
    unchecked = route_walk.unregistered_routes()
    assert not unchecked, (
        f"these routes take an id but tests/route_walk.py ROW_ROUTES has no factory for them, so nobody checks "
        f"that outsiders get 404 and read-only roles 403: {unchecked}")
    stale = sorted(set(route_walk.ROW_ROUTES) - names)
    assert not stale, f"ROW_ROUTES names routes that no longer exist: {stale}"


def test_the_walk_covers_pages_the_api_and_its_actions():
    names = {name for name, _kwargs in ROUTES}
    assert {"risks:hazard_detail", "duties:task_close", "hazard-detail", "hazard-accept", "risk-reassess",
            "school-detail"} <= names
    assert len(ROUTES) >= 34


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwarg_names"), ROUTES, ids=[f"{n}{'.fmt' if 'format' in k else ''}"
                                                             for n, k in ROUTES])
def test_route_holds_its_row_against_outsiders_and_read_only_roles(world, name, kwarg_names):
    failures = route_walk.check_route(world, name, kwarg_names)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "spec"), route_walk.EXTRA_ROWS,
                         ids=[f"{name}[{spec.note}]" for name, spec in route_walk.EXTRA_ROWS])
def test_route_holds_a_row_of_another_kind(world, name, spec):
    failures = route_walk.check_route(world, name, dict(ROUTES)[name], spec)
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------------------------------
# The walk can fail: a throwaway URLconf adds views that get scoping wrong.

BROKEN = {"unscoped_hazard", "hazard_renamed_by_any_viewer"}


@override_settings(ROOT_URLCONF="tests.unscoped_urls")
def test_a_new_route_with_an_id_and_no_factory_is_reported():
    assert set(route_walk.unregistered_routes()) == BROKEN


@pytest.fixture
def broken_routes(monkeypatch):
    for name in BROKEN:
        monkeypatch.setitem(route_walk.ROW_ROUTES, name, route_walk.RowRoute(route_walk.hazard))
    with override_settings(ROOT_URLCONF="tests.unscoped_urls"):
        yield dict(route_walk.routes_with_ids())


@pytest.mark.django_db
def test_the_walk_fails_on_a_view_that_finds_rows_without_scoping(world, broken_routes):
    assert route_walk.unregistered_routes() == []
    failures = route_walk.check_route(world, "unscoped_hazard", broken_routes["unscoped_hazard"])
    for person in route_walk.OUTSIDERS:
        assert any(f"{person} GET" in failure and "gave 200" in failure for failure in failures), (person, failures)
    assert any("read-only leader POST" in failure and "gave 200" in failure for failure in failures), failures


@pytest.mark.django_db
def test_the_walk_fails_on_a_view_that_lets_read_only_roles_write(world, broken_routes):
    failures = route_walk.check_route(world, "hazard_renamed_by_any_viewer",
                                      broken_routes["hazard_renamed_by_any_viewer"])
    assert any("read-only district_leader POST" in failure for failure in failures), failures
    assert any("the row changed" in failure for failure in failures), failures
    assert not any("outsider" in failure for failure in failures), failures  # reading was scoped


@pytest.mark.django_db
def test_django_admin_routes_with_an_id_send_every_world_person_to_the_admin_login(world, client):
    """The admin is walked apart: it is for staff only, whatever the row, and no person of the world is staff."""
    from django.urls import get_resolver, reverse

    hazard, _kwargs = route_walk.hazard(world)
    admin_routes = [(f"admin:{p.name}", tuple(p.pattern.regex.groupindex))
                    for ns, p in route_walk._walk(get_resolver().url_patterns)
                    if ns == "admin" and p.name and "object_id" in p.pattern.regex.groupindex]
    assert len(admin_routes) > 20
    for person in ("office", "leader", "outsider"):
        client.force_login(world.user(person))
        for name, kwarg_names in admin_routes:
            kwargs = {"object_id": hazard.pk}
            if "app_label" in kwarg_names:
                kwargs["app_label"] = "risks"
            try:
                url = reverse(name, kwargs=kwargs)
            except Exception:  # noqa: BLE001 - routes of other models with extra kwargs are covered by the rest
                continue
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == 302 and "/admin/login/" in response["Location"], (person, name, method)
