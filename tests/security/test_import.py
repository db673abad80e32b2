"""The premises register from Excel: a preview with each row's errors, all rows or none, a re-import updates,
a violation is filed as a hazard once. Files are real .xlsx written by openpyxl."""
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from risks import selectors as risk_selectors
from security import geo, importer
from security.models import Premises

from .helpers import gate, place

pytestmark = pytest.mark.django_db

HEADERS = ["名称", "类型", "地址", "纬度", "经度", "坐标系", "许可证号", "经营者", "状态"]


def xlsx(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "premises.xlsx"
    return buffer


def at(metres_north):
    lat, lng = place(metres_north=metres_north)
    return float(lat), float(lng)


def good_rows():
    return [["极速网吧", "网吧", "中山路 1 号", *at(150), "", "渝网文 001", "王五", "营业中"],
            ["远方网吧", "internet-cafe", "中山路 9 号", *at(250), "GCJ-02", "", "", ""],
            ["街角烟酒", "tobacco", "中山路 3 号", *at(30), "", "", "", ""]]


def zone_hazards():
    return risk_selectors.hazard_rows().filter(source_key__startswith="zone:premises:")


def test_the_preview_checks_every_row_and_saves_nothing(world):
    gate(world)
    result = importer.import_premises(xlsx(good_rows()).read(), actor=world.user("office"), dry_run=True)
    assert result.is_valid and result.dry_run and result.row_count == 3
    assert [row.action for row in result.rows] == ["create"] * 3
    # The preview says which rows will break a school's zone: the café at 150 m and the tobacco shop at 30 m.
    assert [[school for school, _m in row.violations] for row in result.rows] == [[world.school], [], [world.school]]
    assert not Premises.objects.exists() and not zone_hazards().exists()


def test_row_errors_are_reported_per_row_in_the_services_words(world):
    rows = [["", "网吧", "中山路 1 号", *at(150), "", "", "", ""],  # no name
            ["乙歌舞厅", "歌舞厅", "中山路 20 号", *at(150), "", "", "", ""],  # no such type
            ["乙网吧", "网吧", "中山路 3 号", 107.39, 29.70, "", "", "", ""],  # latitude and longitude swapped
            ["丙网吧", "网吧", "中山路 4 号", "", "", "", "", "", ""],  # no coordinates
            ["丁网吧", "网吧", "中山路 5 号", *at(150), "北京54", "", "", "停业"],  # system and status unknown
            ["甲网吧", "网吧", "中山路 2 号", *at(150), "", "", "", ""],  # fine on its own...
            ["甲网吧", "网吧", "中山路 2 号", *at(160), "", "", "", ""]]  # ...but a duplicate of the row above
    result = importer.import_premises(xlsx(rows).read(), actor=world.user("office"), dry_run=False)
    assert not result.is_valid and result.created == 0 and not Premises.objects.exists()
    errors = {row.number: row.errors for row in result.rows}
    assert errors[2] == ["请填写场所名称。"]
    assert errors[3][0].startswith("类型“歌舞厅”不存在") and "网吧" in errors[3][0]
    assert errors[4] == list(geo.coordinate_errors(107.39, 29.70).values())
    assert "不在中国境内" in errors[4][0] and "与经度填反" in errors[4][0]
    assert errors[5] == list(geo.coordinate_errors(None, None).values())
    assert any("坐标系“北京54”无效" in e for e in errors[6]) and any("状态“停业”无效" in e for e in errors[6])
    assert errors[7] == [] and errors[8] == ["与第 7 行重复（名称和地址相同）。"]


def test_one_bad_row_and_nothing_is_saved(world):
    gate(world)
    rows = good_rows() + [["坏网吧", "网吧", "中山路 7 号", 200, 107.39, "", "", "", ""]]
    result = importer.import_premises(xlsx(rows).read(), actor=world.user("office"), dry_run=False)
    assert not result.is_valid and [row.number for row in result.rows_with_errors] == [5]
    assert not Premises.objects.exists() and not zone_hazards().exists()


def test_confirm_saves_every_row_files_violations_once_and_a_reimport_updates(world):
    gate(world)
    data = xlsx(good_rows()).read()
    first = importer.import_premises(data, actor=world.user("office"), dry_run=False)
    assert first.is_valid and (first.created, first.updated) == (3, 0)
    assert Premises.objects.count() == 3
    assert sorted(h.location for h in zone_hazards()) == ["极速网吧", "街角烟酒"]

    again = importer.import_premises(data, actor=world.user("office"), dry_run=False)
    assert again.is_valid and (again.created, again.updated) == (0, 3)
    assert [row.action for row in again.rows] == ["update"] * 3
    assert Premises.objects.count() == 3 and zone_hazards().count() == 2

    changed = good_rows()
    changed[1][7] = "李四"  # the operator changes; name and address match: the premises is updated
    importer.import_premises(xlsx(changed).read(), actor=world.user("office"), dry_run=False)
    assert Premises.objects.get(name="远方网吧").operator == "李四" and Premises.objects.count() == 3


def test_english_headers_notes_in_brackets_and_wgs84_are_read(world):
    lat, lng = 29.7035, 107.3906
    rows = [["Star Internet Cafe", "internet-cafe", "1 Zhongshan Rd", lat, lng, "WGS-84", "", "", "Operating"]]
    headers = ["Name", "Type", "Address", "Latitude (GCJ-02)", "Longitude", "Coordinate system", "Licence no.",
               "Operator", "Status"]
    with translation.override("en"):
        result = importer.import_premises(xlsx(rows, headers).read(), actor=world.user("office"), dry_run=False)
    assert result.is_valid, result.row_errors
    saved = Premises.objects.get()
    expected = geo.wgs84_to_gcj02(lat, lng)
    assert float(saved.latitude) == pytest.approx(expected[0], abs=1e-6)
    assert float(saved.longitude) == pytest.approx(expected[1], abs=1e-6)


def test_english_row_errors_in_an_english_session(world):
    with translation.override("en"):
        result = importer.import_premises(xlsx([["", "nope", "", 29.7, 107.39, "", "", "", ""]]).read(),
                                          actor=world.user("office"), dry_run=True)
    assert not result.is_valid
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in message.split("“")[0]) for message in
               result.rows[0].errors), result.rows[0].errors


