"""Browser pages of the duty calendar: scoping (outsiders 404, read-only 403), closing with evidence,
the office's completion figures and the scheduler's last run."""
from datetime import date

import pytest
from django.urls import reverse

from duties.models import DutyEvidence, DutyTask, DutyTaskEvent, TaskStatus

from .calendar_world import add_calendar
from .files import fake_pdf, pdf, png, too_big
from .helpers import run_on


@pytest.fixture
def tasks(world):
    add_calendar()
    run_on(date(2026, 9, 1))
    get = lambda code, **kw: DutyTask.objects.get(definition__code=code, **kw)  # noqa: E731
    return {
        "health": get("health-monthly-supervision", school=world.school, period_key="2026-09"),
        "police": get("police-anti-terror", school=world.school),
        "school": get("school-drill-monthly", school=world.school, period_key="2026-09"),
        "office": get("office-analysis-meeting", sub_district=world.sub_district),
        "outside": get("school-drill-monthly", school=world.outside_school, period_key="2026-09"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "sees", "does_not_see"), [
    ("health", ["health"], ["police", "school", "office", "outside"]),
    ("police", ["police"], ["health", "office", "outside"]),
    ("school_officer", ["school"], ["health", "police", "office", "outside"]),
    ("office", ["health", "police", "school", "office"], ["outside"]),
    ("leader", ["health", "police", "school", "office"], ["outside"]),
    ("outsider", ["outside"], ["health", "police", "school", "office"]),
    ("nobody", [], ["health", "police", "school", "office", "outside"]),
])
def test_the_task_list_shows_each_person_only_their_tasks(client_for, tasks, name, sees, does_not_see):
    # Everything the person may see (the list opens on their own tasks; "all" is the scope itself).
    body = client_for(name).get(reverse("duties:task_list"), {"status": "all", "whose": "all"}).content.decode()
    for key in sees:
        assert f'data-task="{tasks[key].pk}"' in body, key
    for key in does_not_see:
        assert f'data-task="{tasks[key].pk}"' not in body, key


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "task", "status"), [
    ("outsider", "health", 404), ("police", "health", 404), ("health", "police", 404),
    ("outside_office", "office", 404), ("nobody", "school", 404),
    ("leader", "health", 403), ("district_leader", "health", 403),
    ("office", "health", 403),  # the office sees every task but closes only its own
    ("education", "school", 403),  # the education center oversees schools, does not close their duties
    ("principal", "health", 404),
])
def test_closing_someone_elses_task_is_refused(client_for, tasks, name, task, status):
    client = client_for(name)
    response = client.post(reverse("duties:task_close", args=[tasks[task].pk]),
                           {"note": "完成", "evidence_link": "https://example.org/r/1"})
    assert response.status_code == status
    assert DutyTask.objects.get(pk=tasks[task].pk).status == TaskStatus.OPEN


@pytest.mark.django_db
def test_read_only_leader_sees_the_task_but_no_close_form(client_for, tasks):
    response = client_for("leader").get(reverse("duties:task_detail", args=[tasks["health"].pk]))
    assert response.status_code == 200
    assert reverse("duties:task_close", args=[tasks["health"].pk]) not in response.content.decode()


