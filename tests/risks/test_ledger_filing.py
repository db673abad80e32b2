"""The Excel ledger as offices really file it (issue 14): their own layouts imported with their history, the
export for filing (every column of the five implementations, date cells, widths, A4 print setup), round trips."""
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from risks import services
from risks.models import AssigneeKind, Hazard, HazardStatus, LedgerSynonym

from .helpers import download, ledger_rows, make_hazard

pytestmark = pytest.mark.django_db


def _book(build):
    book = openpyxl.Workbook()
    build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(sheet, row, values):
    for column, value in enumerate(values, start=1):
        if value is not None:
            sheet.cell(row=row, column=column, value=value)


def street_ledger():
    """A sub-district's 2024 ledger: merged title, 填报单位/填报时间 row, a blank row, its own column names, every
    date and amount spelling, a school merged over two rows, closed, submitted, in-progress and unassigned rows,
    then notes and signatures."""
    def build(sheet):
        sheet["A1"] = "崇义街道2024年度校园安全隐患排查整改台账"
        sheet.merge_cells("A1:R1")
        sheet["A2"] = "填报单位：崇义街道办事处"
        sheet.merge_cells("A2:H2")
        sheet["I2"] = "填报时间：2024年12月30日"
        sheet.merge_cells("I2:R2")
        _put(sheet, 4, ["序号", "学校名称", "排查时间", "隐患部位", "存在问题", "隐患类别", "隐患级别", "整改措施",
                        "整改责任单位", "整改责任人", "整改资金", "资金来源", "整改时限", "应急措施", "整改情况",
                        "验收人", "验收时间", "备注"])
        _put(sheet, 5, [1, "实验小学", datetime(2024, 3, 5), "食堂操作间", "燃气管道老化", "消防安全", "重大",
                        "更换燃气管道", "派出所", "刘军", "约1.2万元", "区教委专项", "2024年4月30日",
                        "停用燃气灶，改用电器", "已销号", "王建国", "2024.5.6", "复查合格"])
        _put(sheet, 6, [2, "崇义中学", "2024/3/5", "宿舍楼", "疏散指示灯不亮", "消防", "一般", "更换指示灯",
                        "崇义中学", "张老师", "1,500元", "学校公用经费", 45397, "安排值班人员巡查", "已整改", "李明",
                        "20240420"])
        _put(sheet, 7, [3, "实验", "3月5日", "操场", "围墙开裂", "设施设备安全", "较大", "加固围墙", "教管中心",
                        "赵强", 80000, "区财政", "2024-12-31", "设置隔离带", "整改中"])
        _put(sheet, 8, [4, "崇义中学", "2024-11-20", "校门口", "门禁损坏", "治安", "一般隐患", None, None, None,
                        None, None, None, None, "未整改"])
        _put(sheet, 9, [5, "实验小学", "20241201", "实验楼", "危化品柜未上锁", "危险化学品", "一般", "加装双锁",
                        "社区卫生服务中心", "陈医生", "0", "学校公用经费", "2024-12-20", "专人保管钥匙", "待验收"])
        sheet.merge_cells("B9:B10")
        _put(sheet, 10, [6, None, "2024年6月1日", "图书馆", "灭火器过期", "消防", "一般", "更换灭火器", "本校",
                         "孙老师", 200, "学校公用经费", "2024-06-10", "临时借用灭火器", "已验收", "王建国",
                         datetime(2024, 6, 12, 10, 30)])
        sheet["A12"] = "填表说明：1. 隐患级别分一般、重大；2. 整改情况填写已销号、整改中、未整改。"
        sheet.merge_cells("A12:R12")
        sheet["A13"] = "填表人：张三        审核人：李四        负责人：王五"
    return _book(build)