@pytest.mark.parametrize(("content", "words"), [
    (b"name,type\n", "不是 Excel"),
    (None, "缺少必需的列：纬度、经度"),
    ("empty", "没有数据行"),
])
def test_file_level_problems(world, content, words):
    if content is None:
        content = xlsx([["甲", "网吧"]], headers=["名称", "类型"]).read()
    elif content == "empty":
        content = xlsx([]).read()
    result = importer.import_premises(content, actor=world.user("office"), dry_run=True)
    assert not result.is_valid and words in " ".join(result.errors)


def test_the_template_has_the_headers_and_its_example_imports(world):
    content = importer.template()
    book = load_workbook(io.BytesIO(content))
    assert [cell.value for cell in book.worksheets[0][1]] == HEADERS
    assert [cell.value for cell in book.worksheets[1][1]][:2] == ["名称", "代码"]
    assert importer.import_premises(content, actor=world.user("office"), dry_run=True).is_valid


# ---------------------------------------------------------------------------------------------
# The page: upload → preview → confirm


def test_page_upload_preview_then_confirm(world, client_for):
    gate(world)
    client = client_for("office")
    assert client.get(reverse("security:premises_import")).status_code == 200
    preview = client.post(reverse("security:premises_import"), {"file": xlsx(good_rows())})
    assert preview.status_code == 200 and preview.context["token"]
    body = preview.content.decode()
    assert "检查通过：共 3 行，可以导入" in body and "data-confirm-import" in body
    assert not Premises.objects.exists()
    confirmed = client.post(reverse("security:premises_import"), {"confirm": preview.context["token"]})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("security:premises_list")
    assert Premises.objects.count() == 3 and zone_hazards().count() == 2
    stale = client.post(reverse("security:premises_import"), {"confirm": preview.context["token"]})
    assert stale.status_code == 302 and Premises.objects.count() == 3  # a token is used once


def test_page_shows_row_errors_and_offers_no_confirm(world, client_for):
    client = client_for("office")
    rows = [["甲网吧", "歌舞厅", "中山路 2 号", *at(150), "", "", "", ""]]
    response = client.post(reverse("security:premises_import"), {"file": xlsx(rows)})
    body = response.content.decode()
    assert response.status_code == 400 and "第 2 行：" in body and "类型“歌舞厅”不存在" in body
    assert "data-confirm-import" not in body and response.context["token"] is None


@pytest.mark.parametrize("person", ["school_officer", "police", "leader", "nobody"])
def test_only_the_keepers_of_the_register_import(world, client_for, person):
    client = client_for(person)
    assert client.get(reverse("security:premises_import")).status_code == 403
    assert client.post(reverse("security:premises_import"), {"file": xlsx(good_rows())}).status_code == 403
    assert client.get(reverse("security:premises_template")).status_code == 403
    assert not Premises.objects.exists()


def test_the_template_downloads_from_the_page(world, client_for):
    page = client_for("office").get(reverse("security:premises_template"))
    assert page.status_code == 200 and page["Content-Type"] == importer.XLSX_TYPE

