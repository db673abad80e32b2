"""The dashboards in a real Chromium, at 1280×800 and 390×844: the office opens 综合看板 from its workbench and
sees every school of the sub-district in the colour grid, the charts drawn in the page (no request leaves the
host), and a figure that opens a list of exactly that many rows; the district leader compares the sub-districts
and drills into one. Screenshots go to tests/artifacts/<test name>/ and /tmp/shots/."""
import re

import pytest

from demo.organisation import DEMO_PASSWORD
from demo.risks import seed_risks
from organizations.models import School
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _page(chromium, base, username, size, escaped):
    context = chromium.new_context(locale="zh-CN", viewport=SIZES[size], is_mobile=size == "phone")
    context.set_default_timeout(10_000)
    host = base.split("//", 1)[1]
    context.route("**/*", lambda route: route.continue_() if host in route.request.url.split("/")[2]
                  else (escaped.append(route.request.url), route.abort()))
    page = context.new_page()
    login(page, base, username, DEMO_PASSWORD)
    return context, page


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_office_and_the_district_read_their_dashboards(chromium, demo_site, snap, size):
    from playwright.sync_api import expect

    seed_risks()
    schools = School.objects.filter(sub_district__name="崇义街道", is_active=True).count()
    escaped, contexts = [], []
    try:
        context, office = _page(chromium, demo_site, "office", size, escaped)
        contexts.append(context)
        office.click('a[data-action="dashboard"]')
        expect(office.locator("h1")).to_contain_text("综合看板")
        expect(office.locator("[data-school-grid] .school-cell")).to_have_count(schools)
        expect(office.locator("[data-panel=flow] svg.chart rect")).not_to_have_count(0)
        assert office.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
        snap(office, f"office-{size}")
        figure = office.locator('[data-figure="open"]')
        shown = int(figure.locator("strong").inner_text())
        figure.click()
        listed = office.locator("h1 small, h1 .muted").first.inner_text()
        assert int(re.search(r"\d+", listed).group()) == shown

        office.goto(f"{demo_site}/dashboard/assessment/")
        expect(office.locator("[data-formula]")).to_contain_text("得分 =")
        expect(office.locator('[data-ranking="department"] tbody tr')).not_to_have_count(0)
        assert office.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
        snap(office, f"assessment-{size}")

        for username, panel in (("police", "department"), ("school", "school")):
            context, unit = _page(chromium, demo_site, username, size, escaped)
            contexts.append(context)
            expect(unit.locator(f'[data-card="{panel}"]')).to_be_visible()
            assert unit.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
            snap(unit, f"workbench-{username}-{size}")

        context, district = _page(chromium, demo_site, "district", size, escaped)
        contexts.append(context)
        district.goto(f"{demo_site}/dashboard/district/")
        expect(district.locator("[data-district-table] tbody tr")).to_have_count(2)
        expect(district.locator("[data-district-table]")).to_contain_text("崇义街道")
        assert district.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
        snap(district, f"district-{size}")
        district.locator("[data-district-table] a[data-drill]").first.click()
        expect(district.locator("h1")).to_contain_text("综合看板")
        snap(district, f"drill-{size}")
    finally:
        for context in contexts:
            context.close()
    assert not escaped, f"requests left the host: {escaped}"
