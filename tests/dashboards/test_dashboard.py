"""The office's dashboard and the district comparison: figures on a known data set equal hand-counted values,
every figure's link lists exactly that many rows, the query count does not grow with the data, and each person
sees only their own sub-districts."""
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_safety.navigation import items_for
from incidents import services as incident_services
from incidents import supervision
from risks import services as risk_services
from risks.models import Hazard, HazardStatus
from tests.public_reports.builders import submit
from tests.risks.helpers import lec, make_hazard

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'<a href="([^"]+)"[^>]*data-figure-link[^>]*>(?:<strong>)?(\d+)')


def _risk(world, school, *, likelihood, exposure, severity, name="消防通道"):
    return risk_services.risk_create(
        actor=world.user("office"), school=school, category="fire", name=name, location="后门", description="堆放杂物",
        control_measures="每日巡查", responsible_person="李明", scheme=lec(), likelihood=likelihood, exposure=exposure,
        severity=severity)


def _known_world(world):
    """Hazards in known states (two overdue at the police), a red and a yellow risk, two incidents, one
    supervision, one public report waiting; and the same kinds of rows in the other sub-district."""
    today = timezone.localdate()
    make_hazard(world, HazardStatus.REPORTED)
    make_hazard(world, HazardStatus.ASSIGNED, deadline=today - timedelta(days=5))
    make_hazard(world, HazardStatus.RECTIFYING, grade="major", deadline=today - timedelta(days=2))
    make_hazard(world, HazardStatus.ASSIGNED, school=world.other_school, deadline=today + timedelta(days=9))
    make_hazard(world, HazardStatus.CLOSED)
    risk_services.hazard_report(actor=world.user("outside_office"), school=world.outside_school, category="fire",
                                location="大门", description="门禁损坏")
    _risk(world, world.school, likelihood=10, exposure=10, severity=7)  # 700: red
    _risk(world, world.other_school, likelihood=3, exposure=6, severity=7, name="楼梯")  # 126: yellow
    for kind in ("injury", "injury", "fire"):
        incident_services.incident_report(
            actor=world.user("school_officer"), school=world.school, kind=kind, severity="general",
            occurred_at=timezone.now() - timedelta(hours=3), place="操场", first_account="课间摔倒")
    supervision.supervision_flag(actor=world.user("office"), school=world.other_school, measure="interview",
                                 reason="事故多发")
    submit(world)


def _figures(html):
    return [(href.replace("&amp;", "&"), int(n)) for href, n in FIGURE.findall(html)]


def _listed(client, href):
    response = client.get(href)
    assert response.status_code == 200, href
    context = response.context
    return context["paginator"].count if context.get("paginator") else len(context["object_list"])


def test_the_figures_are_the_hand_counted_ones(client_for, world):
    _known_world(world)
    context = client_for("office").get(reverse("dashboard")).context
    assert context["hazards"] == {"open": 4, "overdue": 2, "major_open": 1}
    overdue = context["overdue_by_department"]
    assert [(row["assigned_department__name"], row["n"], row["days"]) for row in overdue] == [("派出所", 2, 5)]
    grid = {cell["school"].name: (cell["colour"], cell["risks"], cell["open"], cell["overdue"])
            for cell in context["grid"]["cells"]}
    assert grid == {"实验小学": ("red", 1, 3, 2), "崇义中学": ("yellow", 1, 1, 0)}
    assert [cell["school"].name for cell in context["grid"]["cells"]] == ["实验小学", "崇义中学"]  # red first
    assert {row["kind"]: row["n"] for row in context["incidents"]["kinds"]} == {"injury": 2, "fire": 1}
    assert context["incidents"]["monthly"][-1]["n"] == 3
    assert context["supervision"]["count"] == 1 and context["public_reports"]["waiting"] == 1
    this_month = context["flow"]["rows"][-1]
    assert this_month["opened"] == 5 and this_month["closed"] == 1
    matrix = {row["status"]: row["total"] for row in context["matrix"]["rows"]}
    assert matrix == {"reported": 1, "graded": 0, "assigned": 2, "rectifying": 1, "submitted": 0, "closed": 1}


