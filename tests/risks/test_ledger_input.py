"""Bad input on the ledger pages: the filters, the import preview and the five-implementation amounts."""
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from risks.models import Hazard, HazardStatus

from .helpers import FIVE, download, make_hazard, xlsx_upload as _xlsx

pytestmark = pytest.mark.django_db


def test_a_wrong_filter_is_shown_and_the_right_ones_still_apply(client, world):
    fire = make_hazard(world, HazardStatus.REPORTED, location="锅炉房")
    other = make_hazard(world, HazardStatus.REPORTED, location="图书馆", category="facilities")
    client.force_login(world.user("office"))
    response = client.get(reverse("risks:hazard_list"), {"category": "fire", "date_from": "2026-13-45"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-hazard="{fire.pk}"' in html and f'data-hazard="{other.pk}"' not in html
    assert "输入一个有效的日期。" in html  # the bad date is named, not silently dropped
    assert 'value="2026-13-45"' in html  # and kept as typed
    # The export of the same query follows the same (valid) filters.
    content = download(client.get(reverse("risks:ledger_export"), {"category": "fire", "date_from": "2026-13-45"}))
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(min_row=4, values_only=True))
    assert [row[0] for row in rows] == [fire.number]


def test_a_date_range_backwards_is_refused_with_a_message(client, world):
    hazard = make_hazard(world, HazardStatus.REPORTED)
    client.force_login(world.user("office"))
    today = timezone.localdate()
    html = client.get(reverse("risks:hazard_list"), {
        "date_from": today.isoformat(), "date_to": (today - timedelta(days=30)).isoformat()}).content.decode()
    assert "结束日期不能早于开始日期。" in html
    assert f'data-hazard="{hazard.pk}"' in html  # the start date alone still applies


def test_import_preview_names_category_and_grade_in_chinese(client, world):
    client.force_login(world.user("office"))
    response = client.post(reverse("risks:ledger_import"), {
        "file": _xlsx([("实验小学", "2026-10-09", "食堂操作间", "燃气管道老化", "食品", "重大隐患")])})
    assert response.status_code == 200
    table = response.content.decode().split("preview-table")[1]
    assert "食品" in table and "重大隐患" in table
    assert ">food<" not in table and ">major<" not in table


def test_import_refuses_a_found_date_in_the_future(client, world):
    client.force_login(world.user("office"))
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("risks:ledger_import"), {
        "file": _xlsx([("实验小学", tomorrow.isoformat(), "操场", "围墙开裂", "设施设备", ""),
                       ("实验小学", date(2030, 1, 1), "大门", "门禁损坏", "治安", "")])})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"第 2 行 B 列（发现时间）：发现时间 {tomorrow.isoformat()} 晚于今天" in html
    assert "第 3 行 B 列（发现时间）：发现时间 2030-01-01 晚于今天" in html
    assert response.context["token"] is None and not Hazard.objects.exists()


@pytest.mark.parametrize(("amount", "message"), [
    ("99999999999999999999", "金额不能超过 9999999999.99 元。"),
    ("-5", "金额不能为负数。"),
    ("12.345", "金额最多保留两位小数（精确到分）。"),
    ("一千", "请输入金额数字，例如 1500.50。"),
])
def test_assign_amount_errors_are_plain_chinese_and_keep_the_form(client, world, amount, message):
    hazard = make_hazard(world, HazardStatus.GRADED)
    client.force_login(world.user("office"))
    data = {f"assign-{key}": value for key, value in FIVE.items()}
    data.update({"assign-assignee_kind": "school", "assign-funds_amount": amount,
                 "assign-deadline": (timezone.localdate() + timedelta(days=7)).isoformat()})
    response = client.post(reverse("risks:hazard_assign", args=[hazard.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and FIVE["contingency_plan"] in html
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.GRADED


def test_assign_refuses_a_deadline_years_away(client, world):
    hazard = make_hazard(world, HazardStatus.GRADED)
    client.force_login(world.user("office"))
    data = {f"assign-{key}": value for key, value in FIVE.items()}
    data.update({"assign-assignee_kind": "school", "assign-deadline": "2062-12-31"})
    response = client.post(reverse("risks:hazard_assign", args=[hazard.pk]), data)
    assert response.status_code == 400
    assert "请核对年份" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.GRADED and hazard.deadline is None
    data["assign-deadline"] = (timezone.localdate() + timedelta(days=700)).isoformat()  # two years is fine
    assert client.post(reverse("risks:hazard_assign", args=[hazard.pk]), data).status_code == 302


def test_report_refuses_a_description_longer_than_the_import_allows(client, world):
    client.force_login(world.user("school_officer"))
    response = client.post(reverse("risks:hazard_report"), {
        "school": world.school.pk, "category": "fire", "location": "操场", "description": "长" * 2001})
    assert response.status_code == 400
    assert "2000" in response.content.decode() and "操场" in response.content.decode()
    assert not Hazard.objects.exists()