def school_ledger():
    """A school's own ledger: no school column (the 填报单位 is the school), a two-row header with merged group
    titles, the year only in the title, 是/否 for closed, amounts in 万元 and with commas."""
    def build(sheet):
        sheet["A1"] = "实验小学2025年安全隐患台账"
        sheet.merge_cells("A1:L1")
        sheet["A2"] = "填报单位：实验小学"
        for column, title in zip("ABCDEF", ["序号", "检查日期", "具体位置", "隐患内容", "类型", "等级"]):
            sheet[f"{column}3"] = title
            sheet.merge_cells(f"{column}3:{column}4")
        sheet["G3"] = "整改落实情况"
        sheet.merge_cells("G3:J3")
        _put(sheet, 4, [None] * 6 + ["整改措施", "责任部门", "完成时限", "资金(元)"])
        sheet["K3"] = "是否销号"
        sheet.merge_cells("K3:K4")
        sheet["L3"] = "验收情况"
        sheet.merge_cells("L3:M3")
        sheet["L4"], sheet["M4"] = "验收人员", "验收日期"
        _put(sheet, 5, [1, "9月1日", "二楼走廊", "灭火器压力不足", "消防", "一般", "更换灭火器", "派出所",
                        "9月10日", "3,000", "是", "王建国", "9月12日"])
        _put(sheet, 6, [2, "2025年9月2日", "教学楼屋顶", "屋面渗水", "校舍安全", "一般", "屋面防水维修", "学校",
                        "2026-06-30", "2.5万元", "否"])
    return _book(build)


def upload(content, name="崇义街道2024台账.xlsx"):
    return SimpleUploadedFile(name, content)


def preview(client, content, name="崇义街道2024台账.xlsx"):
    response = client.post(reverse("risks:ledger_import"), {"file": upload(content, name)})
    return response, response.context["result"]


def confirm(client, response):
    assert response.context["token"], response.context["result"].row_errors
    return client.post(reverse("risks:ledger_import"), {"confirm": response.context["token"]})


def test_a_street_ledger_imports_row_by_row_with_its_history(client, world):
    client.force_login(world.user("office"))
    response, result = preview(client, street_ledger())
    assert response.status_code == 200, result.row_errors
    assert result.header_row == 4 and result.year == 2024
    assert result.ignored_columns == ["A 列“序号”", "R 列“备注”"]
    assert result.footnote_rows == [12, 13]
    assert [(row.number, row.outcome) for row in result.rows] == [
        (5, "closed"), (6, "closed"), (7, "in_progress"), (8, "new"), (9, "submitted"), (10, "closed")]
    assert any("按已定级、待交办导入" in note for note in result.rows[3].notes)
    assert not Hazard.objects.exists()  # the preview saves nothing
    html = response.content.decode()
    assert "这些列不会导入：A 列“序号”、R 列“备注”" in html and "第 12–13 行为表尾说明或签字" in html

    assert confirm(client, response).status_code == 302
    hazards = {h.location: h for h in Hazard.objects.select_related("assigned_department")}
    assert len(hazards) == 6
    local = timezone.localtime

    canteen = hazards["食堂操作间"]
    assert (canteen.school, canteen.status, canteen.grade, canteen.category) == (world.school, "closed", "major", "fire")
    assert local(canteen.found_at).date() == date(2024, 3, 5)
    assert (canteen.assignee_kind, canteen.assigned_department) == (AssigneeKind.DEPARTMENT, world.police)
    assert (canteen.funds_amount, canteen.funds_source, canteen.deadline) == (Decimal("12000.00"), "区教委专项",
                                                                             date(2024, 4, 30))
    assert (canteen.responsible_person, canteen.measures, canteen.contingency_plan) == (
        "刘军", "更换燃气管道", "停用燃气灶，改用电器")
    assert canteen.accepted_by is None and canteen.accepted_by_name == "王建国"
    assert local(canteen.accepted_at).date() == date(2024, 5, 6) and canteen.source == "import"
    [event] = canteen.events.all()
    assert event.kind == "imported" and event.data["file"] == "崇义街道2024台账.xlsx" and event.data["row"] == 5
    assert "第 5 行导入" in event.summary()

    dorm = hazards["宿舍楼"]
    assert (dorm.school, dorm.status, dorm.assignee_kind, dorm.assigned_department) == (
        world.other_school, "closed", AssigneeKind.SCHOOL, None)
    assert local(dorm.found_at).date() == date(2024, 3, 5) and dorm.deadline == date(2024, 4, 15)  # serial 45397
    assert dorm.funds_amount == Decimal("1500.00") and local(dorm.accepted_at).date() == date(2024, 4, 20)

    field = hazards["操场"]  # "实验" names one school; 3月5日 in the ledger's year; 较大 is major
    assert (field.school, field.status, field.grade, field.assigned_department) == (
        world.school, "rectifying", "major", world.education)
    assert local(field.found_at).date() == date(2024, 3, 5) and field.funds_amount == Decimal("80000.00")
    assert field.is_overdue() and field.grade == "major"  # the supervision sweep lists it, not the import
    services.hazards_escalate()
    field.refresh_from_db()
    assert field.is_supervised()

    gate = hazards["校门口"]
    assert (gate.status, gate.grade, gate.deadline, gate.assignee_kind) == ("graded", "general", None, "")
    assert [e.kind for e in gate.events.all()] == ["reported", "graded", "imported"]

    lab = hazards["实验楼"]  # the department by its kind's label
    assert (lab.status, lab.assigned_department, lab.funds_amount) == ("submitted", world.health, Decimal("0.00"))
    assert local(lab.found_at).date() == date(2024, 12, 1)

    library = hazards["图书馆"]  # the school merged over two rows
    assert (library.school, library.status, library.assignee_kind) == (world.school, "closed", AssigneeKind.SCHOOL)
    assert local(library.accepted_at) == timezone.make_aware(datetime(2024, 6, 12, 10, 30))


