"""What a page shows, the API offers: the ledger's Excel export and import, the completion figures, and the
incident and supervision lists; the same bad input is refused in the same words on the page and the API."""
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from risks.models import Hazard, HazardStatus
from tests.risks.helpers import make_hazard


def _ledger_file(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["学校", "发现时间", "隐患部位", "隐患描述", "类别", "隐患等级"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "ledger.xlsx"
    return buffer


def test_api_export_is_the_pages_export_with_the_same_filters(world, api_for, client_for):
    make_hazard(world, HazardStatus.ASSIGNED, location="东侧楼梯")
    make_hazard(world, HazardStatus.REPORTED, location="食堂后门")
    api = api_for("office").get("/api/hazards/ledger-export/?status=assigned")
    page = client_for("office").get(reverse("risks:ledger_export") + "?status=assigned")
    assert api.status_code == page.status_code == 200
    assert api["Content-Type"].startswith("application/vnd.openxmlformats")

    def cells(content):
        sheet = load_workbook(io.BytesIO(content)).active
        return [[cell.value for cell in row] for row in sheet.iter_rows()]

    api_cells = cells(b"".join(api.streaming_content) if api.streaming else api.content)
    assert api_cells == cells(b"".join(page.streaming_content))
    assert any("东侧楼梯" in str(value) for row in api_cells for value in row)
    assert not any("食堂后门" in str(value) for row in api_cells for value in row)


def test_api_import_previews_then_saves_all_rows_or_none(world, api_for):
    api = api_for("office")
    good = [["实验小学", "2026-11-20", "二楼走廊", "灭火器过期", "消防", "一般隐患"]]
    preview = api.post("/api/hazards/ledger-import/", {"file": _ledger_file(good)}, format="multipart")
    assert preview.status_code == 200 and preview.data["valid"] and preview.data["dry_run"]
    assert preview.data["rows"] == 1 and not Hazard.objects.exists()
    bad = good + [["敦仁小学", "2026-11-21", "门口", "积水", "消防", ""]]
    refused = api.post("/api/hazards/ledger-import/", {"file": _ledger_file(bad), "dry_run": "false"},
                       format="multipart")
    assert refused.status_code == 400 and not refused.data["valid"]
    assert refused.data["row_errors"][0]["number"] == 3
    assert "不存在或不在您的管辖范围内" in refused.data["row_errors"][0]["errors"][0]
    assert not Hazard.objects.exists()
    saved = api.post("/api/hazards/ledger-import/", {"file": _ledger_file(good), "dry_run": "false"},
                     format="multipart")
    assert saved.status_code == 200 and saved.data["created"] == 1
    assert Hazard.objects.get().grade == "general"


@pytest.mark.parametrize("person", ["police", "school_officer", "leader"])
def test_only_the_office_imports_through_the_api_too(world, api_for, person):
    good = [["实验小学", "2026-11-20", "二楼走廊", "灭火器过期", "消防", ""]]
    response = api_for(person).post("/api/hazards/ledger-import/", {"file": _ledger_file(good)}, format="multipart")
    assert response.status_code == 403
    assert api_for(person).get("/api/hazards/ledger-template/").status_code == 403


def test_api_completion_figures_equal_the_pages(world, api_for, client_for):
    from datetime import date

    from tests.duties.helpers import run_on

    run_on(date(2026, 9, 1))  # the term starts: the year's, term's and month's tasks are made
    query = "?due_from=2026-01-01&due_to=2026-12-31"
    api = api_for("office").get("/api/duty-completion/" + query)
    page = client_for("office").get(reverse("duties:completion") + query)
    assert api.status_code == page.status_code == 200
    figures = page.context["figures"]
    assert api.data["by_owner"] and sum(row["total"] for row in api.data["by_owner"]) > 10
    assert [row["total"] for row in api.data["by_owner"]] == [row["total"] for row in figures["by_owner"]]
    assert api_for("police").get("/api/duty-completion/").status_code == 403
    assert api_for("office").get("/api/duty-completion/?due_from=bad").status_code == 400


# ---------------------------------------------------------------------------------------------
# Incidents and supervision: the same bad input is refused with the same Chinese message next to the same
# field on the page (incidents/views) and through the API (incidents/api.py); nothing is saved by either.


def _incident_values(world, **changes):
    from datetime import timedelta

    from django.utils import timezone

    moment = timezone.localtime() - timedelta(minutes=20)
    return {"school": world.school.pk, "kind": "injury", "severity": "general",
            "occurred_at": moment.strftime("%Y-%m-%dT%H:%M"), "place": "教学楼二楼走廊",
            "first_account": "课间追逐摔倒，额头擦伤", "injured": "1", "deaths": "0", **changes}


def _moment_typed(days=0, minutes=0):
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localtime() + timedelta(days=days, minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


INCIDENT_REPORT_CASES = [
    ("kind", "", "请选择事故类型。"),
    ("severity", "", "请选择严重程度。"),
    ("occurred_at", "", "请填写事故发生时间。"),
    ("occurred_at", "tomorrow", "晚于现在，请核对。"),
    ("occurred_at", "last_year", "发生时间早于一年前，请核对日期。"),
    ("occurred_at", "昨天上午", "请按“年-月-日 时:分”填写时间。"),
    ("place", "  ", "请填写发生地点。"),
    ("place", "地" * 201, "不能超过 200 个字（现有 201 个）。"),
    ("first_account", "", "请简要说明发生了什么、伤亡和已采取的措施。"),
    ("first_account", "况" * 2001, "不能超过 2000 个字（现有 2001 个）。"),
    ("injured", "-1", "受伤人数须为 0 到 10000 之间的整数。"),
    ("injured", "两人", "请填写整数。"),
    ("deaths", "10001", "死亡人数须为 0 到 10000 之间的整数。"),
]


@pytest.mark.parametrize(("field", "value", "message"), INCIDENT_REPORT_CASES,
                         ids=[f"{field}-{n}" for n, (field, _v, _m) in enumerate(INCIDENT_REPORT_CASES)])
def test_an_incident_report_is_refused_alike_by_page_and_api(world, client_for, api_for, field, value, message):
    from incidents.models import Incident

    value = {"tomorrow": _moment_typed(days=1), "last_year": _moment_typed(days=-400)}.get(value, value)
    page = client_for("school_officer").post(reverse("incidents:incident_report"),
                                             _incident_values(world, **{field: value}))
    assert page.status_code == 400 and message in page.content.decode()
    api = api_for("school_officer").post("/api/incidents/", _incident_values(world, **{field: value}),
                                         format="multipart")
    assert api.status_code == 400 and any(message in text for text in api.data[field]), api.data
    assert not Incident.objects.exists()


SUPERVISION_FLAG_CASES = [
    ("reason", {"reason": " "}, "请填写督导事由。"),
    ("deadline", {"measure": "listed"}, "挂牌督办须规定整改期限。"),
    ("deadline", {"deadline": "2020-01-01"}, "整改期限 2020-01-01 早于今天，请核对。"),
]


@pytest.mark.parametrize(("field", "changes", "message"), SUPERVISION_FLAG_CASES,
                         ids=[case[0] + str(n) for n, case in enumerate(SUPERVISION_FLAG_CASES)])
def test_a_supervision_flag_is_refused_alike_by_page_and_api(world, client_for, api_for, field, changes, message):
    from incidents.models import Supervision

    values = {"school": world.school.pk, "measure": "interview", "reason": "本学期两起学生伤害事故", **changes}
    page = client_for("office").post(reverse("incidents:supervision_new"), values)
    assert page.status_code == 400 and message in page.content.decode()
    api = api_for("office").post("/api/supervisions/", values, format="json")
    assert api.status_code == 400 and api.data[field] == [message], api.data
    assert not Supervision.objects.exists()


def test_an_incident_step_is_refused_alike_by_page_and_api(world, client_for, api_for):
    from datetime import timedelta

    from django.utils import timezone

    from incidents import services

    incident = services.incident_report(
        actor=world.user("school_officer"), school=world.school, kind="injury", severity="general",
        occurred_at=timezone.now() - timedelta(minutes=30), place="操场", first_account="课间摔倒")
    for name, body, field, message in [
            ("respond", {"plan": " "}, "plan", "请填写启动的应急预案。"),
            ("act", {"action": "rescue", "note": "", "happened_at": _moment_typed(days=1)}, "note", "请填写做了什么。"),
            ("act", {"action": "rescue", "note": "送医", "happened_at": _moment_typed(days=1)}, "happened_at",
             "晚于现在，请核对。")]:
        page = client_for("office").post(reverse("incidents:incident_step", args=[incident.pk, name]), body)
        assert page.status_code == 400 and message in page.content.decode(), (name, field)
        api = api_for("office").post(f"/api/incidents/{incident.pk}/{name}/", body, format="json")
        assert api.status_code == 400 and any(message in text for text in api.data[field]), api.data
    assert incident.events.count() == 1


def test_the_incident_and_supervision_lists_filter_alike_on_page_and_api(world, client_for, api_for):
    from datetime import timedelta

    from django.utils import timezone

    from incidents import services, supervision

    def report(school, kind, minutes):
        return services.incident_report(
            actor=world.user("office"), school=school, kind=kind, severity="general",
            occurred_at=timezone.now() - timedelta(minutes=minutes), place="操场", first_account="课间摔倒")

    for school, kind, minutes in ((world.school, "injury", 30), (world.school, "fire", 120),
                                  (world.other_school, "injury", 30)):
        report(school, kind, minutes)
    for school, measure in ((world.school, "interview"), (world.other_school, "listed")):
        supervision.supervision_flag(actor=world.user("office"), school=school, measure=measure, reason="督导",
                                     deadline=timezone.localdate() + timedelta(days=9))
    page_client, api = client_for("office"), api_for("office")
    for page_query, api_query in [
            ({}, {}), ({"kind": "injury"}, {"kind": "injury"}),
            ({"school": world.school.pk}, {"school": world.school.pk}),
            ({"late": "on"}, {"late": "true"}),
            ({"open_only": "on", "kind": "fire"}, {"open": "true", "kind": "fire"})]:
        page = page_client.get(reverse("incidents:incident_list"), page_query)
        shown = {row.pk for row in page.context["object_list"]}
        assert shown == {row["id"] for row in api.get("/api/incidents/", api_query).data["results"]}, page_query
    for page_query, api_query in [({}, {}), ({"measure": "listed"}, {"measure": "listed"}),
                                  ({"school": world.school.pk, "open_only": "on"},
                                   {"school": world.school.pk, "open": "true"})]:
        page = page_client.get(reverse("incidents:supervision_list"), page_query)
        shown = {row.pk for row in page.context["object_list"]}
        assert shown and shown == {row["id"] for row in api.get("/api/supervisions/", api_query).data["results"]}
