"""The hazard closed loop in a real Chromium: issue 3's "Done when", one screenshot per step.

Screenshots go to tests/artifacts/hazard-journey/ (git-ignored) for people to look at.
"""
import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from PIL import Image

from organizations.models import Membership, Role, User
from risks.models import Hazard, HazardStatus
from tests.world import PASSWORD

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "hazard-journey"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _jpeg(path, colour):
    Image.new("RGB", (800, 600), colour).save(path, "JPEG")
    return str(path)


class Journey:
    def __init__(self, browser, base_url):
        self.browser, self.base_url, self.step, self.contexts = browser, base_url, 0, []

    def session(self, username, device):
        context = self.browser.new_context(locale="zh-CN", accept_downloads=True, **device)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(f"{self.base_url}/accounts/login/")
        page.fill('input[name="username"]', username)
        page.fill('input[name="password"]', PASSWORD)
        page.click('button[type="submit"]')
        page.wait_for_url(f"{self.base_url}/")
        return page

    def close(self):
        for context in self.contexts:
            context.close()

    def shot(self, page, name):
        self.step += 1
        page.screenshot(path=str(ARTIFACTS / f"{self.step:02d}-{name}.png"), full_page=True)


@pytest.mark.browser
def test_hazard_journey_from_phone_report_to_closed_ledger(live_server, world, tmp_path, chromium):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    neighbour = User.objects.create_user(username="neighbour_officer", password=PASSWORD, full_name="邻校安全员")
    Membership.objects.create(user=neighbour, role=Role.SCHOOL_OFFICER, school=world.other_school)
    before, after = _jpeg(tmp_path / "before.jpg", (180, 80, 60)), _jpeg(tmp_path / "after.jpg", (60, 160, 90))
    base = live_server.url

    journey = Journey(chromium, base)

    # 1. The school officer, on a phone, reports through the menu with a photo.
    school = journey.session("school_officer", PHONE)
    journey.shot(school, "school-home-phone")
    school.click("[data-menu-toggle]")
    school.click('nav a[data-nav="risks:hazard_report"]')
    file_input = school.locator('input[type="file"][name="photos"]')
    assert file_input.get_attribute("accept").startswith("image/*")
    assert file_input.get_attribute("capture") is not None and file_input.get_attribute("multiple") is not None
    school.select_option('select[name="category"]', "fire")
    school.fill('input[name="location"]', "教学楼三楼东侧消防栓")
    school.fill('textarea[name="description"]', "消防栓箱门损坏，水带缺失")
    file_input.set_input_files(before)
    journey.shot(school, "school-report-form-phone")
    school.click("form[data-report-form] button[type=submit]")
    expect(school.locator('[data-status="reported"]').first).to_be_visible()
    hazard = Hazard.objects.get()
    assert school.evaluate("document.documentElement.scrollWidth") <= 390, "the detail page scrolls sideways"
    journey.shot(school, "school-reported-phone")
    detail = f"{base}/risks/hazards/{hazard.pk}/"

    # 2. The office grades it and assigns it to the police station with the five implementations.
    office = journey.session("office", DESKTOP)
    office.goto(f"{base}/risks/hazards/")
    expect(office.locator(f'tr[data-hazard="{hazard.pk}"]')).to_be_visible()
    journey.shot(office, "office-ledger")
    office.click(f'tr[data-hazard="{hazard.pk}"] a')
    office.check('input[name="grade-grade"][value="major"]')
    journey.shot(office, "office-grade")
    office.click('button[data-do="grade"]')
    expect(office.locator('[data-status="graded"]').first).to_be_visible()
    department = office.locator('select[name="assign-department"]')
    office.check('input[name="assign-assignee_kind"][value="school"]')
    expect(department).to_be_hidden()  # the school rectifies itself: no department to pick
    office.check('input[name="assign-assignee_kind"][value="department"]')
    expect(department).to_be_visible()
    office.select_option('select[name="assign-department"]', str(world.police.pk))
    office.fill('input[name="assign-responsible_person"]', "张伟")
    office.fill('textarea[name="assign-measures"]', "更换消防栓箱门，补齐水带")
    office.fill('input[name="assign-deadline"]', (timezone.localdate() + timedelta(days=7)).isoformat())
    office.fill('input[name="assign-funds_amount"]', "1500")
    office.fill('input[name="assign-funds_source"]', "学校公用经费")
    office.fill('textarea[name="assign-contingency_plan"]', "整改期间设置警示标志")
    journey.shot(office, "office-assign-five-implementations")
    office.click('button[data-do="assign"]')
    expect(office.locator('[data-status="assigned"]').first).to_be_visible()
    journey.shot(office, "office-assigned")

    # 3. The police station finds it in its inbox and submits the rectification with an after photo.
    police = journey.session("police", PHONE)
    police.goto(f"{base}/risks/hazards/inbox/")
    expect(police.locator(f'tr[data-hazard="{hazard.pk}"]')).to_be_visible()
    journey.shot(police, "police-inbox-phone")
    police.click(f'tr[data-hazard="{hazard.pk}"] a')
    police.click('button[data-do="start"]')
    police.fill('textarea[name="submit-note"]', "已更换消防栓箱门并补齐水带")
    police.set_input_files('input[name="submit-photos"]', after)
    journey.shot(police, "police-submit-phone")
    police.click('button[data-do="submit"]')
    expect(police.locator('[data-status="submitted"]').first).to_be_visible()

    # 4. The office rejects once; the police resubmit; the office accepts.
    office.goto(detail)
    office.fill('textarea[name="reject-reason"]', "水带规格不符，请更换为 DN65")
    office.click('button[data-do="reject"]')
    expect(office.locator('[data-status="rectifying"]').first).to_be_visible()
    journey.shot(office, "office-rejected")
    police.goto(detail)
    police.fill('textarea[name="submit-note"]', "已更换为 DN65 水带")
    police.set_input_files('input[name="submit-photos"]', after)
    police.click('button[data-do="submit"]')
    expect(police.locator('[data-status="submitted"]').first).to_be_visible()
    office.goto(detail)
    office.fill('textarea[name="accept-comment"]', "现场核查合格")
    office.click('button[data-do="accept"]')
    expect(office.locator('[data-status="closed"]').first).to_be_visible()
    assert office.locator("[data-timeline] li").count() == 8
    journey.shot(office, "office-accepted-timeline")

    # 5. The exported ledger shows it closed, with its timeline.
    office.goto(f"{base}/risks/hazards/?status=closed")
    with office.expect_download() as download_info:
        office.click("[data-export]")
    content = Path(download_info.value.path()).read_bytes()
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    record = dict(zip(rows[2], rows[3]))  # below the title and the 填报单位 rows
    assert len(rows) == 4 and record["状态"] == "已销号" and record["验收人"] == "office"
    assert "验收不通过，退回整改" in record["处理记录"] and "验收通过，销号" in record["处理记录"]
    journey.shot(office, "office-ledger-closed")

    # The school officer sees it closed on her phone.
    school.goto(detail)
    expect(school.locator('[data-status="closed"]').first).to_be_visible()
    assert school.evaluate("document.documentElement.scrollWidth") <= 390
    journey.shot(school, "school-closed-phone")

    # 6. Another school's officer sees none of it.
    neighbour_page = journey.session("neighbour_officer", PHONE)
    neighbour_page.goto(f"{base}/risks/hazards/")
    expect(neighbour_page.locator(f'tr[data-hazard="{hazard.pk}"]')).to_have_count(0)
    assert "消防栓" not in neighbour_page.content()
    journey.shot(neighbour_page, "neighbour-ledger-empty")
    response = neighbour_page.goto(detail)
    assert response.status == 404
    attachment = hazard.attachments.first()
    assert neighbour_page.goto(f"{base}/risks/attachments/{attachment.pk}/").status == 404
    journey.shot(neighbour_page, "neighbour-detail-404")
    journey.close()

    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED and hazard.rejection_count == 1
    assert len(list(ARTIFACTS.glob("*.png"))) == journey.step