def test_a_schools_own_ledger_with_a_two_row_header(client, world):
    client.force_login(world.user("office"))
    response, result = preview(client, school_ledger(), "实验小学.xlsx")
    assert response.status_code == 200, result.row_errors
    assert result.year == 2025 and [row.outcome for row in result.rows] == ["closed", "in_progress"]
    confirm(client, response)
    corridor, roof = Hazard.objects.get(location="二楼走廊"), Hazard.objects.get(location="教学楼屋顶")
    assert corridor.school == roof.school == world.school
    assert (corridor.status, corridor.funds_amount, corridor.deadline) == ("closed", Decimal("3000.00"),
                                                                           date(2025, 9, 10))
    assert corridor.accepted_by_name == "王建国" and timezone.localtime(corridor.accepted_at).date() == date(2025, 9, 12)
    assert (roof.status, roof.category, roof.assignee_kind, roof.funds_amount) == (
        "assigned", "facilities", AssigneeKind.SCHOOL, Decimal("25000.00"))


def test_one_bad_row_saves_nothing_and_each_refusal_names_its_cell(client, world):
    def build(sheet):
        sheet["A1"] = "隐患台账"
        _put(sheet, 2, ["学校", "发现时间", "隐患部位", "隐患描述", "类别", "等级", "责任单位", "整改时限", "整改资金",
                        "状态", "验收人", "验收时间"])
        _put(sheet, 3, ["实验小学", "2024-03-05", "食堂", "燃气管道老化", "消防", "一般", "派出所", "2024-04-01",
                        "100", "已销号", "王建国", "2024-04-02"])
        _put(sheet, 4, ["实验小学", "2024-03-06", "锅炉房", "压力表失灵", "消防", "重大", "派出所", None, None,
                        "整改中"])
        _put(sheet, 5, ["实验小学", "2024-03-07", "操场", "围墙开裂", "设施设备", "一般", "派出所", "2024-04-01",
                        None, "已销号"])
        _put(sheet, 6, ["学", "2024-03-08", "大门", "门禁损坏", "治安", "一般", "城管", "2024-04-01", "若干"])
        _put(sheet, 7, ["实验小学", "3月9日", "屋顶", "渗水", "设施设备", "特大", None, None, None, "搁置"])
    client.force_login(world.user("office"))
    response, result = preview(client, _book(build))
    assert response.status_code == 400 and response.context["token"] is None
    messages = [message for _number, message in result.row_errors]
    assert "第 4 行 H 列（整改时限）：重大隐患正在整改，须写明整改时限。" in messages
    assert "第 5 行 K 列（验收人）：已销号的隐患须写明验收人。" in messages
    assert "第 5 行 L 列（验收时间）：已销号的隐患须写明验收时间。" in messages
    assert any(m.startswith("第 6 行 A 列（学校）：学校“学”可能是：") and "实验小学" in m and "崇义中学" in m
               for m in messages)
    assert any(m.startswith("第 6 行 I 列（整改资金）：整改资金“若干”无法识别为金额") for m in messages)
    assert any(m.startswith("第 7 行 B 列（发现时间）：发现时间“3月9日”没有写年份") for m in messages)
    assert any(m.startswith("第 7 行 F 列（等级）：隐患等级“特大”无效") for m in messages)
    assert any(m.startswith("第 7 行 J 列（状态）：整改状态“搁置”无法识别") for m in messages)
    assert [row.outcome for row in result.rows][0] == "closed" and not Hazard.objects.exists()
    # Confirmed anyway (the API's dry_run=false): all rows or none.
    from risks import ledger
    assert not ledger.import_ledger(_book(build), actor=world.user("office"), dry_run=False).is_valid
    assert not Hazard.objects.exists()


