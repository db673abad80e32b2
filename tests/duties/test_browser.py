"""A real Chromium: the health center reads its reminder, closes the duty with a PDF, the office sees it."""
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from duties.models import DutyTask, TaskStatus
from tests.services import require_chromium
from tests.world import PASSWORD

from .calendar_world import add_calendar
from .helpers import run_on

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_health_closes_a_drinking_water_duty_from_its_inbox_and_the_office_sees_it(world, live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    add_calendar()
    run_on(date(2026, 9, 1))
    task = DutyTask.objects.get(definition__code="health-drinking-water", school=world.school)
    evidence = tmp_path / "水质检测报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        phone = browser.new_page(viewport={"width": 390, "height": 844})

        def login(page, username):
            page.goto(live_server.url + reverse("login"))
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")

        login(phone, "health")
        phone.click("[data-menu-toggle]")
        badge = phone.locator("[data-unread-count]")
        assert int(badge.inner_text()) > 0
        phone.click("a[data-nav='notifications:inbox']")
        phone.screenshot(path=str(ARTIFACTS / "duties-inbox-phone.png"), full_page=True)
        phone.locator("tr[data-item] a", has_text="饮用水").filter(has_text=world.school.name).first.click()
        assert phone.url.endswith(reverse("duties:task_detail", args=[task.pk]))
        phone.fill("textarea[name=note]", "已查验实验小学饮用水检测报告，合格。")
        phone.set_input_files("input[name=evidence_files]", str(evidence))
        phone.click("form[enctype] button.primary")
        assert phone.locator(".msg-success").inner_text() == "任务已办结。"
        phone.screenshot(path=str(ARTIFACTS / "duties-task-closed-phone.png"), full_page=True)

        desk = browser.new_page(viewport={"width": 1280, "height": 900})
        login(desk, "office")
        desk.goto(live_server.url + reverse("duties:completion") + "?due_from=2026-08-01&due_to=2026-12-31")
        assert "定时任务最近一次成功运行" in desk.inner_text("[data-last-run]")
        row = desk.locator("table[data-table=duty] tr", has_text="开学前查验饮用水检测情况")
        assert row.locator("[data-col=late]").inner_text() == "1"
        desk.screenshot(path=str(ARTIFACTS / "duties-completion-desktop.png"), full_page=True)
        browser.close()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.evidence.count() == 1
