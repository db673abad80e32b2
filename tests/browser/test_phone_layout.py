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
        from notifications import services as notifications

        notifications.notify(key="layout", recipient=User.objects.get(username="office"), title="【今日到期】饮用水检测",
                             body=f"请查验 {LONG_URL}", link=f"/risks/hazards/{hazard.pk}/")
        for url in (f"/risks/hazards/{hazard.pk}/", "/risks/hazards/", "/inbox/"):
            page.goto(demo_site + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        # The inbox card's labels (标题, 内容, ...) keep their width: never one character per line.
        widths = page.evaluate("""Array.from(document.querySelectorAll('.table td')).map(
            td => parseFloat(getComputedStyle(td, '::before').width))""")
        em = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert widths and min(widths) >= 1.9 * em, widths
        page.goto(demo_site + "/risks/hazards/")
        snap(page, "ledger-phone")
        page.emulate_media(media="print")
        assert page.locator("[data-print-header]").is_visible()
        assert "隐患整改台账" in page.locator("[data-print-header]").inner_text()
        for hidden in (".actions-bar", "[data-filters]", ".topbar"):
            assert not page.locator(hidden).first.is_visible(), hidden
    finally:
        context.close()


@pytest.mark.parametrize("username", ["school", "police", "office"])
def test_the_workbench_figures_are_a_fingers_width_and_a_hazard_card_opens_on_any_tap(chromium, demo_site, snap,
                                                                                       username):
    from demo.risks import seed_risks

    seed_risks()
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    try:
        page = context.new_page()
        login(page, demo_site, username, DEMO_PASSWORD)
        figures = page.locator("a[data-stat], a[data-figure-link]")
        assert figures.count() > 3
        for index in range(figures.count()):
            box = figures.nth(index).bounding_box()
            if box:  # None: folded away
                assert box["width"] >= 44 and box["height"] >= 44, (figures.nth(index).get_attribute("href"), box)
        snap(page, f"workbench-{username}-phone")
        page.goto(demo_site + "/risks/hazards/")
        card = page.locator("tr[data-hazard]").first
        number = card.get_attribute("data-hazard")
        cell = card.locator("td").nth(2).bounding_box()  # the location, not the number: a finger on the card
        page.mouse.click(cell["x"] + cell["width"] / 2, cell["y"] + cell["height"] / 2)
        page.wait_for_url(f"**/risks/hazards/{number}/")
    finally:
        context.close()
