"""What a page shows, the API offers: the ledger's Excel export and import, and the completion figures."""
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
