import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from risks import services
from risks.ledger import FORMULA_PREFIXES
from risks.models import Hazard, HazardStatus

from .helpers import download, ledger_rows, make_hazard, photo

pytestmark = pytest.mark.django_db

# The order offices file (issue 14): the five implementations, the outcome, submission and acceptance.
EXPECTED_HEADERS = ["编号", "学校", "发现时间", "隐患部位", "隐患描述", "类别", "隐患等级", "上报人", "上报时间",
                    "责任单位", "责任人", "整改措施", "整改资金（元）", "资金来源", "整改时限", "应急预案", "状态",
                    "整改结果", "提交验收时间", "验收人", "验收时间", "退回次数", "逾期/督办", "处理记录"]


def _sheet(content):
    return openpyxl.load_workbook(io.BytesIO(download(content) if hasattr(content, "streaming") else content)).active


def _rows(response):
    return ledger_rows(download(response) if hasattr(response, "streaming") else response)


def _xlsx(rows, headers=("学校", "发现时间", "隐患部位", "隐患描述", "类别", "隐患等级")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ledger.xlsx", buffer.getvalue())


def test_export_has_the_ledger_columns_in_order_and_the_closed_hazard_with_timeline(client, world):
    closed = make_hazard(world, HazardStatus.SUBMITTED)
    services.hazard_reject(actor=world.user("office"), hazard=closed, reason="水带缺一条")
    services.hazard_submit(actor=world.user("police"), hazard=closed, note="已补齐", photos=[photo()])
    services.hazard_accept(actor=world.user("office"), hazard=closed)
    client.force_login(world.user("office"))
    response = client.get(reverse("risks:ledger_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    headers, rows = _rows(response)
    assert list(headers) == EXPECTED_HEADERS
    row = rows[0]
    assert row["状态"] == "已销号" and row["验收人"] == "office" and row["责任单位"] == "派出所"
    assert row["退回次数"] == 1 and row["整改资金（元）"] == 3000
    assert "验收不通过，退回整改" in row["处理记录"] and "水带缺一条" in row["处理记录"]
    assert len(row["处理记录"].splitlines()) == 8


def test_export_follows_the_filters_and_the_scope(client, world):
    today = timezone.localdate()
    late = make_hazard(world, HazardStatus.ASSIGNED, deadline=today - timedelta(days=1), location="锅炉房")
    make_hazard(world, HazardStatus.REPORTED, location="图书馆")
    make_hazard(world, HazardStatus.REPORTED, school=world.other_school, location="宿舍楼")
    client.force_login(world.user("office"))
    _h, rows = _rows(client.get(reverse("risks:ledger_export"), {"overdue": "on"}))
    assert [r["隐患部位"] for r in rows] == ["锅炉房"] and rows[0]["逾期/督办"] == "逾期"
    _h, rows = _rows(client.get(reverse("risks:ledger_export"), {"school": world.other_school.pk}))
    assert [r["隐患部位"] for r in rows] == ["宿舍楼"]
    client.force_login(world.user("school_officer"))
    _h, rows = _rows(client.get(reverse("risks:ledger_export")))
    assert sorted(r["隐患部位"] for r in rows) == ["图书馆", "锅炉房"]
    assert late.number in {r["编号"] for r in rows}


@pytest.mark.parametrize("payload", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
                                     "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"])
def test_export_neutralises_formula_injection(client, world, payload):
    make_hazard(world, HazardStatus.REPORTED, location=payload)
    client.force_login(world.user("office"))
    sheet = _sheet(client.get(reverse("risks:ledger_export")))
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_PREFIXES), (cell.coordinate, cell.value)
    headers = [cell.value for cell in sheet[3]]
    location = sheet.cell(row=4, column=headers.index("隐患部位") + 1).value
    assert location == "'" + payload.strip()  # kept readable, quoted as text


def test_import_valid_file_after_a_dry_run(client, world):
    client.force_login(world.user("office"))
    upload = _xlsx([
        ("实验小学", date(2026, 10, 9), "食堂操作间", "燃气管道老化", "食品", "重大隐患"),
        ("崇义中学", "2026-10-10", "宿舍楼", "疏散指示灯不亮", "消防", ""),
    ])
    response = client.post(reverse("risks:ledger_import"), {"file": upload})
    assert response.status_code == 200
    assert "检查通过" in response.content.decode()
    assert not Hazard.objects.exists()  # a dry run saves nothing
    token = response.context["token"]
    response = client.post(reverse("risks:ledger_import"), {"confirm": token})
    assert response.status_code == 302
    hazards = {h.location: h for h in Hazard.objects.all()}
    assert set(hazards) == {"食堂操作间", "宿舍楼"}
    assert hazards["食堂操作间"].status == HazardStatus.GRADED and hazards["食堂操作间"].grade == "major"
    assert hazards["宿舍楼"].status == HazardStatus.REPORTED and hazards["宿舍楼"].source == "import"
    assert timezone.localtime(hazards["食堂操作间"].found_at).date() == date(2026, 10, 9)
    # Reported and graded as from the browser, then the row it came from (台账导入: file and row).
    assert [e.kind for e in hazards["食堂操作间"].events.all()] == ["reported", "graded", "imported"]
    assert hazards["食堂操作间"].events.last().data["row"] == 2
    assert hazards["食堂操作间"].events.first().actor == world.user("office")
    # The preview cannot be confirmed twice.
    assert client.post(reverse("risks:ledger_import"), {"confirm": token}).status_code == 302
    assert Hazard.objects.count() == 2


def test_import_with_one_bad_row_saves_nothing_and_names_the_row(client, world):
    client.force_login(world.user("office"))
    upload = _xlsx([
        ("实验小学", "2026-10-09", "食堂操作间", "燃气管道老化", "食品", ""),
        ("实验小学", "2026-10-09", "操场", "围墙开裂", "设施设备", ""),
        ("敦仁小学", "2026-10-09", "大门", "门禁损坏", "治安", ""),
        ("实验小学", "昨天", "", "缺部位", "外星人", "特大隐患"),
    ])
    response = client.post(reverse("risks:ledger_import"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "第 4 行 A 列（学校）" in html and "敦仁小学" in html and "不在您的管辖范围内" in html
    assert "第 5 行" in html and "隐患部位不能为空" in html and "类别“外星人”无效" in html
    assert "隐患等级“特大隐患”无效" in html and "发现时间“昨天”无法识别" in html
    assert "第 2 行" not in html.split("data-row-errors")[1].split("</ul>")[0]
    assert response.context["token"] is None
    assert not Hazard.objects.exists()


def test_import_refuses_a_file_that_is_not_excel(client, world):
    client.force_login(world.user("office"))
    for content in (b"\x89PNG\r\n\x1a\nnot a sheet", b"PK\x03\x04 broken zip", "学校,隐患部位\n".encode()):
        response = client.post(reverse("risks:ledger_import"),
                               {"file": SimpleUploadedFile("ledger.xlsx", content)})
        assert response.status_code == 400
        assert "Excel" in response.content.decode()
    assert not Hazard.objects.exists()


def test_import_refuses_missing_columns(client, world):
    client.force_login(world.user("office"))
    response = client.post(reverse("risks:ledger_import"),
                           {"file": _xlsx([("实验小学", "x")], headers=("学校", "隐患部位"))})
    assert response.status_code == 400 and "缺少必需的列" in response.content.decode()


@pytest.mark.parametrize("role", ["school_officer", "police", "leader", "outsider"])
def test_only_the_office_imports(client, world, role):
    client.force_login(world.user(role))
    assert client.get(reverse("risks:ledger_import")).status_code == 403
    upload = _xlsx([("实验小学", "2026-10-09", "食堂", "燃气", "食品", "")])
    assert client.post(reverse("risks:ledger_import"), {"file": upload}).status_code == 403
    assert not Hazard.objects.exists()


def test_exported_ledger_can_be_imported_back(client, world):
    make_hazard(world, HazardStatus.CLOSED, location="实验楼")
    client.force_login(world.user("office"))
    content = download(client.get(reverse("risks:ledger_export")))
    response = client.post(reverse("risks:ledger_import"), {"file": SimpleUploadedFile("x.xlsx", content)})
    # The export of hazards already in the ledger reads cleanly and creates nothing twice.
    assert response.status_code == 200 and response.context["result"].is_valid
    assert [row.outcome for row in response.context["result"].rows] == ["existing"]
    assert "已导入过" in response.content.decode() and response.context["token"] is None


def test_the_import_template_imports_cleanly(client, world):
    from organizations.models import School

    School.objects.filter(pk=world.school.pk).update(name="涪陵区实验小学")
    client.force_login(world.user("office"))
    template = client.get(reverse("risks:ledger_template"))
    assert template.status_code == 200
    headers, rows = ledger_rows(template.content, header_row=1)
    assert list(headers) == ["学校", "发现时间", "隐患部位", "隐患描述", "类别", "隐患等级"]
    response = client.post(reverse("risks:ledger_import"), {"file": SimpleUploadedFile("t.xlsx", template.content)})
    assert response.status_code == 200 and "检查通过" in response.content.decode()
    client.force_login(world.user("school_officer"))
    assert client.get(reverse("risks:ledger_template")).status_code == 403