@pytest.mark.django_db
def test_the_owner_closes_a_task_with_a_note_and_evidence_files(client_for, tasks, world):
    task = tasks["health"]
    client = client_for("health")
    page = client.get(reverse("duties:task_detail", args=[task.pk])).content.decode()
    assert reverse("duties:task_close", args=[task.pk]) in page

    response = client.post(reverse("duties:task_close", args=[task.pk]),
                           {"note": "9月卫生监督已完成", "evidence_files": [pdf(), png()]})

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == world.user("health")
    assert task.note == "9月卫生监督已完成" and task.next_remind_on is None
    assert sorted(DutyEvidence.objects.filter(task=task).values_list("content_type", flat=True)) == [
        "application/pdf", "image/png"]
    assert list(DutyTaskEvent.objects.filter(task=task).values_list("kind", flat=True)) == ["closed", "evidence"]
    evidence = DutyEvidence.objects.filter(task=task, content_type="application/pdf").get()
    download = client.get(reverse("duties:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client_for("outsider").get(reverse("duties:evidence", args=[evidence.pk])).status_code == 404


@pytest.mark.django_db
def test_a_school_closes_its_drill_with_a_link_to_the_drill_record(client_for, tasks):
    task = tasks["school"]
    response = client_for("school_officer").post(reverse("duties:task_close", args=[task.pk]), {
        "note": "9月疏散演练已开展", "evidence_link": "https://campus.example.org/drills/12"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.evidence_link == "https://campus.example.org/drills/12"


@pytest.mark.django_db
@pytest.mark.parametrize(("files", "message"), [
    (lambda: [fake_pdf()], "不是支持的格式"),
    (lambda: [too_big()], "超过 10 MB"),
    (lambda: [], "请上传佐证材料或填写佐证链接"),
])
def test_bad_evidence_is_refused_with_the_form_kept_and_nothing_saved(client_for, tasks, files, message):
    task = tasks["health"]
    response = client_for("health").post(reverse("duties:task_close", args=[task.pk]),
                                         {"note": "我写的说明", "evidence_files": files()})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "我写的说明" in body
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert not DutyEvidence.objects.exists() and not DutyTaskEvent.objects.exists()


@pytest.mark.django_db
def test_a_task_cannot_be_closed_twice(client_for, tasks):
    client = client_for("health")
    url = reverse("duties:task_close", args=[tasks["health"].pk])
    assert client.post(url, {"note": "一", "evidence_files": [pdf()]}).status_code == 302
    response = client.post(url, {"note": "二", "evidence_files": [pdf()]})
    assert response.status_code == 400 and "该任务已完成，不能重复办结。" in response.content.decode()
    assert DutyTaskEvent.objects.filter(kind="closed").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status"), [
    ("office", 200), ("leader", 200), ("district_leader", 200),
    ("health", 403), ("school_officer", 403), ("community", 403), ("nobody", 403),
])
def test_only_the_office_and_leaders_see_the_completion_figures(client_for, tasks, name, status):
    assert client_for(name).get(reverse("duties:completion")).status_code == status


@pytest.mark.django_db
def test_closing_a_task_moves_the_offices_completion_figures(client_for, tasks, world):
    url = reverse("duties:completion")
    query = {"due_from": "2026-09-01", "due_to": "2026-09-30"}

    def health_row(client):
        response = client.get(url, query)
        rows = response.context["figures"]["by_owner"]
        return next(r for r in rows if r["owner_department__name"] == world.health.name)

    office = client_for("office")
    before = health_row(office)
    page = office.get(url, query).content.decode()
    assert "定时任务最近一次成功运行" in page and "2026-09-01" in page
    client_for("health").post(reverse("duties:task_close", args=[tasks["health"].pk]),
                              {"note": "完成", "evidence_files": [pdf()]})
    after = health_row(client_for("office"))
    assert after["done"] == before["done"] + 1
    # Due on 30 September 2026, closed today (later): counted as late, not on time.
    assert after["late"] == before["late"] + 1 and after["on_time"] == before["on_time"]


@pytest.mark.django_db
def test_the_completion_page_shows_a_failed_group_robot_post(client_for, tasks, world):
    from notifications.models import Delivery, DeliveryStatus

    Delivery.objects.create(key="x", channel="webhook", topic=f"department:{world.health.pk}",
                            address="http://robot.invalid/", body="【今日到期】卫生", status=DeliveryStatus.FAILED,
                            attempts=5, last_error="HTTP 500: busy")
    body = client_for("office").get(reverse("duties:completion")).content.decode()
    assert "群机器人消息发送失败" in body and "HTTP 500: busy" in body
    assert "群机器人消息发送失败" not in client_for("outside_office").get(reverse("duties:completion")).content.decode()


@pytest.mark.django_db
def test_the_completion_page_warns_when_the_scheduler_never_ran(client_for, world):
    body = client_for("office").get(reverse("duties:completion")).content.decode()
    assert "定时任务尚未成功运行过" in body
    from django.utils import timezone

    assert f'value="{timezone.localdate().year}-01-01"' in body  # the default range, shown in the date inputs


@pytest.mark.django_db
def test_the_office_dashboard_shows_the_last_successful_scheduler_run(client_for, tasks):
    body = client_for("office").get(reverse("home")).content.decode()
    assert 'data-card="scheduler"' in body and "最近一次成功运行" in body
    assert 'data-card="scheduler"' not in client_for("health").get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_task_page_names_each_reminder_in_words(client_for, tasks):
    body = client_for("health").get(reverse("duties:task_detail", args=[tasks["health"].pk])).content.decode()
    assert "提前7天" not in body  # not due yet on 1 September: the reminders are still ahead
    run_on(date(2026, 9, 23))
    body = client_for("health").get(reverse("duties:task_detail", args=[tasks["health"].pk])).content.decode()
    assert "提前7天" in body and "before:7" not in body


@pytest.mark.django_db
def test_the_task_list_and_the_api_cost_the_same_queries_for_one_month_or_three(client_for, api_for, tasks,
                                                                              django_assert_max_num_queries):
    client = client_for("office")
    url = reverse("duties:task_list")

    def count(fn):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert fn().status_code == 200
        return len(queries)

    client.get(url)  # the first request of a session writes the session: not part of the page's cost
    page_one = count(lambda: client.get(url, {"status": "all"}))
    api = api_for("office")
    api.get("/api/duty-tasks/")  # warms the per-user scope cache, as in the page above
    api_one = count(lambda: api.get("/api/duty-tasks/", {"limit": 500}))
    run_on(date(2026, 11, 30))  # two more months of tasks and reminders
    assert DutyTask.objects.count() > 3 * len(tasks)
    assert count(lambda: client.get(url, {"status": "all"})) == page_one
    assert count(lambda: api.get("/api/duty-tasks/", {"limit": 500})) == api_one
    with django_assert_max_num_queries(12):
        client.get(url, {"status": "all"})


@pytest.mark.django_db
def test_the_completion_of_one_duty_is_counted_per_period(client_for, tasks, world):
    from duties.models import DutyDefinition

    run_on(date(2026, 11, 2))
    drill = DutyDefinition.objects.get(code="school-drill-monthly")
    client_for("school_officer").post(reverse("duties:task_close", args=[tasks["school"].pk]),
                                      {"note": "已演练", "evidence_files": [pdf()]})
    response = client_for("office").get(reverse("duties:completion"), {
        "due_from": "2026-09-01", "due_to": "2026-11-30", "definition": drill.pk})
    rows = {row["period_label"]: row for row in response.context["figures"]["by_period"]}
    assert list(rows) == ["2026年9月", "2026年10月", "2026年11月"]
    assert (rows["2026年9月"]["total"], rows["2026年9月"]["late"], rows["2026年9月"]["overdue"]) == (2, 1, 1)
    assert "按周期" in response.content.decode()
