"""The workbench shows each person what they answer for, and counts in a fixed number of queries."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duties import services as duty_services
from duties.models import DutyTask
from risks.models import HazardStatus
from tests.risks.helpers import make_hazard

pytestmark = pytest.mark.django_db


def test_workbench_counts_the_ledger_in_scope(client_for, world):
    make_hazard(world, HazardStatus.SUBMITTED)
    make_hazard(world, HazardStatus.REPORTED, school=world.other_school)
    office = client_for("office").get(reverse("home")).context
    assert office["hazards"]["open"] == 2 and office["hazards"]["submitted"] == 1
    officer = client_for("school_officer").get(reverse("home")).context
    assert officer["hazards"]["open"] == 1  # the other school's hazard is not in its scope
    assert officer["can_report"] is True
    assert client_for("leader").get(reverse("home")).context["can_report"] is False


def test_my_duties_are_the_tasks_i_answer_for_not_everything_i_see(client_for, world):
    duty_services.materialise(day=date(2026, 9, 1))  # a term start: termly duties fall due
    office_tasks = client_for("office").get(reverse("home")).context["duties"]["items"]
    assert office_tasks, "the office owns sub-district duties"
    assert all(t.owner_school_id is None and t.owner_department_id is None for t in office_tasks)
    officer_tasks = client_for("school_officer").get(reverse("home")).context["duties"]["items"]
    assert officer_tasks and all(t.owner_school_id == world.school.pk for t in officer_tasks)
    assert DutyTask.objects.exclude(owner_school=world.school).exists()


@pytest.mark.parametrize("role", ["office", "police", "school_officer", "leader"])
def test_workbench_query_count_does_not_grow_with_the_ledger(client_for, world, role, django_assert_max_num_queries):
    client = client_for(role)
    make_hazard(world, HazardStatus.ASSIGNED)
    client.get(reverse("home"))
    # A budget, not only constancy: a department's panel (its rates as the assessment measures them, its
    # schools' grid) is about ten queries of the forty.
    with django_assert_max_num_queries(40) as first:
        client.get(reverse("home"))
    for _ in range(5):
        make_hazard(world, HazardStatus.ASSIGNED)
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("home"))
    assert len(second.captured_queries) == len(first.captured_queries)


def _linked_count(client, link):
    """The number of rows the list behind a workbench figure shows."""
    page = client.get(link)
    return page.context["paginator"].count if page.context.get("paginator") else page.context["page_obj"].paginator.count


@pytest.mark.parametrize("role", ["office", "school_officer", "police"])
def test_every_workbench_figure_equals_the_count_of_the_list_it_opens(client_for, world, role):
    import re

    from django.utils import timezone

    today = timezone.localdate()
    make_hazard(world, HazardStatus.SUBMITTED)
    make_hazard(world, HazardStatus.REPORTED)
    make_hazard(world, HazardStatus.GRADED, school=world.other_school)
    make_hazard(world, HazardStatus.CLOSED)
    make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=today - timezone.timedelta(days=2))
    duty_services.materialise(day=today)
    client = client_for(role)
    html = client.get(reverse("home")).content.decode()
    figures = re.findall(r'<a href="([^"]+)"[^>]*data-stat="([\w-]+)"[^>]*>[^<]*?(\d+)</a>', html)
    assert {stat for _, stat, _ in figures} >= {"open", "unassigned", "overdue"}
    for link, stat, shown in figures:
        assert _linked_count(client, link.replace("&amp;", "&")) == int(shown), (role, stat, link)
