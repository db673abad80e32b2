"""The duty task API: scoped lists and filters, and the close action (owner only)."""
from datetime import date

import pytest

from duties.models import DutyTask, TaskStatus

from .calendar_world import add_calendar
from .files import fake_pdf, pdf
from .helpers import run_on


@pytest.fixture
def health_task(world):
    add_calendar()
    run_on(date(2026, 9, 1))
    return DutyTask.objects.get(definition__code="health-monthly-supervision", school=world.school,
                                period_key="2026-09")


def ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_the_list_holds_only_the_callers_tasks_and_filters_by_state_and_duty(api_for, health_task, world):
    response = api_for("health").get("/api/duty-tasks/", {"limit": 500})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows and {row["owner_department"] for row in rows} == {world.health.pk}
    assert health_task.pk in ids(response)
    assert ids(api_for("police").get("/api/duty-tasks/", {"limit": 500})).isdisjoint(ids(response))
    assert ids(api_for("outsider").get("/api/duty-tasks/", {"limit": 500})).isdisjoint(ids(response))
    assert api_for("nobody").get("/api/duty-tasks/").json()["results"] == []
    water = api_for("health").get("/api/duty-tasks/", {"definition_code": "health-drinking-water"}).json()
    assert water["count"] == 2 and {r["definition_code"] for r in water["results"]} == {"health-drinking-water"}
    overdue = api_for("health").get("/api/duty-tasks/", {"state": "overdue", "limit": 500}).json()
    assert overdue["count"] > 0 and all(r["overdue"] for r in overdue["results"])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status"), [
    ("outsider", 404), ("police", 404), ("education", 404),  # another department: not even visible
    ("leader", 403), ("office", 403), ("nobody", 404),  # read-only, not the owner; no role: cannot see it
])
def test_the_close_action_is_refused_to_everyone_but_the_owner(api_for, health_task, name, status):
    response = api_for(name).post(f"/api/duty-tasks/{health_task.pk}/close/",
                                  {"note": "完成", "evidence_link": "https://example.org/r"}, format="json")
    assert response.status_code == status
    assert DutyTask.objects.get(pk=health_task.pk).status == TaskStatus.OPEN


@pytest.mark.django_db
def test_the_owner_closes_through_the_api_with_a_file(api_for, health_task):
    response = api_for("health").post(f"/api/duty-tasks/{health_task.pk}/close/",
                                      {"note": "已完成", "evidence_files": [pdf()]}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    assert health_task.evidence.count() == 1


@pytest.mark.django_db
def test_the_api_refuses_a_disguised_file_and_saves_nothing(api_for, health_task):
    response = api_for("health").post(f"/api/duty-tasks/{health_task.pk}/close/",
                                      {"note": "已完成", "evidence_files": [fake_pdf()]}, format="multipart")
    assert response.status_code == 400
    assert "不是支持的格式" in str(response.json())
    health_task.refresh_from_db()
    assert health_task.status == TaskStatus.OPEN and not health_task.evidence.exists()


@pytest.mark.django_db
def test_tasks_cannot_be_created_or_edited_through_the_api(api_for, health_task):
    api = api_for("office")
    assert api.post("/api/duty-tasks/", {}, format="json").status_code == 405
    assert api.patch(f"/api/duty-tasks/{health_task.pk}/", {"status": "done"}, format="json").status_code == 405


def test_closing_without_a_note_is_refused_alike_by_page_and_api(world, api_for, client_for):
    from datetime import date, timedelta

    from django.urls import reverse

    from duties.models import DutyDefinition, DutyTask, Frequency, OwnerKind

    definition = DutyDefinition.objects.create(code="t-note", title="护校巡逻", owner_kind=OwnerKind.DEPARTMENT,
                                               department_kind="police", frequency=Frequency.MONTHLY,
                                               scope="per_contracted_school")
    task = DutyTask.objects.create(definition=definition, period_key="x", period_label="本月", opens_on=date.today(),
                                   due_on=date.today() + timedelta(days=5), sub_district=world.sub_district,
                                   school=world.school, owner_department=world.police)
    for note, message in (("", "请填写完成情况。"), ("记" * 4001, "不能超过 4000 个字（现有 4001 个）。")):
        api = api_for("police").post(f"/api/duty-tasks/{task.pk}/close/", {"note": note}, format="json")
        assert api.status_code == 400 and api.data["note"] == [message]
        page = client_for("police").post(reverse("duties:task_close", args=[task.pk]), {"note": note})
        assert page.status_code == 400 and message in page.content.decode()
    task.refresh_from_db()
    assert task.status == "open"
