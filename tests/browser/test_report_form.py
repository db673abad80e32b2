"""The hazard report form on a phone, in a real Chromium: what is missing is said before anything is sent (the
photo chosen stays), the description counts its characters, a big photo is shrunk in the browser before the
upload, a file over the limit is refused at once; then the report goes in with the shrunk photo."""
import os

import pytest
from PIL import Image

from demo.organisation import DEMO_PASSWORD, DEMO_SCHOOL
from risks.models import Hazard, HazardAttachment
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_report_form_checks_counts_and_shrinks_on_the_phone(chromium, demo_site, snap, tmp_path):
    from playwright.sync_api import expect

    big_photo = tmp_path / "scene.png"
    Image.frombytes("RGB", (1600, 1600), os.urandom(1600 * 1600 * 3)).save(big_photo)  # noise: ~7.7 MB
    huge_pdf = tmp_path / "plan.pdf"
    huge_pdf.write_bytes(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    try:
        page = context.new_page()
        login(page, demo_site, "school", DEMO_PASSWORD)
        page.goto(demo_site + "/risks/hazards/report/")
        assert page.input_value('select[name="category"]') == ""  # no silent 消防
        page.set_input_files('input[name="photos"]', str(big_photo))
        page.wait_for_function("!document.querySelector('form[data-check]').dataset.busy")
        page.click("form[data-check] button[type=submit]")
        expect(page.locator("[data-client-error]")).to_have_count(3)  # category, location, description
        expect(page.locator("[data-client-error]").first).to_have_text("请选择。")
        assert page.evaluate("document.querySelector('input[name=photos]').files.length") == 1  # kept
        sent = page.evaluate("document.querySelector('input[name=photos]').files[0]")
        shrunk = page.evaluate("[document.querySelector('input[name=photos]').files[0].type,"
                               " document.querySelector('input[name=photos]').files[0].size]")
        assert shrunk[0] == "image/jpeg" and shrunk[1] < big_photo.stat().st_size / 3, (sent, shrunk)
        assert not Hazard.objects.exists()
        page.fill('textarea[name="description"]', "楼梯扶手松动")
        expect(page.locator("[data-counter]")).to_have_text("6 / 2000 字")
        page.set_input_files('input[name="photos"]', str(huge_pdf))
        expect(page.locator("[data-client-error]", has_text="plan.pdf")).to_contain_text("超过 10 MB")
        expect(page.locator("[data-client-error]")).to_have_count(3)  # category and location still empty
        assert page.evaluate("document.querySelector('input[name=photos]').files.length") == 0
        snap(page, "report-refused-phone")
        page.set_input_files('input[name="photos"]', str(big_photo))
        page.wait_for_function("!document.querySelector('form[data-check]').dataset.busy "
                               "&& document.querySelector('input[name=photos]').files.length === 1 "
                               "&& document.querySelector('input[name=photos]').files[0].type === 'image/jpeg'")
        page.select_option('select[name="category"]', "facilities")
        page.fill('input[name="location"]', "教学楼东侧楼梯")
        page.click("form[data-check] button[type=submit]")
        expect(page.locator(".msg-success")).to_contain_text("隐患已上报")
        hazard = Hazard.objects.get()
        assert hazard.school.name == DEMO_SCHOOL and hazard.category == "facilities"
        photo = HazardAttachment.objects.get(hazard=hazard)
        assert photo.content_type == "image/jpeg" and photo.file.size < big_photo.stat().st_size / 3
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