@pytest.mark.parametrize("person", ["office", "district_leader", "education"])
def test_every_figure_on_the_dashboard_lists_exactly_that_many_rows(client_for, world, person):
    _known_world(world)
    client = client_for(person)
    if person == "education":
        assert client.get(reverse("dashboard")).status_code == 403  # a department: its own workbench
        return
    pages = [reverse("dashboard")]
    if person == "district_leader":
        pages += [f"{reverse('dashboard')}?sub_district={world.sub_district.pk}", reverse("dashboard_district")]
    walked = 0
    for page in pages:
        figures = _figures(client.get(page).content.decode())
        assert len(figures) > 10, page
        for href, shown in figures:
            assert _listed(client, href) == shown, (page, href)
            walked += 1
    assert walked > 40


def test_the_district_compares_its_sub_districts_and_drills_into_one(client_for, world):
    _known_world(world)
    client = client_for("district_leader")
    rows = {row["sub_district"].name: row for row in client.get(reverse("dashboard_district")).context["rows"]}
    assert set(rows) == {"崇义街道", "敦仁街道"}
    assert (rows["崇义街道"]["open"], rows["崇义街道"]["overdue"], rows["崇义街道"]["red_risks"]) == (4, 2, 1)
    assert (rows["敦仁街道"]["open"], rows["敦仁街道"]["schools"]) == (1, 1)
    drill = client.get(reverse("dashboard"), {"sub_district": world.other_sub_district.pk}).context
    assert drill["hazards"]["open"] == 1 and [c["school"].name for c in drill["grid"]["cells"]] == ["敦仁小学"]
    whole = client.get(reverse("dashboard")).context
    assert whole["hazards"]["open"] == 5 and len(whole["grid"]["cells"]) == 3


def test_each_person_sees_only_their_own_sub_districts(client_for, world):
    _known_world(world)
    outside = client_for("outside_office").get(reverse("dashboard")).context
    assert [cell["school"].name for cell in outside["grid"]["cells"]] == ["敦仁小学"]
    assert outside["hazards"]["open"] == 1 and outside["incidents"]["total"] == 0
    assert client_for("office").get(reverse("dashboard"), {"sub_district": world.other_sub_district.pk}
                                    ).status_code == 404
    assert client_for("office").get(reverse("dashboard"), {"sub_district": "x"}).status_code == 404
    for person in ("school_officer", "police", "health", "community", "nobody"):
        client = client_for(person)
        assert client.get(reverse("dashboard")).status_code == 403, person
        assert client.get(reverse("dashboard_district")).status_code == 403, person
        assert "dashboard" not in {item["name"] for item in items_for(world.user(person))}, person
    for person in ("office", "leader", "district_leader"):
        assert "dashboard" in {item["name"] for item in items_for(world.user(person))}, person


def _more_hazards(world, count):
    """`count` copies of one assigned, overdue hazard, spread over the sub-district's two schools."""
    model = make_hazard(world, HazardStatus.ASSIGNED, deadline=timezone.localdate() - timedelta(days=3))
    fields = {f.attname: getattr(model, f.attname) for f in Hazard._meta.concrete_fields
              if f.attname not in ("id", "source_key")}
    schools = [world.school.pk, world.other_school.pk]
    Hazard.objects.bulk_create([Hazard(**{**fields, "school_id": schools[n % 2]}) for n in range(count)],
                               batch_size=1000)


def test_the_dashboards_read_a_constant_number_of_queries(client_for, world, django_assert_max_num_queries):
    _known_world(world)
    _more_hazards(world, 10)
    client = client_for("district_leader")
    pages = [reverse("dashboard"), f"{reverse('dashboard')}?sub_district={world.sub_district.pk}",
             reverse("dashboard_district")]
    counted = {}
    for page in pages:
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        counted[page] = len(queries)
    _more_hazards(world, 10_000)
    for page in pages:
        with django_assert_max_num_queries(counted[page]):
            response = client.get(page)
    assert response.context["rows"][0]["open"] > 10_000
