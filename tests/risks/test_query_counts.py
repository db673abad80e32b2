"""List pages and API lists cost the same number of queries for 1 row as for 50."""
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from risks.models import Hazard, HazardStatus, Risk

from .helpers import FIVE, lec, make_hazard

pytestmark = pytest.mark.django_db


def _more_hazards(world, n):
    """Bulk rows in every state, for volume only (the loop itself is tested through the services)."""
    today = timezone.localdate()
    office, police = world.user("office"), world.user("police")
    states = ["reported", "graded", "assigned", "rectifying", "submitted", "closed"]
    rows = []
    for i in range(n):
        status = states[i % len(states)]
        row = Hazard(school=world.school if i % 2 else world.other_school, category="fire", location=f"部位{i}",
                     description="描述", reported_by=world.user("school_officer"), status=status)
        if status != "reported":
            row.grade = "major" if i % 3 else "general"
        if status in ("assigned", "rectifying", "submitted", "closed"):
            row.assignee_kind, row.assigned_department = "department", world.police
            row.deadline = today + timedelta(days=i - 25)
            for key, value in FIVE.items():
                setattr(row, key, value)
        if status in ("submitted", "closed"):
            row.rectified_by, row.submitted_at = police, timezone.now()
        if status == "closed":
            row.accepted_by, row.accepted_at = office, timezone.now()
        rows.append(row)
    Hazard.objects.bulk_create(rows)


def _more_risks(world, n):
    first = Risk.objects.first()
    Risk.objects.bulk_create([
        Risk(school=world.school, category="fire", name=f"风险{i}", location="x", description="x",
             control_measures="x", responsible_person="x", responsible_department=world.police if i % 2 else None,
             scheme=first.scheme, level=first.level, score=first.score, next_review_on=timezone.localdate(),
             created_by=first.created_by) for i in range(n)
    ])


def _rows_shown(response):
    return response.content.count(b'data-label="') + response.content.count(b'"id":')


def _count(fetch):
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


def _seed_one(world):
    from risks import services

    make_hazard(world, HazardStatus.ASSIGNED, grade="major", deadline=timezone.localdate() - timedelta(days=1))
    services.risk_create(actor=world.user("office"), school=world.school, category="fire", name="r", location="l",
                         description="d", control_measures="m", responsible_person="p", scheme=lec(),
                         likelihood=Decimal("3"), exposure=Decimal("6"), severity=Decimal("7"))


PAGES = [
    ("office", lambda c, w: c.get(reverse("risks:hazard_list"))),
    ("office", lambda c, w: c.get(reverse("risks:hazard_list"), {"overdue": "on", "grade": "major"})),
    ("police", lambda c, w: c.get(reverse("risks:hazard_inbox"))),
    ("office", lambda c, w: c.get(reverse("risks:risk_list"))),
    ("office", lambda c, w: c.get(reverse("risks:school_risk_list", args=[w.school.pk]))),
    ("office", lambda c, w: c.get("/api/hazards/")),
    ("office", lambda c, w: c.get("/api/risks/")),
]


@pytest.mark.parametrize(("role", "fetch"), PAGES, ids=["hazards", "hazards-filtered", "inbox", "risks",
                                                         "print", "api-hazards", "api-risks"])
def test_list_query_count_does_not_grow_with_rows(client, world, role, fetch, django_assert_num_queries):
    _seed_one(world)
    client.force_login(world.user(role))
    fetch(client, world)  # the first request of a session pays for the login bookkeeping
    one = _count(lambda: fetch(client, world))
    rows_one = _rows_shown(fetch(client, world))
    _more_hazards(world, 49)
    _more_risks(world, 49)
    with django_assert_num_queries(one):
        response = fetch(client, world)
    assert response.status_code == 200 and _rows_shown(response) > rows_one  # the page did get longer


def test_export_query_count_does_not_grow_with_rows(client, world, django_assert_num_queries):
    _seed_one(world)
    client.force_login(world.user("office"))
    client.get(reverse("risks:ledger_export"))
    one = _count(lambda: client.get(reverse("risks:ledger_export")))
    _more_hazards(world, 49)
    with django_assert_num_queries(one):
        response = client.get(reverse("risks:ledger_export"))
    content = b"".join(response.streaming_content)
    assert len(list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())) == 53  # title, 填报单位, header