def test_the_same_ledger_twice_creates_nothing_twice(client, world):
    client.force_login(world.user("office"))
    response, _result = preview(client, street_ledger())
    confirm(client, response)
    assert Hazard.objects.count() == 6
    response, result = preview(client, street_ledger())
    assert response.status_code == 200 and {row.outcome for row in result.rows} == {"existing"}
    assert result.created == 0 and response.context["token"] is None and "都已导入过" in response.content.decode()
    from risks import ledger
    again = ledger.import_ledger(street_ledger(), actor=world.user("office"), dry_run=False)
    assert again.is_valid and again.created == 0 and Hazard.objects.count() == 6


def test_a_synonym_added_by_the_office_is_read(client, world):
    headers = ("学校", "发现时间", "隐患部位", "问题摘要", "类别")
    content = _book(lambda s: [_put(s, 1, headers), _put(s, 2, ["实验小学", "2024-01-02", "门卫室", "监控黑屏", "治安"])])
    client.force_login(world.user("office"))
    response, result = preview(client, content)
    assert result.errors == ["缺少必需的列：隐患描述。"]
    LedgerSynonym.objects.create(kind="column", target="description", text="问题摘要")
    response, result = preview(client, content)
    assert response.status_code == 200 and result.rows[0].values["description"] == "监控黑屏"


FIELDS = ("school_id", "category", "location", "description", "status", "grade", "assignee_kind",
          "assigned_department_id", "responsible_person", "measures", "funds_amount", "funds_source", "deadline",
          "contingency_plan", "rectification_note", "acceptor_display")
MOMENTS = ("found_at", "reported_at", "submitted_at", "accepted_at")


def _snapshot():
    rows = {}
    for hazard in Hazard.objects.select_related("accepted_by"):
        values = {name: getattr(hazard, name) for name in FIELDS}
        values.update({name: getattr(hazard, name).replace(microsecond=0) if getattr(hazard, name) else None
                       for name in MOMENTS})
        rows[hazard.location] = values
    return rows


def _all_states(world):
    for status, location in [(HazardStatus.REPORTED, "图书馆"), (HazardStatus.GRADED, "锅炉房"),
                             (HazardStatus.ASSIGNED, "东侧楼梯"), (HazardStatus.RECTIFYING, "食堂"),
                             (HazardStatus.SUBMITTED, "宿舍"), (HazardStatus.CLOSED, "实验楼")]:
        make_hazard(world, status, location=location, grade="major" if status == HazardStatus.GRADED else "general")
    make_hazard(world, HazardStatus.ASSIGNED, location="操场", to="school")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_export_then_import_gives_the_same_hazards(client, world, language):
    _all_states(world)
    before = _snapshot()
    client.force_login(world.user("office"))
    client.cookies["django_language"] = language
    content = download(client.get(reverse("risks:ledger_export")))
    if language == "en":
        headers, _rows = ledger_rows(content)
        assert "Hazard location" in headers and "学校" not in headers
    Hazard.objects.all().delete()
    response, result = preview(client, content, "export.xlsx")
    assert response.status_code == 200, (result.errors, result.row_errors)
    confirm(client, response)
    assert _snapshot() == before


