"""The dashboards' API: the page's numbers and links, the same permission, another sub-district unseen."""
import json

import pytest
from django.urls import reverse

from .test_assessment import _known as _assessed
from .test_dashboard import _known_world

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_pages_figures_and_links(api_for, client_for, world):
    _known_world(world)
    page = client_for("office").get(reverse("dashboard")).context
    api = api_for("office").get("/api/dashboard/").json()
    assert api["hazards"] == page["hazards"] and api["links"] == page["links"]
    assert [(row["name"], row["colour"], row["open"], row["overdue"], row["open_link"]) for row in api["schools"]] == [
        (cell["school"].name, cell["colour"], cell["open"], cell["overdue"], cell["open_link"])
        for cell in page["grid"]["cells"]]
    assert api["overdue_by_department"][0]["overdue"] == 2 and api["public_reports"]["waiting"] == 1
    assert sum(row["n"] for row in api["incidents"]["by_kind"]) == page["incidents"]["total"] == 3


def test_the_district_and_the_assessment_through_the_api(api_for, client_for, world):
    _known_world(world)
    _assessed(world)
    district = api_for("district_leader").get("/api/dashboard/district/").json()
    assert {row["name"]: row["open"] for row in district["sub_districts"]} == {"崇义街道": 5, "敦仁街道": 1}  # 4 open, and the assessed overdue one
    page = client_for("office").get(reverse("assessment")).context
    api = api_for("office").get("/api/assessment/").json()
    assert api["formula"] == str(page["formula_text"])
    assert [(row["name"], row["rank"]) for row in api["departments"]] == [
        (row["unit"].name, row["rank"]) for row in page["departments"]]
    json.dumps(api)  # plain JSON


def test_the_api_refuses_as_the_pages_do(api_for, world):
    for person in ("school_officer", "police", "nobody"):
        for url in ("/api/dashboard/", "/api/dashboard/district/", "/api/assessment/"):
            assert api_for(person).get(url).status_code == 403, (person, url)
    assert api_for("office").get("/api/dashboard/", {"sub_district": world.other_sub_district.pk}).status_code == 404
    assert api_for("office").get("/api/assessment/", {"sub_district": "abc"}).status_code == 404
