"""The triage pages: figures equal to the lists they open, the queue's filters and export, each step through the
page (a hazard once, an incident once, bad input kept and nothing saved), the contact shown only on a recorded
request of a triaging role, the poster's QR code, and the menu entry."""
import io
import re

import openpyxl
import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_safety.navigation import items_for
from incidents.models import Incident
from public_reports import services
from public_reports.models import PublicReport, PublicReportEvent, PublicReportEventKind, ReportStatus
from risks.models import Hazard
from tests.risks.helpers import download

from .builders import submit

pytestmark = pytest.mark.django_db

CONTACT = "13912345678"


def _detail(report):
    return reverse("public_reports:triage_detail", args=[report.pk])


def _step(report, action):
    return reverse("public_reports:triage_step", args=[report.pk, action])


def _queue(world):
    """One report in each queue, two of them zero-tolerance kinds."""
    office = world.user("office")
    waiting = submit(world, kind="bullying", anonymous=False, contact=CONTACT)
    handling = services.report_to_hazard(actor=office, report=submit(world, kind="facility"), category="facilities",
                                         location="三楼栏杆")
    handled = services.report_answer(actor=office, report=services.report_to_hazard(
        actor=office, report=submit(world, kind="food"), category="food", location="食堂"), public_answer="已整改。")
    dismissed = services.report_dismiss(actor=office, report=submit(world, kind="harassment"), reason="重复举报",
                                        public_answer="经核实，已在处理。")
    return waiting, handling, handled, dismissed


def test_each_figure_is_the_count_of_the_list_it_opens(client_for, world):
    _queue(world)
    submit(world, school=world.outside_school)  # another sub-district's: in neither
    client = client_for("office")
    page = client.get(reverse("public_reports:triage_list")).content.decode()
    figures = re.findall(r'href="([^"]+)" data-figure="(\w+)"[^>]*><strong>(\d+)</strong>', page)
    assert {name for _href, name, _n in figures} == {"waiting", "handling", "done", "zero_tolerance"}
    for href, name, shown in figures:
        listed = client.get(href.replace("&amp;", "&")).context["paginator"].count
        assert int(shown) == listed, name
    assert dict((name, int(n)) for _h, name, n in figures) == {"waiting": 1, "handling": 1, "done": 2,
                                                             "zero_tolerance": 2}


def test_the_queue_says_how_long_the_oldest_report_has_waited(client_for, world):
    report = submit(world)
    PublicReport.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - timezone.timedelta(hours=30))
    page = client_for("office").get(reverse("public_reports:triage_list")).content.decode()
    assert re.search(r"data-oldest-waiting>[^<]*30", page)


def test_filters_narrow_the_list_and_a_wrong_range_is_said(client_for, world):
    waiting, handling, _handled, _dismissed = _queue(world)
    client = client_for("education")
    assert list(client.get(reverse("public_reports:triage_list"), {"kind": "facility"}).context["object_list"]) == [
        handling]
    assert list(client.get(reverse("public_reports:triage_list"), {"q": waiting.receipt.lower()}).context[
        "object_list"]) == [waiting]
    wrong = client.get(reverse("public_reports:triage_list"), {"date_from": "2026-12-05", "date_to": "2026-12-01"})
    assert "结束日期不能早于开始日期" in wrong.content.decode()


def test_schools_and_departments_are_refused_the_queue_and_have_no_menu_entry(client_for, world):
    submit(world)
    for name in ("school_officer", "principal", "police", "health", "community"):
        assert client_for(name).get(reverse("public_reports:triage_list")).status_code == 403, name
        assert "public_reports:triage_list" not in {item["name"] for item in items_for(world.user(name))}, name
    for name in ("office", "education", "leader"):
        assert "public_reports:triage_list" in {item["name"] for item in items_for(world.user(name))}, name