def test_the_export_is_filed_as_offices_file_it(client, world):
    long_chinese = "教学楼三楼东侧楼梯间扶手"  # 12 wide characters: 24 columns
    make_hazard(world, HazardStatus.CLOSED, location=long_chinese)
    client.force_login(world.user("office"))
    response = client.get(reverse("risks:ledger_export"), {"date_from": "2026-01-01", "date_to": "2026-12-31"})
    assert response.streaming  # served from a temporary file, not built in memory
    sheet = openpyxl.load_workbook(io.BytesIO(download(response))).active
    assert sheet["A1"].value == "崇义街道隐患排查整改台账（2026年1月1日至2026年12月31日）"
    assert "A1:X1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "填报单位：崇义街道" and sheet["M2"].value.startswith("填报时间：")
    headers = [cell.value for cell in sheet[3]]
    assert {"资金来源", "应急预案", "整改结果", "提交验收时间", "上报人"} <= set(headers)
    # Real date cells.
    found, deadline = sheet.cell(4, headers.index("发现时间") + 1), sheet.cell(4, headers.index("整改时限") + 1)
    assert isinstance(found.value, datetime) and found.number_format == "yyyy-mm-dd hh:mm"
    assert isinstance(deadline.value, datetime) and deadline.number_format == "yyyy-mm-dd"
    # Widths from the display width: a Chinese character counts two.
    assert sheet.column_dimensions["D"].width == 2 * len(long_chinese) + 2
    assert sheet.column_dimensions["B"].width == 2 * len("实验小学") + 2
    # Print: A4 landscape, fit to width, the header row repeated, page numbers in the footer.
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows == "$3:$3"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text


def test_display_width_counts_wide_characters_twice():
    from risks.ledger import display_width

    assert display_width("abc") == 3 and display_width("隐患") == 4 and display_width("Ａ１") == 4
    assert display_width("第一行\nlonger line") == 11


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-05", datetime(2024, 3, 5)), ("2024/3/5", datetime(2024, 3, 5)), ("2024.3.5", datetime(2024, 3, 5)),
    ("2024年3月5日", datetime(2024, 3, 5)), ("20240305", datetime(2024, 3, 5)), ("3月5日", datetime(2024, 3, 5)),
    (45356, datetime(2024, 3, 5)), (20240305, datetime(2024, 3, 5)), (date(2024, 3, 5), datetime(2024, 3, 5)),
    ("2024-03-05 14:30", datetime(2024, 3, 5, 14, 30)), ("2024年3月5日 8:05", datetime(2024, 3, 5, 8, 5)),
])
def test_dates_as_people_write_them(text, expected):
    from risks.ledger import parse_datetime

    assert parse_datetime(text, year=2024) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1500", "1500.00"), ("1,500元", "1500.00"), ("约1.2万元", "12000.00"), ("3万", "30000.00"),
    ("１，２００．５元", "1200.50"), (2500, "2500.00"), (99.5, "99.50"), ("无", None), ("", None),
])
def test_amounts_as_people_write_them(text, expected):
    from risks.ledger import parse_amount

    assert parse_amount(text) == (Decimal(expected) if expected else None)


def test_the_api_preview_says_what_each_row_becomes(world, api_for):
    buffer = io.BytesIO(street_ledger())
    buffer.name = "台账.xlsx"
    response = api_for("office").post("/api/hazards/ledger-import/", {"file": buffer}, format="multipart")
    assert response.status_code == 200, response.data
    assert [row["outcome"] for row in response.data["preview"]] == [
        "closed", "closed", "in_progress", "new", "submitted", "closed"]
    assert response.data["ignored_columns"] == ["A 列“序号”", "R 列“备注”"] and response.data["header_row"] == 4
    assert not Hazard.objects.exists()
