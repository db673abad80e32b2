"""The health center reads a duty reminder on a phone, closes the duty with a PDF, the office sees it."""
import importlib
import re
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from duties.models import DutyDefinition, DutyTask, TaskStatus
from tests.browser.conftest import DESKTOP, PHONE, login
from tests.duties.calendar_world import add_calendar
from tests.duties.helpers import run_on
from tests.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def duty_site(live_server, transactional_db, world):
    if not DutyDefinition.objects.exists():  # a transactional flush removed the data migration's rows
        importlib.import_module("duties.migrations.0002_seed_duty_definitions").seed(django_apps, None)
    add_calendar()
    run_on(date(2026, 9, 1))
    return live_server.url


def test_health_closes_a_drinking_water_duty_from_its_inbox_and_the_office_sees_it(duty_site, world, new_page,
                                                                                   shots, tmp_path):
    """Health on a phone: its workbench counts only its own tasks; the day's reminders are one digest message;
    from it, three taps to a closed task (the message, the task, 办结)."""
    task = DutyTask.objects.get(definition__code="health-drinking-water", school=world.school)
    evidence = tmp_path / "水质检测报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    mine = DutyTask.objects.filter(owner_department=world.health, status=TaskStatus.OPEN)

    phone = new_page(PHONE)
    login(phone, duty_site, "health", PASSWORD)
    overdue = phone.locator("[data-stat='duties-overdue']")
    shown = int(re.search(r"\d+", overdue.inner_text()).group())
    assert shown > 0
    overdue.click()  # the workbench figure opens the list it counts: health's own overdue tasks only
    assert int(re.search(r"\d+", phone.locator("h1 small").inner_text()).group()) == shown
    assert all(task.owner_department_id == world.health.pk for task in DutyTask.objects.filter(
        pk__in=[int(pk) for pk in phone.locator("tr[data-task]").evaluate_all("rows => rows.map(r => r.dataset.task)")]))
    phone.goto(duty_site + "/")
    phone.click("[data-menu-toggle]")
    assert phone.locator("[data-unread-count]").inner_text() == "1"  # one digest, not one per school and duty
    phone.click("a[data-nav='notifications:inbox']")
    digest = phone.locator("tr[data-item] a")
    assert digest.count() == 1 and "项职责任务待办" in digest.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shots(phone, "inbox")
    digest.click()  # 1: the digest opens the list of health's own tasks
    assert phone.locator("[data-tab=mine].current").count() == 1
    assert int(phone.locator("[data-tab=mine] [data-count]").inner_text()) == mine.count()
    assert phone.locator("tr[data-task]").count() == min(mine.count(), 50)
    shots(phone, "my-tasks")
    row = phone.locator(f"tr[data-task='{task.pk}']")
    cell = row.locator("td").nth(1).bounding_box()
    phone.mouse.click(cell["x"] + cell["width"] / 2, cell["y"] + cell["height"] / 2)  # 2: anywhere on the card
    phone.wait_for_url("**" + reverse("duties:task_detail", args=[task.pk]))
    phone.fill("textarea[name=note]", "已查验实验小学饮用水检测报告，合格。")
    phone.set_input_files("input[name=evidence_files]", str(evidence))
    phone.click("form[enctype] button.primary")  # 3: 办结
    assert phone.locator(".msg-success").inner_text() == "任务已办结。"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shots(phone, "closed")

    desk = new_page(DESKTOP)
    login(desk, duty_site, "office", PASSWORD)
    desk.goto(duty_site + reverse("duties:completion") + "?due_from=2026-08-01&due_to=2026-12-31")
    assert "定时任务最近一次成功运行" in desk.inner_text("[data-last-run]")
    row = desk.locator("table[data-table=duty] tr", has_text="开学前查验饮用水检测情况")
    assert row.locator("[data-col=late]").inner_text() == "1"
    shots(desk, "completion")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.evidence.count() == 1
