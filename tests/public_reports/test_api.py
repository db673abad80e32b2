"""The triage API: what the pages offer, refused in the same words, one action per row of the table; and the
reporter's contact, which no role but the triaging ones can read anywhere, page or API, list or detail."""
import re

import pytest
from django.urls import reverse

from public_reports import services
from public_reports.models import PublicReportEvent, PublicReportEventKind, ReportStatus
from public_reports.transitions import REPORT_LIFECYCLE
from risks.models import Hazard
from tests.route_walk import PUBLIC_REPORT_STEPS

from .builders import submit

pytestmark = pytest.mark.django_db

CONTACT, NAME = "13977776666", "赵先生"
TRIAGING = {"office", "education"}


def _api(report, action=""):
    return f"/api/public-reports/{report.pk}/" + (f"{action.replace('_', '-')}/" if action else "")


def test_every_step_of_the_table_is_an_api_action_and_the_contact_has_its_own():
    assert set(PUBLIC_REPORT_STEPS) | {"read_contact"} == {row.name for row in REPORT_LIFECYCLE}


def test_the_list_and_the_page_count_the_same_reports(world, api_for, client_for):
    for kind in ("bullying", "facility", "food"):
        submit(world, kind=kind)
    services.report_to_hazard(actor=world.user("office"), report=submit(world, kind="traffic"), category="traffic",
                              location="校门口")
    for query in ({}, {"queue": "waiting"}, {"queue": "zero_tolerance"}, {"kind": "traffic"}):
        page = client_for("office").get(reverse("public_reports:triage_list"), query).context["paginator"].count
        api = api_for("office").get("/api/public-reports/", query).json()["results"]
        assert len(api) == page, query


def test_a_report_becomes_one_hazard_through_the_api_and_a_second_call_is_refused(world, api_for):
    report = submit(world, kind="facility")
    api = api_for("education")
    done = api.post(_api(report, "to_hazard"), {"category": "facilities", "location": "楼梯扶手"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == ReportStatus.HANDLING
    assert done.json()["hazard_number"] == Hazard.objects.get().number
    again = api.post(_api(report, "to_hazard"), {"category": "facilities", "location": "楼梯扶手"}, format="json")
    assert again.status_code == 400 and Hazard.objects.count() == 1


def test_a_step_is_refused_alike_by_page_and_api(world, api_for, client_for):
    report = submit(world)
    page = client_for("office").post(reverse("public_reports:triage_step", args=[report.pk, "dismiss"]),
                                     {"reason": "", "public_answer": "已核实"})
    api = api_for("office").post(_api(report, "dismiss"), {"reason": "", "public_answer": "已核实"}, format="json")
    assert page.status_code == api.status_code == 400
    message = api.json()["reason"][0]
    assert message == "请填写不予受理的理由。" and message in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED


def test_the_contact_action_records_the_reading_and_refuses_other_roles(world, api_for):
    report = submit(world, anonymous=False, contact=CONTACT, contact_name=NAME)
    got = api_for("office").post(_api(report, "contact"))
    assert got.status_code == 200 and got.json() == {"name": NAME, "contact": CONTACT, "purged": False}
    assert PublicReportEvent.objects.filter(report=report, kind=PublicReportEventKind.CONTACT_READ,
                                            actor=world.user("office")).count() == 1
    assert api_for("leader").post(_api(report, "contact")).status_code == 403
    for outsider in ("police", "school_officer", "health", "outside_office"):
        assert api_for(outsider).post(_api(report, "contact")).status_code == 404, outsider
    assert api_for("office").get(_api(report, "contact")).status_code == 405


def _triaged_world(world):
    """A report with a contact made an incident (the police see incidents of violence), another a hazard."""
    office = world.user("office")
    violent = submit(world, kind="bullying", anonymous=False, contact=CONTACT, contact_name=NAME)
    services.report_to_incident(actor=office, report=violent, kind="violence", severity="general",
                                occurred_at=violent.submitted_at, place="操场")
    facility = submit(world, kind="facility", anonymous=False, contact=CONTACT, contact_name=NAME)
    services.report_to_hazard(actor=office, report=facility, category="facilities", location="围墙")
    waiting = submit(world, kind="harassment", anonymous=False, contact=CONTACT, contact_name=NAME)
    violent.refresh_from_db()
    facility.refresh_from_db()
    return violent, facility, waiting


def _every_page_a_person_could_open(violent, facility, waiting):
    pages = [reverse("home"), reverse("notifications:inbox"), reverse("public_reports:triage_list"),
             reverse("public_reports:triage_export"), reverse("incidents:incident_list"),
             reverse("incidents:incident_export"), reverse("risks:hazard_list"),
             reverse("incidents:incident_detail", args=[violent.incident_id]),
             reverse("risks:hazard_detail", args=[facility.hazard_id]),
             "/api/public-reports/", "/api/incidents/", "/api/hazards/", "/api/inbox/",
             f"/api/incidents/{violent.incident_id}/", f"/api/hazards/{facility.hazard_id}/"]
    for report in (violent, facility, waiting):
        pages += [reverse("public_reports:triage_detail", args=[report.pk]), _api(report)]
    return pages


def test_the_contact_appears_in_no_page_or_api_answer_for_anyone_until_a_triager_asks(world, client_for, api_for):
    violent, facility, waiting = _triaged_world(world)
    pages = _every_page_a_person_could_open(violent, facility, waiting)
    seen = 0
    for person in world.users:
        for url in pages:
            client = api_for(person) if url.startswith("/api/") else client_for(person)
            response = client.get(url)
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(
                "utf-8", "replace") if response.get("Content-Type", "").startswith(("text/", "application/json")) \
                else ""
            if response.status_code == 200 and body:
                seen += 1
            assert CONTACT not in body and NAME not in body, (person, url)
    assert seen > 100  # the walk did open pages, it did not only collect refusals
    for person in set(world.users) - TRIAGING:
        for report in (violent, facility, waiting):
            page = client_for(person).post(reverse("public_reports:triage_step", args=[report.pk, "read_contact"]))
            api = api_for(person).post(_api(report, "contact"))
            assert page.status_code in (403, 404) and api.status_code in (403, 404), person
            assert CONTACT not in page.content.decode() + api.content.decode()
    assert not PublicReportEvent.objects.filter(kind=PublicReportEventKind.CONTACT_READ).exists()
    shown = client_for("education").post(reverse("public_reports:triage_step", args=[waiting.pk, "read_contact"]))
    assert CONTACT in shown.content.decode()  # the walk looked for a string that is there to find


def test_the_police_inbox_tells_of_a_zero_tolerance_report_without_a_link_or_the_contact(world, client_for):
    report = submit(world, kind="corporal_punishment", anonymous=False, contact=CONTACT, contact_name=NAME)
    inbox = client_for("police").get(reverse("notifications:inbox")).content.decode()
    assert "零容忍" in inbox and CONTACT not in inbox
    assert reverse("public_reports:triage_detail", args=[report.pk]) not in inbox
    assert not re.search(rf"/public-reports/{report.pk}/", inbox)
