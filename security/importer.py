"""The premises register (周边场所) from Excel: a dry run that reports each row's errors, then all rows or none.

Headers are found by name, in any language of the site (名称 or Name...), with or without a note in brackets
("纬度（GCJ-02）"). A type is named by its name or its code; the coordinate system is GCJ-02 unless a row says
WGS-84 (converted, as the form does). Every row is checked with services.premises_check, so the import refuses
in the words of the form and the API; saving goes through services.premises_save, which measures each
premises against every gate and files a violation as a hazard once. A row naming a premises already
registered (same name and address in the sub-district) updates it, so importing a file twice adds nothing.
"""
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus_safety import imports
from organizations.models import School, SubDistrict
from organizations.scoping import visible

from . import policies, services
from .models import Premises, PremisesStatus, PremisesType

COLUMNS = {"name": gettext_lazy("名称"), "type": gettext_lazy("类型"), "address": gettext_lazy("地址"),
           "latitude": gettext_lazy("纬度"), "longitude": gettext_lazy("经度"), "system": gettext_lazy("坐标系"),
           "licence_no": gettext_lazy("许可证号"), "operator": gettext_lazy("经营者"), "status": gettext_lazy("状态")}
REQUIRED_COLUMNS = ("name", "type", "latitude", "longitude")
TEXT_COLUMNS = ("name", "address", "licence_no", "operator")
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
SYSTEMS = {"gcj02": "gcj02", "gcj-02": "gcj02", "gcj": "gcj02", "国测局": "gcj02", "火星坐标": "gcj02",
           "wgs84": "wgs84", "wgs-84": "wgs84", "wgs": "wgs84", "gps": "wgs84"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BRACKETED = re.compile(r"[（(](.+?)[）)]")


@dataclass
class Row:
    number: int  # the row's number in Excel (the header is row 1)
    values: dict
    errors: list = field(default_factory=list)
    existing: object = None  # the registered premises this row updates
    violations: list = field(default_factory=list)  # [(school, metres)] whose zone the premises breaks

    @property
    def action(self):
        return "update" if self.existing is not None else "create"

    @property
    def action_label(self):
        return _("更新") if self.existing is not None else _("新增")

    @property
    def type_name(self):
        return self.values["type"].name if self.values.get("type") else ""


@dataclass
class Result(imports.RowsResult):
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # problems of the whole file
    created: int = 0
    updated: int = 0
    dry_run: bool = True


def keeper_area(user):
    """The sub-district whose register this person keeps (the office, governance or law enforcement)."""
    return policies.premises_edit.filter(user, SubDistrict.objects.order_by("pk")).first()


# ---------------------------------------------------------------------------------------------
# Reading cells


_text, _list = imports.cell_text, imports.listing


def _statuses():
    return imports.by_label(PremisesStatus.choices)


def _coordinate_cell(value):
    """What geo.parse_coordinate reads: Excel's floats as their shortest decimal text."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return _text(value)


def _sheet_rows(data):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


# ---------------------------------------------------------------------------------------------
# Checking


def read(data, *, actor, area):
    """Parse and check an uploaded .xlsx for `area`'s register; nothing is written."""
    result = Result()
    if len(data) > MAX_BYTES:
        result.errors.append(_("文件超过 5 MB，请分批导入。"))
        return result
    if not data.startswith(b"PK\x03\x04"):
        result.errors.append(_("文件不是 Excel（.xlsx）格式，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"))
        return result
    try:
        sheet = _sheet_rows(data)
    except Exception:  # noqa: BLE001 - any parse failure of a corrupt workbook is the same answer to the person
        result.errors.append(_("无法读取该 Excel 文件，请确认文件未损坏且为 .xlsx 格式。"))
        return result
    positions = imports.column_positions(sheet[0] if sheet else [], COLUMNS)
    missing = [str(COLUMNS[key]) for key in REQUIRED_COLUMNS if key not in positions]
    if missing:
        result.errors.append(_("缺少必需的列：%(columns)s。") % {"columns": _list(missing)})
        return result
    if len(sheet) - 1 > MAX_ROWS:
        result.errors.append(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
        return result

    types = {}
    for premises_type in PremisesType.objects.all():
        # By code, by name, or by the short name in its brackets ("互联网上网服务营业场所（网吧）": 网吧).
        short = _BRACKETED.search(premises_type.name)
        for alias in (premises_type.code, premises_type.name, short.group(1) if short else ""):
            if alias:
                types.setdefault(alias.strip().casefold(), premises_type)
    statuses = _statuses()
    registered = {(p.name, p.address): p for p in Premises.objects.filter(sub_district=area).select_related("type")}
    schools = list(visible(actor, School.objects.filter(sub_district=area, is_active=True))
                   .prefetch_related("gates").order_by("name"))
    gates = {school.pk: services.gates_of(school) for school in schools}
    seen = {}
    for number, raw in enumerate(sheet[1:], start=2):
        cells = {key: raw[position] if position < len(raw) else None for key, position in positions.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue
        row = _check_row(number, cells, types, statuses)
        key = (row.values["name"], row.values["address"])
        if row.values["name"]:
            if key in seen:
                row.errors.append(_("与第 %(n)d 行重复（名称和地址相同）。") % {"n": seen[key]})
            else:
                seen[key] = number
        row.existing = registered.get(key)
        if not row.errors:
            candidate = Premises(type=row.values["type"], latitude=row.values["latitude"],
                                 longitude=row.values["longitude"], status=row.values["status"])
            for school in schools:
                metres, _gate = services.distance_to(school, candidate, gates[school.pk])
                if services.is_violation(candidate, metres):
                    row.violations.append((school, metres))
        result.rows.append(row)
    if not result.rows:
        result.errors.append(_("文件中没有数据行。"))
    return result


def _check_row(number, cells, types, statuses):
    values = {key: _text(cells.get(key)) for key in TEXT_COLUMNS}
    errors = []
    type_text = _text(cells.get("type"))
    values["type"] = types.get(type_text.casefold()) if type_text else None
    if not type_text:
        errors.append(_("%(column)s不能为空。") % {"column": COLUMNS["type"]})
    elif values["type"] is None:
        errors.append(_("类型“%(value)s”不存在，应为以下名称或代码之一：%(choices)s。") % {
            "value": type_text, "choices": _list(dict.fromkeys(t.name for t in types.values()))})
    status_text = _text(cells.get("status"))
    values["status"] = statuses.get(imports.key(status_text)) if status_text else PremisesStatus.OPERATING
    if values["status"] is None:
        errors.append(_("状态“%(value)s”无效，应为：%(choices)s，或留空（营业中）。") % {
            "value": status_text, "choices": _list(label for _v, label in PremisesStatus.choices)})
    system_text = _text(cells.get("system"))
    values["system"] = SYSTEMS.get(system_text.casefold().replace(" ", ""), None) if system_text else "gcj02"
    if values["system"] is None:
        errors.append(_("坐标系“%(value)s”无效，应为 GCJ-02 或 WGS-84，或留空（GCJ-02）。") % {"value": system_text})
    checked, lat, lng = services.premises_check(
        name=values["name"], type=values["type"] or PremisesType(), latitude=_coordinate_cell(cells.get("latitude")),
        longitude=_coordinate_cell(cells.get("longitude")), address=values["address"],
        licence_no=values["licence_no"], operator=values["operator"], status=values["status"] or PremisesStatus.OPERATING,
        system=values["system"] or "gcj02")
    name_missing = _("请填写场所名称。")
    for key, messages in checked.by_field.items():
        for message in messages:
            # A text over its cap is said without its column ("不能超过 120 个字"): name the column.
            named = key in TEXT_COLUMNS and message != name_missing
            errors.append(_("%(column)s：%(message)s") % {"column": COLUMNS[key], "message": message}
                          if named else message)
    values["latitude"], values["longitude"] = lat, lng
    return Row(number=number, values=values, errors=errors)


# ---------------------------------------------------------------------------------------------
# Importing


def import_premises(data, *, actor, dry_run):
    """Check every row; unless dry_run, save them all in one transaction, or none."""
    area = keeper_area(actor)
    if area is None:
        raise PermissionDenied(_("您无权进行此操作。"))
    result = read(data, actor=actor, area=area)
    result.dry_run = dry_run
    if dry_run or not result.is_valid:
        return result
    with transaction.atomic():
        for row in result.rows:
            values = row.values
            try:
                services.premises_save(
                    actor=actor, sub_district=area, premises=row.existing, name=values["name"], type=values["type"],
                    address=values["address"], latitude=values["latitude"], longitude=values["longitude"],
                    licence_no=values["licence_no"], operator=values["operator"], status=values["status"])
            except ValidationError as error:
                row.errors.extend(error.messages)
                transaction.set_rollback(True)
                result.created = result.updated = 0
                return result
            if row.existing is None:
                result.created += 1
            else:
                result.updated += 1
    return result


def template():
    """An empty register to fill in: the headers, one example row, and a sheet of the premises types."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("周边场所")
    sheet.append([str(COLUMNS[key]) for key in COLUMNS])
    cafe = PremisesType.objects.filter(prohibited=True).first()
    sheet.append(["星空网吧", cafe.name if cafe else "", "中山路 18 号", 29.7047, 107.3912, "GCJ-02",
                  "渝网文 2026001 号", "张三", str(PremisesStatus.OPERATING.label)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (24, 16, 28, 12, 12, 10, 20, 12, 10)):
        sheet.column_dimensions[letter].width = width
    types = book.create_sheet(_("场所类型"))
    types.append([_("名称"), _("代码"), _("区域内禁止"), _("禁止半径（米）")])
    for premises_type in PremisesType.objects.all():
        types.append([premises_type.name, premises_type.code, _("是") if premises_type.prohibited else _("否"),
                      premises_type.radius_m])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
