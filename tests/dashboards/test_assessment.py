"""The annual special assessment: scores computed by hand on known records, the formula shown and edited by the
office only (each change a new row, bad input kept and refused in words), the ranking in Excel, constant
queries."""
import io
import itertools
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.models import AssessmentFormula
from duties.models import DutyDefinition, DutyTask, TaskStatus
from risks.models import HazardStatus
from tests.risks.helpers import make_hazard

pytestmark = pytest.mark.django_db

SERIAL = itertools.count()


def _tasks(world, owner, *, on_time, late, open_overdue):
    """Duty tasks of this year owned by `owner` (a department or a community), due a month ago."""
    definition = DutyDefinition.objects.first()
    due = timezone.localdate() - timedelta(days=30)
    key = "owner_department" if owner.__class__.__name__ == "Department" else "owner_community"
    for n in range(on_time + late + open_overdue):
        closed = None
        if n < on_time:
            closed = timezone.now() - timedelta(days=31)
        elif n < on_time + late:
            closed = timezone.now() - timedelta(days=5)
        DutyTask.objects.create(definition=definition, period_key=f"{key}-{owner.pk}-{next(SERIAL)}", period_label="x",
                                opens_on=due - timedelta(days=10), due_on=due, sub_district=world.sub_district,
                                status=TaskStatus.DONE if closed else TaskStatus.OPEN, closed_at=closed,
                                **{key: owner})


def _known(world):
    # Police: duties 3 of 4 on time (75%); one hazard due three days ago and not closed (0 of 1 rectified on
    # time, and overdue: −2); nothing else measured.
    _tasks(world, world.police, on_time=3, late=1, open_overdue=0)
    make_hazard(world, HazardStatus.ASSIGNED, deadline=timezone.localdate() - timedelta(days=3))
    # Health: duties 1 of 2 on time (50%).
    _tasks(world, world.health, on_time=1, late=0, open_overdue=1)
    # The community: 2 of 2 (100%).
    _tasks(world, world.community, on_time=2, late=0, open_overdue=0)


def test_scores_are_the_formula_applied_to_the_records(client_for, world):
    _known(world)
    context = client_for("office").get(reverse("assessment")).context
    scores = {row["unit"].name: (row["rank"], row["score"], row["overdue"]) for row in context["departments"]}
    # police: (40 × 75 + 30 × 0) ÷ (40 + 30) − 2 × 1 = 40.857…; health: 40 × 50 ÷ 40 = 50; the education
    # center: nothing to measure.
    assert scores == {"卫生服务中心": (1, Decimal("50.0"), 0), "派出所": (2, Decimal("40.9"), 1),
                      "教管中心": (None, None, 0)}
    police = next(row for row in context["departments"] if row["unit"] == world.police)
    assert police["rates"]["duty_on_time"] == {"met": 3, "total": 4, "rate": Decimal("75.0")}
    assert police["rates"]["rectified_on_time"] == {"met": 0, "total": 1, "rate": Decimal("0.0")}
    assert police["rates"]["sweep_done"]["rate"] is None
    communities = {row["unit"].name: row["score"] for row in context["communities"]}
    assert communities == {"中山路社区": Decimal("100.0"), "桥南社区": None}
    assert "40×职责任务按时完成率" in context["formula_text"] and "2 × 逾期隐患数" in context["formula_text"]


def test_the_office_changes_the_weights_and_the_old_formula_stays(client_for, world):
    _known(world)
    client = client_for("office")
    url = reverse("assessment_formula")
    refused = client.post(url, {"duty_on_time": "abc", "rectified_on_time": "30", "sweep_done": "20",
                                "incident_on_time": "10", "overdue_penalty": "50"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "请填写数字" in body and "请填写 0 到 20 之间的数" in body
    assert 'value="abc"' in body and not AssessmentFormula.objects.exists()
    zero = client.post(url, {"duty_on_time": "0", "rectified_on_time": "0", "sweep_done": "0",
                             "incident_on_time": "0", "overdue_penalty": "1"})
    assert zero.status_code == 400 and "至少要有一项考核指标的权重大于 0" in zero.content.decode()
    assert client.post(url, {"duty_on_time": "40", "rectified_on_time": "30", "sweep_done": "20",
                             "incident_on_time": "10", "overdue_penalty": "10"}).status_code == 302
    context = client.get(reverse("assessment")).context
    police = next(row for row in context["departments"] if row["unit"] == world.police)
    assert police["score"] == Decimal("32.9") and "10 × 逾期隐患数" in context["formula_text"]
    client.post(url, {"duty_on_time": "50", "rectified_on_time": "30", "sweep_done": "20", "incident_on_time": "0",
                      "overdue_penalty": "2"})
    assert AssessmentFormula.objects.count() == 2
    assert len(client.get(reverse("assessment")).context["history"]) == 2


def test_only_the_office_edits_and_only_overseers_read(client_for, world):
    for person in ("leader", "district_leader", "police", "school_officer"):
        assert client_for(person).post(reverse("assessment_formula"), {"duty_on_time": "1"}).status_code == 403
    assert client_for("leader").get(reverse("assessment")).status_code == 200
    for person in ("police", "school_officer", "health", "nobody"):
        assert client_for(person).get(reverse("assessment")).status_code == 403, person
    assert client_for("office").get(reverse("assessment"), {"sub_district": world.other_sub_district.pk}
                                    ).status_code == 404
    assert not AssessmentFormula.objects.exists()


def test_the_ranking_downloads_as_excel_with_the_formula(client_for, world):
    _known(world)
    response = client_for("office").get(reverse("assessment"), {"format": "xlsx", "year": date.today().year})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["部门"].iter_rows(values_only=True))
    assert "40×职责任务按时完成率" in rows[1][0]
    assert rows[3][:2] == (1, "卫生服务中心") and rows[3][-1] == 50.0
    assert rows[4][:2] == (2, "派出所") and rows[4][2:4] == (75.0, 0.0) and rows[4][-1] == 40.9
    assert list(book["社区"].iter_rows(values_only=True))[3][:2] == (1, "中山路社区")


def test_the_assessment_reads_a_constant_number_of_queries(client_for, world, django_assert_max_num_queries):
    _known(world)
    client = client_for("office")
    client.get(reverse("assessment"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("assessment"))
    for _ in range(5):
        _known(world)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("assessment"))