def test_the_list_reads_a_constant_number_of_queries(client_for, world, django_assert_max_num_queries):
    _queue(world)
    client = client_for("office")
    client.get(reverse("public_reports:triage_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("public_reports:triage_list"))
    for kind in ("facility", "traffic", "other", "food", "premises", "bullying"):
        services.report_to_hazard(actor=world.user("office"), report=submit(world, kind=kind), category="other",
                                  location="校门口")
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("public_reports:triage_list"))
    assert response.context["paginator"].count == 10


def test_the_export_is_the_filtered_queue_without_contacts_and_with_no_live_formula(client_for, world):
    submit(world, kind="other", description='=HYPERLINK("http://x","点我")', anonymous=False, contact=CONTACT,
           contact_name="李先生")
    _queue(world)
    response = client_for("office").get(reverse("public_reports:triage_export"), {"kind": "other"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(download(response))).active.iter_rows(values_only=True))
    headers, data = rows[1], rows[2:]
    assert len(data) == 1
    record = dict(zip(headers, data[0]))
    assert record["举报内容"] == "'=HYPERLINK(\"http://x\",\"点我\")"
    flat = " ".join(str(value) for row in rows for value in row if value is not None)
    assert CONTACT not in flat and "李先生" not in flat


def test_the_contact_is_shown_only_on_request_and_every_reading_is_recorded(client_for, world):
    report = submit(world, anonymous=False, contact=CONTACT, contact_name="王女士")
    client = client_for("office")
    page = client.get(_detail(report)).content.decode()
    assert CONTACT not in page and "王女士" not in page and 'data-do="read_contact"' in page
    shown = client.post(_step(report, "read_contact"))
    assert shown.status_code == 200 and CONTACT in shown.content.decode() and "王女士" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    read = PublicReportEvent.objects.get(report=report, kind=PublicReportEventKind.CONTACT_READ)
    assert read.actor == world.user("office")
    assert client.get(_step(report, "read_contact")).status_code == 302  # a GET only goes back to the report
    assert PublicReportEvent.objects.filter(report=report, kind=PublicReportEventKind.CONTACT_READ).count() == 1
    leader = client_for("leader")
    assert CONTACT not in leader.get(_detail(report)).content.decode()
    assert leader.post(_step(report, "read_contact")).status_code == 403
    assert client_for("police").post(_step(report, "read_contact")).status_code == 404


def test_a_report_becomes_one_hazard_through_the_page_however_often_it_is_sent(client_for, world):
    report = submit(world, kind="facility", description="操场围栏有一处缺口")
    client = client_for("office")
    page = client.get(_detail(report)).content.decode()
    assert set(re.findall(r'data-step="(\w+)"', page)) >= {"to_incident", "to_hazard", "dismiss"}
    done = client.post(_step(report, "to_hazard"), {"category": "facilities", "location": "操场东侧围栏"})
    assert done.status_code == 302
    again = client.post(_step(report, "to_hazard"), {"category": "facilities", "location": "操场东侧围栏"})
    assert again.status_code == 400 and "不能进行此操作" in again.content.decode()
    hazard = Hazard.objects.get()
    report.refresh_from_db()
    assert report.hazard == hazard and report.status == ReportStatus.HANDLING
    assert "操场围栏有一处缺口" in hazard.description
    detail = client.get(_detail(report)).content.decode()
    assert reverse("risks:hazard_detail", args=[hazard.pk]) in detail


def test_bad_input_to_a_step_is_kept_with_the_message_and_nothing_is_saved(client_for, world):
    report = submit(world, kind="bullying")
    client = client_for("education")
    refused = client.post(_step(report, "to_incident"), {
        "kind": "violence", "severity": "general", "occurred_at": "", "place": "三楼男厕所"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "请填写发生时间" in body and 'value="三楼男厕所"' in body
    assert "data-failed" in body
    assert not Incident.objects.exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and report.events.count() == 1
    occurred = timezone.localtime(report.submitted_at).strftime("%Y-%m-%dT%H:%M")
    made = client.post(_step(report, "to_incident"), {
        "kind": "violence", "severity": "general", "occurred_at": occurred, "place": "三楼男厕所"})
    assert made.status_code == 302
    assert Incident.objects.get().school == world.school


def test_dismissing_needs_a_reason_and_the_public_answer(client_for, world):
    report = submit(world, kind="other")
    client = client_for("office")
    refused = client.post(_step(report, "dismiss"), {"reason": "与校园安全无关", "public_answer": ""})
    assert refused.status_code == 400 and "请填写给举报人的公开答复" in refused.content.decode()
    assert client.post(_step(report, "dismiss"), {"reason": "与校园安全无关",
                                                  "public_answer": "该问题请向12345热线反映。"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED and report.public_answer == "该问题请向12345热线反映。"


def test_an_unknown_step_is_404_and_read_only_roles_may_not_take_one(client_for, world):
    report = submit(world)
    assert client_for("office").post(_step(report, "delete")).status_code == 404
    assert client_for("leader").post(_step(report, "to_hazard"), {"category": "other",
                                                                  "location": "x"}).status_code == 403
    assert not Hazard.objects.exists()


def test_the_poster_holds_a_qr_code_of_the_schools_form(client_for, world):
    page = client_for("school_officer").get(reverse("public_reports:poster", args=[world.school.pk]))
    body = page.content.decode()
    url = f"http://testserver{reverse('public_reports:submit')}?school={world.school.pk}"
    assert page.status_code == 200 and world.school.name in body and url in body
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=8, dark="#000", light="#fff", omitsize=True)
    assert expected in body  # the code encodes exactly the form's address for this school
    assert "http" not in body.replace(url, "").replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    assert client_for("outsider").get(reverse("public_reports:poster", args=[world.school.pk])).status_code == 404
    school_page = client_for("school_officer").get(reverse("organizations:school_detail", args=[world.school.pk]))
    assert reverse("public_reports:poster", args=[world.school.pk]) in school_page.content.decode()


def test_the_poster_uses_the_configured_public_address(client_for, world, settings):
    settings.PUBLIC_REPORT_BASE_URL = "https://anquan.example.gov.cn"
    body = client_for("office").get(reverse("public_reports:poster", args=[world.school.pk])).content.decode()
    url = f"https://anquan.example.gov.cn{reverse('public_reports:submit')}?school={world.school.pk}"
    assert url in body and "testserver" not in body
    assert segno.make(url, error="m", micro=False).svg_inline(scale=8, dark="#000", light="#fff",
                                                              omitsize=True) in body
