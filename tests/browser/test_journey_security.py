"""Issue 9's "Done when" in a real Chromium: the demo school's safety zone drawn offline with the café at
150 m flagged and the one at 250 m not; the police record a patrol from a phone and their zone duty is
done; a drill's problem lands in the ledger; the school short of guards shows it. Screenshots go to
tests/artifacts/<test name>/ for people to look at."""
import importlib
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from PIL import Image

from demo import security as security_demo
from demo.organisation import DEMO_PASSWORD, DEMO_SCHOOL, seed_organisation
from duties.models import DutyDefinition, DutyTask, TaskStatus
from organizations.models import Department, DepartmentKind, School
from risks.models import GradingScheme, Hazard
from security.models import DrillProblem, PatrolLog, PremisesType
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

# Data migrations whose rows a transactional flush of an earlier browser test removed.
SEEDS = [("security.migrations.0002_seed_premises_types", PremisesType),
         ("duties.migrations.0002_seed_duty_definitions", DutyDefinition),
         ("risks.migrations.0002_seed_grading_schemes", GradingScheme)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo_site(live_server, transactional_db):
    for module, model in SEEDS:
        if not model.objects.exists():
            importlib.import_module(module).seed(django_apps, None)
    seed_organisation()
    security_demo.seed_security()
    return live_server.url


class Site:
    """Browser sessions whose every request to another host is aborted and remembered: the network is cut."""

    def __init__(self, chromium, base):
        self.chromium, self.base, self.host, self.contexts, self.escaped = chromium, base, urlsplit(base).netloc, [], []

    def _guard(self, route):
        if urlsplit(route.request.url).netloc == self.host:
            route.continue_()
        else:
            self.escaped.append(route.request.url)
            route.abort()

    def session(self, username, device):
        context = self.chromium.new_context(locale="zh-CN", **device)
        context.set_default_timeout(10_000)
        context.route("**/*", self._guard)
        self.contexts.append(context)
        page = context.new_page()
        login(page, self.base, username, DEMO_PASSWORD)
        assert page.url == f"{self.base}/", f"{username} did not get in"
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def site(chromium, demo_site):
    opened = Site(chromium, demo_site)
    yield opened
    opened.close()
    assert not opened.escaped, f"requests left the host: {opened.escaped}"


def _fits_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{page.url} scrolls sideways"


def test_the_zone_page_flags_the_cafe_at_150_m_on_an_offline_schematic(site, shots):
    from playwright.sync_api import expect

    school = School.objects.get(name=DEMO_SCHOOL)
    office = site.session("office", DESKTOP)
    office.goto(f"{site.base}/security/")
    expect(office.locator(f'tr[data-school="{school.pk}"] [data-violations="2"]')).to_be_visible()
    shots(office, "school-list-desktop")
    office.click(f'tr[data-school="{school.pk}"] a')
    zone = office.locator("[data-zone-table]")
    expect(zone.locator('tr:has-text("极速网吧")')).to_have_attribute("data-row-kind", "violation")
    expect(zone.locator('tr:has-text("极速网吧")')).to_contain_text("150 米")
    expect(zone.locator('tr:has-text("星空网咖")')).to_have_attribute("data-row-kind", "other")
    expect(zone.locator('tr:has-text("星空网咖")')).to_contain_text("250 米")
    svg = office.locator("[data-schematic] svg")
    expect(svg).to_be_visible()
    assert svg.bounding_box()["width"] > 300
    expect(svg.locator('g[data-kind="violation"]', has_text="极速网吧")).to_have_count(1)
    expect(svg.locator('g[data-kind="other"]', has_text="星空网咖")).to_have_count(1)
    expect(svg).to_contain_text("学生安全区域示意图")
    shots(office, "zone-desktop")

    phone = site.session("school", PHONE)
    phone.goto(f"{site.base}/security/schools/{school.pk}/")
    expect(phone.locator('[data-zone-table] tr[data-row-kind="violation"]', has_text="极速网吧")).to_be_visible()
    _fits_phone(phone)
    shots(phone, "zone-phone")
    phone.click('[data-zone-table] a:has-text("极速网吧")')
    expect(phone.locator('[data-near-schools] tr[data-row-kind="violation"]', has_text=DEMO_SCHOOL)).to_be_visible()
    _fits_phone(phone)
    shots(phone, "premises-detail-phone")


def test_the_police_record_a_patrol_from_a_phone_and_the_zone_duty_is_done(site, shots):
    from playwright.sync_api import expect

    school, today = School.objects.get(name=DEMO_SCHOOL), timezone.localdate()
    police_station = Department.objects.get(sub_district=school.sub_district, kind=DepartmentKind.POLICE)
    task = DutyTask.objects.create(
        definition=DutyDefinition.objects.get(code="police-patrol"), period_key=f"journey-{today}",
        period_label=str(today), opens_on=today, due_on=today, sub_district=school.sub_district, school=school,
        owner_department=police_station)
    police = site.session("police", PHONE)
    police.click("[data-menu-toggle]")
    shots(police, "police-menu-phone")
    police.click('#main-nav a[data-nav="security:patrol_new"]')
    police.select_option('select[name="school"]', label=DEMO_SCHOOL)
    police.fill('input[name="started_at"]', "07:20")
    police.fill('input[name="ended_at"]', "07:10")  # a slip: the page says so and keeps what was typed
    police.fill('input[name="route"]', "正门—东侧路口—中山路")
    police.click("[data-findings] summary")
    police.select_option('select[name="finding_1_category"]', "traffic")
    police.fill('input[name="finding_1_location"]', "中山路人行横道")
    police.fill('textarea[name="finding_1_description"]', "人行横道标线磨损，需重新施划")
    shots(police, "patrol-form-phone")
    police.click('button[data-do="save"]')
    expect(police.locator(".field.has-error", has_text="结束时间应晚于开始时间")).to_be_visible()
    assert police.input_value('input[name="route"]') == "正门—东侧路口—中山路"
    expect(police.locator('textarea[name="finding_1_description"]')).to_be_visible()  # still open
    _fits_phone(police)
    shots(police, "patrol-form-error-phone")
    police.fill('input[name="ended_at"]', "08:05")
    police.click('button[data-do="save"]')
    expect(police.locator(".msg-success")).to_contain_text("巡逻记录已保存")
    log = PatrolLog.objects.get(recorded_at__date=today, route="正门—东侧路口—中山路")
    expect(police.locator(f'tr[data-patrol="{log.pk}"] [data-hazard-link]')).to_be_visible()
    _fits_phone(police)
    shots(police, "patrol-list-phone")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by.username == "police"
    assert log.findings.get().hazard.source == "patrol"


def test_a_drill_problem_goes_to_the_ledger_and_the_short_school_shows_its_shortfall(site, shots, tmp_path):
    from playwright.sync_api import expect

    photo = tmp_path / "drill.jpg"
    Image.new("RGB", (800, 600), (200, 120, 60)).save(photo, "JPEG")
    officer = site.session("school", PHONE)
    officer.click("[data-menu-toggle]")
    officer.click('#main-nav a[data-nav="security:drill_list"]')
    shots(officer, "drill-list-phone")
    officer.click("[data-new-drill]")
    officer.select_option('select[name="kind"]', "earthquake")
    officer.fill('input[name="participants"]', "2050")
    officer.fill('input[name="duration_min"]', "18")
    officer.fill('input[name="evacuation_seconds"]', "205")
    officer.click("[data-findings] summary")
    officer.select_option('select[name="problem_1_category"]', "facilities")
    officer.fill('input[name="problem_1_location"]', "教学楼三楼东侧楼梯")
    officer.fill('textarea[name="problem_1_description"]', "楼梯扶手松动，疏散时学生推挤")
    officer.set_input_files('input[name="evidence"]', str(photo))
    _fits_phone(officer)
    shots(officer, "drill-form-phone")
    officer.click('button[data-do="save"]')
    problem = DrillProblem.objects.get(description="楼梯扶手松动，疏散时学生推挤")
    link = officer.locator(f'[data-drill-problems] a[href="/risks/hazards/{problem.hazard_id}/"]')
    expect(link).to_be_visible()
    expect(officer.locator("[data-evidence] img")).to_have_count(1)
    officer.locator("[data-evidence] img").scroll_into_view_if_needed()  # lazy: loads when in view
    officer.wait_for_function("document.querySelector('[data-evidence] img').naturalWidth > 0")
    _fits_phone(officer)
    shots(officer, "drill-detail-phone")
    officer.goto(f"{site.base}/risks/hazards/")
    expect(officer.locator(f'tr[data-hazard="{problem.hazard_id}"]')).to_contain_text("教学楼三楼东侧楼梯")
    assert Hazard.objects.get(pk=problem.hazard_id).source == "drill"

    short = School.objects.get(name=security_demo.SHORT_SCHOOL)
    office = site.session("office", DESKTOP)
    office.goto(f"{site.base}/security/schools/{short.pk}/")
    expect(office.locator("[data-shortfall]")).to_contain_text("专职保安缺 2 名（应不少于 3 名）")
    shots(office, "shortfall-desktop")
    office.click('button[data-do="report-shortfall"]')
    expect(office.locator("h1")).to_contain_text(short.name)
    assert Hazard.objects.filter(school=short, description__contains="专职保安缺 2 名").count() == 1


def test_the_security_pages_fit_a_phone(site, shots):
    officer = site.session("office", PHONE)
    for name, path in [("premises", "/security/premises/"), ("patrols", "/security/patrols/"),
                       ("drills", "/security/drills/"), ("trainings", "/security/trainings/"),
                       ("schools", "/security/")]:
        response = officer.goto(site.base + path)
        assert response.status == 200, path
        _fits_phone(officer)
        shots(officer, f"{name}-phone")
