"""Pages on a phone and on paper: a long unbroken string wraps instead of widening the page, and the printed
ledger has its title and none of the buttons or filters."""
import pytest

from demo.organisation import DEMO_PASSWORD, DEMO_SCHOOL
from organizations.models import School, User
from risks import services
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

LONG_URL = "https://example.gov.cn/" + "a1b2c3d4e5" * 20


def test_a_long_url_wraps_on_a_phone_and_the_printed_ledger_is_clean(chromium, demo_site, snap):
    school = School.objects.get(name=DEMO_SCHOOL)
    hazard = services.hazard_report(actor=User.objects.get(username="school"), school=school, category="fire",
                                    location=LONG_URL[:100], description=f"见 {LONG_URL} 的照片说明")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    try:
        page = context.new_page()
        login(page, demo_site, "office", DEMO_PASSWORD)
        for url in (f"/risks/hazards/{hazard.pk}/", "/risks/hazards/"):
            page.goto(demo_site + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        snap(page, "ledger-phone")
        page.emulate_media(media="print")
        assert page.locator("[data-print-header]").is_visible()
        assert "隐患整改台账" in page.locator("[data-print-header]").inner_text()
        for hidden in (".actions-bar", "[data-filters]", ".topbar"):
            assert not page.locator(hidden).first.is_visible(), hidden
    finally:
        context.close()
