"""Issue 8's "Done when" on a phone (390×844): the office opens a dragnet sweep over every demo school, the
education center inspects one school and fails two items with photos (one a direct-judgement item), both
are in the ledger (one major), the campaign shows 1 of N done; a school submits today's self-check in under a
minute and the office sees which schools have not."""
import importlib
import time
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from PIL import Image

from demo import organisation as demo
from duties import selectors as duty_selectors
from duties.models import Holiday, HolidayKind
from inspections.models import ChecklistTemplate, Inspection, InspectionStatus
from organizations.models import School, SchoolYear, Term, TermKind
from risks.models import Hazard, HazardGrade
from tests.browser.conftest import PHONE, login

pytestmark = pytest.mark.browser


@pytest.fixture
def sweep_site(live_server, transactional_db):
    if not ChecklistTemplate.objects.exists():  # a transactional flush removed the data migration's rows
        importlib.import_module("inspections.migrations.0002_seed_checklists").seed(django_apps, None)
    demo.seed_organisation()
    today = timezone.localdate()
    if not Term.objects.filter(starts_on__lte=today, ends_on__gte=today).exists():  # run in a summer holiday
        year = SchoolYear.objects.create(name="测试学年", starts_on=today - timedelta(days=1),
                                         ends_on=today + timedelta(days=1))
        Term.objects.create(school_year=year, kind=TermKind.AUTUMN, starts_on=today, ends_on=today)
    if not duty_selectors.school_calendar().is_school_day(today):  # run on a weekend or holiday
        Holiday.objects.update_or_create(date=today, defaults={"kind": HolidayKind.MAKEUP_SCHOOL_DAY,
                                                               "name": "测试调休"})
    return live_server.url


def _jpeg(path, colour):
    Image.new("RGB", (800, 600), colour).save(path, "JPEG")
    return str(path)


def _open_menu_entry(page, name):
    page.click("[data-menu-toggle]")
    page.click(f"#main-nav a[data-nav='{name}']")
    page.wait_for_load_state()


def _answer(page, order, result, note="", photo=None):
    item = page.locator(f"[data-item='{order}']")
    item.locator(f"input[value='{result}']").check()
    if note:
        item.locator("textarea").fill(note)
    if photo:
        item.locator("input[type=file]").set_input_files(photo)


def test_a_sweep_on_a_phone_from_opening_to_the_ledger_and_a_self_check(sweep_site, new_page, shots, tmp_path):
    schools = School.objects.filter(sub_district__name="崇义街道", is_active=True).count()

    # The office opens a dragnet sweep over every school, the education center taking part.
    office = new_page(PHONE)
    login(office, sweep_site, "office", demo.DEMO_PASSWORD)
    _open_menu_entry(office, "inspections:campaign_list")
    shots(office, "office-campaigns")
    office.click("[data-open-campaign]")
    office.select_option("#id_kind", "dragnet")
    office.fill("#id_title", "拉网式排查（浏览器测试）")
    office.fill("#id_ends_on", (timezone.localdate() + timedelta(days=30)).isoformat())
    office.locator("label", has_text="崇义街道教管中心").locator("input").check()
    shots(office, "office-open-form")
    office.click("[data-do='open']")
    office.wait_for_url("**/inspections/campaigns/*/")
    assert f"0 / {schools}" in office.locator("[data-progress-text]").inner_text()
    shots(office, "office-campaign-opened")
    campaign_url = office.url

    # The education center inspects the demo school on a phone: two failed items with photos.
    edu = new_page(PHONE)
    login(edu, sweep_site, "edu", demo.DEMO_PASSWORD)
    _open_menu_entry(edu, "inspections:inspection_list")
    assert edu.locator("[data-inspection-table] tbody tr[data-inspection]").count() == schools
    shots(edu, "edu-my-inspections")
    edu.locator("[data-inspection-table] a", has_text=demo.DEMO_SCHOOL).click()
    edu.wait_for_url("**/inspections/*/")
    items = edu.locator("[data-item]").count()
    for order in range(1, items + 1):
        _answer(edu, order, "pass")
    _answer(edu, 1, "fail", "东侧安全出口被体育器材堵塞", _jpeg(tmp_path / "exit.jpg", (200, 60, 60)))
    _answer(edu, 6, "fail", "二楼灭火器压力不足", _jpeg(tmp_path / "extinguisher.jpg", (60, 60, 200)))
    shots(edu, "edu-sheet-filled")
    edu.click("[data-do='submit']")
    edu.wait_for_load_state()
    assert edu.locator("[data-status='submitted']").is_visible()
    assert edu.locator("[data-hazard-link]").count() == 2
    shots(edu, "edu-submitted")

    inspection = Inspection.objects.get(school__name=demo.DEMO_SCHOOL, campaign__title="拉网式排查（浏览器测试）")
    assert inspection.status == InspectionStatus.SUBMITTED
    hazards = Hazard.objects.filter(source_key__startswith=f"inspection:{inspection.pk}:")
    assert sorted(hazards.values_list("grade", flat=True)) == [HazardGrade.GENERAL, HazardGrade.MAJOR]
    assert all(hazard.attachments.count() == 1 for hazard in hazards)

    # Both are in the ledger, one graded major; the campaign shows 1 of N schools done.
    _open_menu_entry(office, "risks:hazard_list")
    for hazard in hazards:
        row = office.locator(f"tr[data-hazard='{hazard.pk}']")
        assert row.is_visible()
        assert ("重大" in row.inner_text()) == (hazard.grade == HazardGrade.MAJOR)
    shots(office, "office-ledger")
    office.goto(campaign_url)
    assert f"1 / {schools}" in office.locator("[data-progress-text]").inner_text()
    assert office.locator("[data-findings] tbody tr").count() == 2
    shots(office, "office-campaign-one-done")

    # The school submits today's self-check in under a minute.
    school = new_page(PHONE)
    login(school, sweep_site, "school", demo.DEMO_PASSWORD)
    started = time.monotonic()
    _open_menu_entry(school, "inspections:self_check_today")
    shots(school, "school-self-check-today")
    school.click("[data-do='start']")
    school.wait_for_url("**/inspections/*/")
    for order in range(1, school.locator("[data-item]").count() + 1):
        _answer(school, order, "pass")
    _answer(school, 6, "na")  # the demo school has no dormitory
    shots(school, "school-self-check-sheet")
    school.click("[data-do='submit']")
    school.wait_for_load_state()
    assert school.locator("[data-status='submitted']").is_visible()
    assert time.monotonic() - started < 60
    shots(school, "school-self-check-submitted")

    # The office sees which schools have not checked themselves today.
    _open_menu_entry(office, "inspections:self_check_overview")
    missed = office.locator("[data-missed-today]").inner_text()
    assert demo.DEMO_SCHOOL not in missed and "崇义小学" in missed
    assert f"{schools - 1}" in missed
    shots(office, "office-self-check-overview")
