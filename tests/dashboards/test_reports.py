"""The printable reports: the supervision report's numbers on a known data set, the page with its print styles,
the PDF read back (Chinese title, page numbers), and a school's ledger for whoever sees the school."""
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from risks.models import HazardStatus
from tests.risks.helpers import make_hazard

from .test_dashboard import _known_world

pytestmark = pytest.mark.django_db


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _period():
    today = timezone.localdate()
    return {"date_from": (today - timedelta(days=30)).isoformat(), "date_to": today.isoformat()}


def test_the_supervision_report_counts_the_period(client_for, world):
    _known_world(world)
    report = client_for("office").get(reverse("supervision_report"), _period()).context["report"]
    assert report["summary"] == {"found": 5, "found_major": 1, "closed": 1, "open": 4, "overdue": 2}
    schools = {row["school"].name: (row["found"], row["closed"], row["open"], row["overdue"])
               for row in report["schools"]}
    assert schools == {"实验小学": (4, 1, 3, 2), "崇义中学": (1, 0, 1, 0)}
    assert report["incident_total"] == 3 and dict(report["incidents"]) == {"人身伤害": 2, "火灾": 1}
    assert [row["school"] for row in report["supervision"]] == ["崇义中学"]
    assert report["public_reports"] == {"received": 1, "handled": 0}
    earlier = client_for("office").get(reverse("supervision_report"), {
        "date_from": "2020-01-01", "date_to": "2020-01-31"}).context["report"]
    assert earlier["summary"]["found"] == 0 and earlier["summary"]["open"] == 4  # open is as of today


def test_the_report_page_prints_on_a4_and_a_wrong_period_is_said(client_for, world):
    _known_world(world)
    client = client_for("office")
    page = client.get(reverse("supervision_report"), _period())
    body = page.content.decode()
    assert page.status_code == 200 and "校园安全督导报告" in body and "dashboards/print.css" in body
    assert "data-pdf" in body and "data-print" in body
    wrong = client.get(reverse("supervision_report"), {"date_from": "2026-12-05", "date_to": "2026-12-01"})
    assert wrong.status_code == 400 and "结束日期不能早于开始日期" in wrong.content.decode()
    assert 'value="2026-12-05"' in wrong.content.decode()


def test_the_pdf_holds_the_chinese_title_the_figures_and_page_numbers(client_for, world):
    _known_world(world)
    reader, text = _pdf_text(client_for("office").get(reverse("supervision_report"), {**_period(), "format": "pdf"}))
    assert "校园安全督导报告" in text and "崇义街道" in text
    assert "本期新发现隐患 5 处" in text and "实验小学" in text
    assert f"第 1 页 / 共 {len(reader.pages)} 页" in text
    assert reader.metadata.title.startswith("校园安全督导报告")


def test_only_the_office_and_leaders_get_the_report_and_a_district_leader_narrows_it(client_for, world):
    _known_world(world)
    for person in ("school_officer", "police", "health"):
        assert client_for(person).get(reverse("supervision_report")).status_code == 403, person
    leader = client_for("district_leader")
    whole = leader.get(reverse("supervision_report"), _period()).context
    assert whole["unit"] == "崇义街道、敦仁街道" and whole["report"]["summary"]["found"] == 6
    narrowed = leader.get(reverse("supervision_report"), {**_period(), "sub_district": world.other_sub_district.pk})
    assert narrowed.context["report"]["summary"]["found"] == 1 and narrowed.context["unit"] == "敦仁街道"
    assert client_for("office").get(reverse("supervision_report"), {
        "sub_district": world.other_sub_district.pk}).status_code == 404


def test_a_schools_ledger_prints_and_downloads_for_whoever_sees_the_school(client_for, world):
    make_hazard(world, HazardStatus.ASSIGNED, deadline=timezone.localdate() - timedelta(days=4),
                location="东侧围墙")
    make_hazard(world, HazardStatus.CLOSED, location="食堂后厨")
    url = reverse("school_ledger_print", args=[world.school.pk])
    for person in ("office", "school_officer", "police"):
        page = client_for(person).get(url)
        assert page.status_code == 200 and page.content.decode().count("data-row") == 2, person
    _reader, text = _pdf_text(client_for("school_officer").get(url, {"format": "pdf"}))
    assert "隐患整改台账" in text and "实验小学" in text and "东侧围墙" in text and "食堂后厨" in text
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("health").get(url, {"format": "pdf"}).status_code == 404
