"""A parent with no account reports bullying from a phone, in a real Chromium: from the login page's public
link to the form, a wrong answer to the challenge first (the page says so and keeps what was typed, and asks
for the photo again), then the right one with a photo; the receipt is read off the page and looked up, and
the lookup says 已收到. Every page fits the phone's width. Screenshots go to tests/artifacts/<test name>/ and
/tmp/shots/ for people to look at."""
import re

import pytest
from django.utils import translation
from PIL import Image

from demo.organisation import DEMO_SCHOOL
from organizations.models import School
from public_reports import receipts
from public_reports.models import PublicReport, PublicReportPhoto, ReportKind, ReportStatus
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

BULLYING = "欺凌、暴力"  # ReportKind.BULLYING's label, as the parent reads it
DESCRIPTION = "孩子说最近一周放学后，在学校后门的小巷里被三名高年级学生拦住要钱，不给就推搡，昨天脸上有抓痕。"


def _fits_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width}px)"


def _sum_asked(page):
    question = page.locator("[data-question]").inner_text()
    found = re.fullmatch(r"\s*(\d+)\s*\+\s*(\d+)\s*=\s*\?\s*", question)
    assert found, f"unexpected question {question!r}"
    return int(found.group(1)) + int(found.group(2))


def _send(page, *, expected):
    """Submit the page's form, as a person taps the button; the answer to the POST must be `expected`."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.click("button.public-submit")
    page.wait_for_load_state()
    status = posted.value.status
    assert status == expected, f"the form's POST answered {status}, not {expected}: " + (
        page.locator("body").inner_text()[:200] if status != 302 else "")


def test_a_parent_reports_bullying_from_a_phone_and_looks_up_the_receipt(demo_site, new_page, snap, tmp_path):
    from playwright.sync_api import expect

    school = School.objects.get(name=DEMO_SCHOOL)
    with translation.override("zh-hans"):
        assert str(ReportKind.BULLYING.label) == BULLYING
    picture = tmp_path / "scratch.png"
    Image.new("RGB", (40, 30), (200, 80, 60)).save(picture, "PNG")

    page = new_page(PHONE)
    page.goto(f"{demo_site}/accounts/login/")
    page.click("[data-public-report]")
    page.wait_for_url(f"{demo_site}/report/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.locator("h1")).to_have_text("校园安全举报")
    assert page.locator("#id_anonymous").is_checked()  # anonymous unless the parent says otherwise
    expect(page.locator("#id_website")).not_to_be_in_viewport()  # the robots' trap stays out of sight

    page.select_option("#id_school", label=DEMO_SCHOOL)
    page.select_option("#id_kind", label=BULLYING)
    page.fill("#id_description", DESCRIPTION)
    page.set_input_files("#id_photos", str(picture))
    page.fill("#id_answer", str(_sum_asked(page) + 1))
    _fits_phone(page)
    snap(page, "public_form")

    # A wrong answer first: told next to the question, what was typed kept, the photo asked for again.
    _send(page, expected=400)
    expect(page.locator(".public-challenge .error")).to_have_text("验证题答案不对，请重新计算。")
    expect(page.locator("[role=alert].public-alert")).to_contain_text("请按下面的提示修改后再提交。")
    expect(page.locator("#id_description")).to_have_value(DESCRIPTION)
    assert page.input_value("#id_school") == str(school.pk)
    assert page.input_value("#id_kind") == ReportKind.BULLYING
    assert page.locator("#id_anonymous").is_checked()
    assert page.input_value("#id_answer") == ""
    expect(page.locator("#id_photos ~ .error")).to_have_text("表单有误，已选的 1 个文件未保存，请改正后重新选择。")
    _fits_phone(page)
    snap(page, "public_form_wrong_answer")
    assert PublicReport.objects.count() == 0

    page.set_input_files("#id_photos", str(picture))
    page.fill("#id_answer", str(_sum_asked(page)))
    _send(page, expected=302)
    page.wait_for_url(f"{demo_site}/report/received/")
    expect(page.locator("h1")).to_have_text("举报已收到")
    receipt = page.locator("[data-receipt]").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", receipt), receipt
    report = PublicReport.objects.get()
    assert receipts.display(report.receipt) == receipt
    assert (report.school, report.kind, report.description, report.anonymous) == (
        school, ReportKind.BULLYING, DESCRIPTION, True)
    assert PublicReportPhoto.objects.filter(report=report, content_type="image/png").count() == 1
    _fits_phone(page)
    snap(page, "public_receipt")

    # Later: the status page, the receipt typed by hand.
    page.goto(f"{demo_site}/report/status/")
    expect(page.locator("h1")).to_have_text("查询办理情况")
    page.fill("#id_code", receipt.lower().replace("-", ""))
    _send(page, expected=200)
    expect(page.locator("[data-status]")).to_have_text("已收到")
    assert "/report/status/" == page.url.removeprefix(demo_site)  # the code is not in the address
    body = page.locator("main").inner_text()
    assert DEMO_SCHOOL not in body and "小巷" not in body and "欺凌" not in body
    _fits_phone(page)
    snap(page, "public_status")
    assert PublicReport.objects.get().status == ReportStatus.RECEIVED
