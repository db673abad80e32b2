"""The working-day calendar comes as a yearly list: the admin imports it from a real .xlsx
(django-import-export), a dry run first, then all rows; importing it again changes nothing."""
import io
from datetime import date

import pytest
from import_export.formats.base_formats import XLSX
from openpyxl import Workbook

from duties.admin import HolidayResource
from duties.models import Holiday


def _holidays_xlsx():
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "kind", "name"])
    sheet.append([date(2027, 1, 1), "holiday", "元旦"])
    sheet.append([date(2027, 2, 7), "makeup", "春节调休上学"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_holidays_import_from_excel_once():
    dataset = XLSX().create_dataset(_holidays_xlsx())
    preview = HolidayResource().import_data(dataset, dry_run=True)
    assert not preview.has_errors() and not Holiday.objects.filter(date__year=2027).exists()
    HolidayResource().import_data(dataset, dry_run=False)
    again = HolidayResource().import_data(dataset, dry_run=False)
    assert not again.has_errors()
    assert list(Holiday.objects.filter(date__year=2027).values_list("date", "kind")) == [
        (date(2027, 1, 1), "holiday"), (date(2027, 2, 7), "makeup")]


@pytest.mark.django_db
def test_the_admin_offers_the_import(admin_client):
    page = admin_client.get("/admin/duties/holiday/import/")
    assert page.status_code == 200
