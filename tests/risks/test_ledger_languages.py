"""The ledger's Excel import reads headers and labels in either language, whatever the session's language;
the export speaks the session's language."""
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from risks.models import HazardStatus

from .helpers import download, ledger_rows, make_hazard, xlsx_upload

pytestmark = pytest.mark.django_db


def office(client, world, language):
    client.force_login(world.user("office"))
    client.cookies["django_language"] = language
    return client


def rows(content):
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def dry_run(client, content):
    if isinstance(content, bytes):
        content = SimpleUploadedFile("ledger.xlsx", content)
    response = client.post(reverse("risks:ledger_import"), {"file": content})
    result = response.context["result"]
    assert response.status_code == 200 and result.is_valid, (result.errors, result.row_errors)
    return result


def test_an_english_export_imports_in_an_english_and_in_a_chinese_session(client, world):
    make_hazard(world, HazardStatus.GRADED, location="实验楼", grade="major")
    content = download(office(client, world, "en").get(reverse("risks:ledger_export")))
    header, [exported] = ledger_rows(content)
    assert "Hazard location" in header and "学校" not in header  # the export speaks the session's language
    assert (exported["Category"], exported["Hazard level"]) == ("Fire safety", "Major hazard")

    for language in ("en", "zh-hans"):
        result = dry_run(office(client, world, language), content)
        [row] = result.rows
        assert (row.values["school"], row.values["location"]) == (world.school, "实验楼"), language
        assert (row.values["category"], row.values["grade"]) == ("fire", "major"), language


def test_a_chinese_file_imports_in_an_english_session(client, world):
    content = xlsx_upload([[world.school.name, "2026-11-30", "食堂", "燃气管道老化", "食品", "一般隐患"]])
    [row] = dry_run(office(client, world, "en"), content).rows
    assert (row.values["category"], row.values["grade"]) == ("food", "general")


def test_the_english_template_imports_in_a_chinese_session(client, world):
    from organizations.models import School

    School.objects.filter(pk=world.school.pk).update(name="涪陵区实验小学")
    template = office(client, world, "en").get(reverse("risks:ledger_template")).content
    header, example = rows(template)[:2]
    assert header[4] == "Category" and example[4] == "Facilities and equipment"
    [row] = dry_run(office(client, world, "zh-hans"), template).rows
    assert (row.values["category"], row.values["grade"]) == ("facilities", "general")


def test_an_unknown_header_is_still_missing_in_either_language(client, world):
    content = xlsx_upload([["x", "", "y", "z", "消防"]], headers=["School name", "发现时间", "隐患部位", "隐患描述", "类别"])
    response = office(client, world, "en").post(reverse("risks:ledger_import"), {"file": content})
    assert response.status_code == 400
    assert response.context["result"].errors == ["Required columns are missing: Schools."]


def test_refusals_in_an_english_session_read_as_english_lists(client, world):
    content = xlsx_upload([[world.school.name, "2026-11-30", "", "燃气管道老化", "xx", ""]])
    page = office(client, world, "en").post(reverse("risks:ledger_import"), {"file": content}).content.decode()
    assert "Row 2, column E (类别): Category “xx” is not valid; it must be one of: Fire safety, Traffic, Food," in page
    assert "、" not in page and "；" not in page  # each refusal of a row on its own line
    assert "Hazard location cannot be empty.<br>Row 2, column E (类别): Category “xx”" in page


def test_refusals_in_a_chinese_session_keep_the_chinese_list(client, world):
    content = xlsx_upload([[world.school.name, "2026-11-30", "食堂", "燃气管道老化", "xx", ""]])
    page = office(client, world, "zh-hans").post(reverse("risks:ledger_import"), {"file": content}).content.decode()
    assert "第 2 行 E 列（类别）：类别“xx”无效，应为：消防、交通、食品、" in page
