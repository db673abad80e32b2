"""An incident from the spot to closing, in a real Chromium: the school officer reports an injury with a photo
from a phone; the office finds it in its inbox within the minute and handles it on a desktop (plan, action,
investigation, 学校无责任, the liability-insurance claim, a mediation, the clarification, the written report);
closing is refused while the claim is open, naming it, and succeeds once the claim is paid and the mediation
agreed. A school with three incidents in twelve months is then flagged for an interview by the sweep.
Screenshots go to tests/artifacts/<test name>/ and /tmp/shots/ for people to look at."""
import shutil
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from PIL import Image

from demo.organisation import DEMO_PASSWORD, DEMO_SCHOOL, seed_organisation
from incidents import services, supervision
from incidents.models import Incident, IncidentStatus, Supervision, SupervisionStatus
from notifications.models import InboxItem
from organizations.models import School, User
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SHOTS = Path("/tmp/shots")
POLICY = "XF-2026-018"


@pytest.fixture
def demo_site(live_server, transactional_db):
    seed_organisation()
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


@pytest.fixture
def snap(shots):
    """The suite's screenshots (tests/artifacts/...), copied to /tmp/shots/ as well."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, label):
        path = shots(page, label)
        shutil.copy(path, SHOTS / f"incident-{path.name}")
        return path

    return take


def _fits_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{page.url} scrolls sideways"


def _ok(page, text):
    from playwright.sync_api import expect

    expect(page.locator(".msg-success")).to_contain_text(text)


def test_an_injury_from_the_phone_report_to_closing_and_the_school_flagged(site, snap, tmp_path):
    from playwright.sync_api import expect

    school = School.objects.get(name=DEMO_SCHOOL)
    picture = tmp_path / "scene.jpg"
    Image.new("RGB", (800, 600), (60, 120, 200)).save(picture, "JPEG")

    # The school's safety officer reports from the playground, on a phone.
    officer = site.session("school", PHONE)
    officer.click("[data-menu-toggle]")
    officer.click('#main-nav a[data-nav="incidents:incident_report"]')
    expect(officer.locator("h1")).to_contain_text("报告事故")
    assert officer.input_value('select[name="school"]') == str(school.pk)  # the only school: preselected
    assert officer.input_value('input[name="occurred_at"]')  # now, ready to correct
    officer.select_option('select[name="kind"]', "injury")
    officer.check('input[name="severity"][value="serious"]')
    officer.fill('input[name="place"]', "操场东侧篮球场")
    officer.fill('input[name="injured"]', "1")
    officer.fill('textarea[name="first_account"]', "课间打篮球时一名学生摔倒，右臂疑似骨折，校医已固定，120 已送医。")
    officer.set_input_files('input[name="photos"]', str(picture))
    expect(officer.locator(".photos[data-preview] img")).to_have_count(1)
    _fits_phone(officer)
    snap(officer, "report-phone")
    officer.click('button[data-do="report"]')
    _ok(officer, "事故已报告")
    incident = Incident.objects.get(school=school)
    expect(officer.locator("h1")).to_contain_text(incident.number)
    expect(officer.locator("[data-photos] img")).to_have_count(1)
    officer.wait_for_function("document.querySelector('[data-photos] img').naturalWidth > 0")
    _fits_phone(officer)
    snap(officer, "detail-after-report-phone")

    # The office finds it in its inbox within the minute, on a desktop.
    office = site.session("office", DESKTOP)
    office.goto(f"{site.base}/inbox/")
    message = InboxItem.objects.get(recipient=User.objects.get(username="office"), link__endswith=f"/{incident.pk}/")
    assert message.created_at - incident.reported_at < timedelta(minutes=1)
    row = office.locator(f'tr[data-item="{message.pk}"]')
    expect(row).to_contain_text(incident.number)
    expect(row).to_contain_text("报告事故")
    snap(office, "inbox-desktop")
    row.locator("a").click()
    expect(office.locator("h1")).to_contain_text(incident.number)
    snap(office, "detail-reported-desktop")

    def do(name, fields=(), *, checks=(), selects=(), scope=None, success=None):
        card = office.locator(scope or f"#action-{name}")
        if card.evaluate("node => node.tagName") == "DETAILS" and not card.evaluate("node => node.open"):
            card.locator("summary").first.click()
        for selector, value in selects:
            card.locator(selector).select_option(value)
        for selector, value in fields:
            card.locator(selector).fill(value)
        for selector in checks:
            card.locator(selector).check()
        card.locator(f'button[data-do="{name}"]').click()
        if success:
            _ok(office, success)

    do("respond", [('input[name="plan"]', "学生意外伤害事故应急预案")], success="已启动应急预案")
    do("act", [('textarea[name="note"]', "校医现场固定伤肢，120 送区中心医院")],
       selects=[('select[name="action"]', "rescue")], success="处置措施已记录")
    do("investigate", [('textarea[name="note"]', "安监办、派出所到场调查")], success="已开始调查")
    do("conclude", [('textarea[name="cause"]', "学生运动中自行摔倒，场地、器材无缺陷，教师在场组织。")],
       checks=['input[name="responsibility"][value="not_school"]'], success="调查结论已记录")
    do("claim", [('input[name="insurer"]', "中国人寿涪陵支公司"), ('input[name="policy_number"]', POLICY),
                 ('input[name="amount"]', "12000")], success="理赔报案已登记")
    do("mediate", [('input[name="mediator"]', "崇义街道人民调解委员会"),
                   ('input[name="requested_on"]', timezone.localdate().isoformat())],
       selects=[('select[name="kind"]', "people")], success="调解申请已登记")
    do("statement", [('input[name="spokesperson"]', "街道办王主任"),
                     ('textarea[name="text"]', "经调查，该事故系学生运动中意外摔倒，学校无责任。")],
       success="公开声明已登记")
    do("written_report", [('textarea[name="text"]', "事故经过、伤情、处置情况和调查结论的书面报告。")],
       success="书面报告已提交")
    snap(office, "detail-aftermath-desktop")

    # Closing is refused while the claim is open, naming it.
    do("close", [('textarea[name="note"]', "善后处理完毕")])
    refusal = office.locator("#action-close .errors")
    expect(refusal).to_contain_text(f"校方责任险理赔（保单 {POLICY}）尚未办结：已报案。")
    expect(refusal).to_contain_text("人民调解（崇义街道人民调解委员会）尚未结束。")
    expect(office.locator("[data-obstacles]")).to_contain_text(POLICY)
    snap(office, "close-refused-desktop")
    assert Incident.objects.get(pk=incident.pk).status == IncidentStatus.AFTERMATH

    do("claim_update", [('input[name="paid_amount"]', "11500")], selects=[('select[name="status"]', "paid")],
       scope="[data-claims] li details", success="理赔进展已更新")
    do("mediation_update", [('textarea[name="outcome"]', "双方达成和解协议"), ('input[name="compensation"]', "3000"),
                            ('input[name="compensation_paid_on"]', timezone.localdate().isoformat())],
       selects=[('select[name="status"]', "agreed")], scope="[data-mediations] li details",
       success="调解进展已更新")
    expect(office.locator("[data-obstacles]")).to_contain_text("可以结案")
    do("close", [('textarea[name="note"]', "善后处理完毕")], success="事故已结案")
    expect(office.locator('[data-badges] [data-status="closed"]')).to_be_visible()
    snap(office, "closed-desktop")
    assert Incident.objects.get(pk=incident.pk).status == IncidentStatus.CLOSED

    phone = site.session("office", PHONE)
    phone.goto(f"{site.base}/incidents/{incident.pk}/")
    _fits_phone(phone)
    snap(phone, "closed-detail-phone")
    phone.goto(f"{site.base}/incidents/")
    expect(phone.locator(f'tr[data-incident="{incident.pk}"]')).to_be_visible()
    _fits_phone(phone)
    snap(phone, "list-phone")

    # Two more incidents this year at the same school: the sweep flags it for an interview (约谈).
    officer_user = User.objects.get(username="school")
    for days, place in ((120, "食堂"), (30, "教学楼二楼楼梯")):
        services.incident_report(actor=officer_user, school=school, kind="injury", severity="general",
                                 occurred_at=timezone.now() - timedelta(days=days), place=place,
                                 first_account="学生摔倒擦伤，已处置。")
    supervision.supervision_sweep()
    record = Supervision.objects.get(school=school)
    assert record.status == SupervisionStatus.FLAGGED
    office.goto(f"{site.base}/incidents/supervision/")
    row = office.locator(f'tr[data-supervision="{record.pk}"]')
    expect(row).to_contain_text(DEMO_SCHOOL)
    expect(row).to_contain_text("约谈")
    expect(row.locator('[data-status="flagged"]')).to_contain_text("待约谈")
    expect(row.locator("[data-incident-link]")).to_have_count(3)
    expect(office.locator('[data-figure="flagged"] strong')).to_have_text("1")
    snap(office, "supervision-desktop")
    phone.goto(f"{site.base}/incidents/supervision/")
    _fits_phone(phone)
    snap(phone, "supervision-phone")
    phone.click(f'tr[data-supervision="{record.pk}"] a')
    _fits_phone(phone)
    snap(phone, "supervision-detail-phone")
