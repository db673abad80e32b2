"""A public report triaged, in a real Chromium: a parent's report of bullying (with a contact) waits in the
office's queue on a desktop; the office reads the contact (recorded), is refused a conversion without a place
(the form kept), then makes it an incident; the police station's inbox told of it at once on a phone, without
the contact; the parent's receipt lookup, on a phone with no account, then reads 处理中 and nothing else.
Screenshots go to tests/artifacts/<test name>/ and /tmp/shots/."""

import pytest

from demo.organisation import DEMO_PASSWORD, DEMO_SCHOOL
from organizations.models import School
from public_reports import receipts, services
from public_reports.models import PublicReport, PublicReportEventKind, ReportStatus
from tests.browser.conftest import login
from tests.public_reports.builders import solved_challenge

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
CONTACT = "13811112222"


def _session(chromium, base, device, username=None):
    context = chromium.new_context(locale="zh-CN", **device)
    context.set_default_timeout(10_000)
    page = context.new_page()
    if username:
        login(page, base, username, DEMO_PASSWORD)
        assert page.url == f"{base}/", f"{username} did not get in"
    return context, page


def test_a_bullying_report_triaged_into_an_incident_and_looked_up_by_the_parent(chromium, demo_site, snap):
    from playwright.sync_api import expect

    school = School.objects.get(name=DEMO_SCHOOL)
    token, answer = solved_challenge()
    report = services.report_submit(
        school_id=school.pk, kind="bullying", description="我家孩子连续一周在放学路上被同校高年级学生拦住要钱。",
        anonymous=False, contact_name="刘女士", contact=CONTACT, challenge_token=token, challenge_answer=answer,
        address="198.51.100.7")
    contexts = []
    try:
        # The office, on a desktop: the queue's figure, then the report.
        context, office = _session(chromium, demo_site, DESKTOP, "office")
        contexts.append(context)
        office.hover("#main-nav .nav-group-label >> text=事故与督导")
        office.click('#main-nav a[data-nav="public_reports:triage_list"]')
        expect(office.locator("h1")).to_contain_text("公众举报")
        expect(office.locator('[data-figure="waiting"] strong')).to_have_text("1")
        office.click('[data-figure="waiting"]')
        expect(office.locator(f'tr[data-report="{report.pk}"]')).to_contain_text(school.name)
        snap(office, "queue-desktop")
        office.click(f'tr[data-report="{report.pk}"] a')
        expect(office.locator("h1")).to_contain_text(report.number)
        expect(office.locator("[data-flag=zero-tolerance]")).to_be_visible()
        assert CONTACT not in office.content()
        office.click('button[data-do="read_contact"]')
        expect(office.locator("[data-contact]")).to_contain_text(CONTACT)
        assert report.events.filter(kind=PublicReportEventKind.CONTACT_READ).count() == 1

        # A conversion without a place is refused, the rest kept; then it goes through.
        form = office.locator('form[data-step="to_incident"]')
        assert form.locator('select[name="kind"]').input_value() == "violence"  # suggested by the kind
        form.locator('input[name="place"]').fill("")
        form.locator('select[name="severity"]').select_option("general")
        form.locator('button[data-do="to_incident"]').click()
        expect(office.locator('form[data-step="to_incident"] .error').first).to_contain_text("请填写发生地点")
        assert office.locator('form[data-step="to_incident"] select[name="severity"]').input_value() == "general"
        assert PublicReport.objects.get(pk=report.pk).status == ReportStatus.RECEIVED
        snap(office, "refused-desktop")
        form = office.locator('form[data-step="to_incident"]')
        form.locator('input[name="place"]').fill("学校东门外的小路")
        form.locator('button[data-do="to_incident"]').click()
        expect(office.locator(".msg-success")).to_contain_text("已转为安全事故")
        report.refresh_from_db()
        assert report.status == ReportStatus.HANDLING and report.incident is not None
        expect(office.locator("[data-incident-link]")).to_have_text(report.incident.number)
        snap(office, "triaged-desktop")

        # The police station, on a phone: told at once of the zero-tolerance report, without the contact.
        context, police = _session(chromium, demo_site, PHONE, "police")
        contexts.append(context)
        police.goto(f"{demo_site}/inbox/")
        expect(police.locator("main")).to_contain_text("零容忍")
        assert CONTACT not in police.content()
        assert police.evaluate("document.documentElement.scrollWidth") <= 390
        snap(police, "police-inbox-phone")

        # The parent, on a phone with no account: the receipt code reads 处理中, and nothing of the report.
        context, parent = _session(chromium, demo_site, PHONE)
        contexts.append(context)
        parent.goto(f"{demo_site}/report/status/")
        parent.fill('input[name="code"]', receipts.display(report.receipt).lower())
        parent.click("button.public-submit")
        expect(parent.locator("[data-status]")).to_have_text("处理中")
        body = parent.locator("main").inner_text()
        assert school.name not in body and "拦住要钱" not in body and report.incident.number not in body
        assert parent.evaluate("document.documentElement.scrollWidth") <= 390
        snap(parent, "lookup-phone")
    finally:
        for context in contexts:
            context.close()
