"""The rectification ledger (整改台账) in Excel: export of the filtered ledger, import of new hazards.

Export columns follow domain.md's order (found at, place, description, grade, measures, responsible
unit/person, deadline, funds, accepted by, accepted at, status), preceded by the number and the
school and followed by what the office files with it (category, rejections, overdue, timeline).

Import reads the same headers, and the labels of categories and grades, in any language of the site
(an English export imports in a Chinese session and the other way round); it validates every row first and saves nothing unless every row is
valid; saving goes through `services.hazard_report`, like a report from the browser.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX

from campus_safety import imports
from organizations.models import School
from organizations.scoping import visible

from . import policies, services
from .models import Category, HazardGrade, HazardSource

# Cells that a spreadsheet could read as a formula or a DDE call (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Reading cells and headers is shared with the other apps' imports.
_text, _key, _by_label, _list = imports.cell_text, imports.key, imports.by_label, imports.listing


def neutralise(value):
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARS.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class LedgerResource(resources.Resource):
    number = fields.Field(column_name=gettext_lazy("编号"), attribute="number")
    school = fields.Field(column_name=gettext_lazy("学校"), attribute="school__name")
    found_at = fields.Field(column_name=gettext_lazy("发现时间"))
    location = fields.Field(column_name=gettext_lazy("隐患部位"), attribute="location")
    description = fields.Field(column_name=gettext_lazy("隐患描述"), attribute="description")
    grade = fields.Field(column_name=gettext_lazy("隐患等级"))
    measures = fields.Field(column_name=gettext_lazy("整改措施"), attribute="measures")
    unit = fields.Field(column_name=gettext_lazy("责任单位"))
    person = fields.Field(column_name=gettext_lazy("责任人"), attribute="responsible_person")
    deadline = fields.Field(column_name=gettext_lazy("整改时限"))
    funds = fields.Field(column_name=gettext_lazy("整改资金（元）"), widget=widgets.FloatWidget(coerce_to_string=False))
    accepted_by = fields.Field(column_name=gettext_lazy("验收人"))
    accepted_at = fields.Field(column_name=gettext_lazy("验收时间"))
    status = fields.Field(column_name=gettext_lazy("状态"))
    category = fields.Field(column_name=gettext_lazy("类别"))
    rejections = fields.Field(column_name=gettext_lazy("退回次数"), attribute="rejection_count",
                              widget=widgets.IntegerWidget(coerce_to_string=False))
    overdue = fields.Field(column_name=gettext_lazy("逾期/督办"))
    timeline = fields.Field(column_name=gettext_lazy("处理记录"))

    class Meta:
        fields = ("number", "school", "found_at", "location", "description", "grade", "measures", "unit", "person",
                  "deadline", "funds", "accepted_by", "accepted_at", "status", "category", "rejections", "overdue",
                  "timeline")
        export_order = fields

    def __init__(self, today=None, **kwargs):
        super().__init__(**kwargs)
        self.today = today or timezone.localdate()

    def dehydrate_found_at(self, hazard):
        return _local(hazard.found_at)

    def dehydrate_grade(self, hazard):
        return hazard.get_grade_display()

    def dehydrate_unit(self, hazard):
        return hazard.assignee_display

    def dehydrate_deadline(self, hazard):
        return hazard.deadline.isoformat() if hazard.deadline else ""

    def dehydrate_funds(self, hazard):
        return float(hazard.funds_amount) if hazard.funds_amount is not None else None

    def dehydrate_accepted_by(self, hazard):
        return str(hazard.accepted_by) if hazard.accepted_by_id else ""

    def dehydrate_accepted_at(self, hazard):
        return _local(hazard.accepted_at)

    def dehydrate_status(self, hazard):
        return hazard.get_status_display()

    def dehydrate_category(self, hazard):
        return hazard.get_category_display()

    def dehydrate_overdue(self, hazard):
        if hazard.is_supervised(self.today):
            return _("逾期·挂牌督办")
        return _("逾期") if hazard.is_overdue(self.today) else ""

    def dehydrate_timeline(self, hazard):
        lines = []
        for event in hazard.events.all():
            line = f"{_local(event.at)} {event.get_kind_display()} {event.actor or _('系统')}"
            lines.append(f"{line}：{event.comment}" if event.comment else line)
        return "\n".join(lines)


def export_ledger(hazards, today=None):
    """The .xlsx bytes of these hazards (already scoped and filtered by the caller)."""
    hazards = hazards.prefetch_related("events__actor")
    exported = LedgerResource(today=today).export(queryset=hazards)
    # django-import-export escapes only "=" (and only when a setting asks): neutralise every prefix here.
    dataset = tablib.Dataset(*[tuple(neutralise(cell) for cell in row) for row in exported],
                             headers=[str(header) for header in exported.headers], title=_("隐患整改台账"))
    return XLSX().export_data(dataset)


# ---------------------------------------------------------------------------------------------
# Import

# The same headers as the export; a file is read in any language of the site, whatever the session's.
IMPORT_COLUMNS = {"school": gettext_lazy("学校"), "found_at": gettext_lazy("发现时间"),
                  "location": gettext_lazy("隐患部位"), "description": gettext_lazy("隐患描述"),
                  "category": gettext_lazy("类别"), "grade": gettext_lazy("隐患等级")}
REQUIRED_COLUMNS = ("school", "location", "description", "category")
MAX_IMPORT_ROWS = 2000


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list = field(default_factory=list)

    @property
    def category_label(self):
        return Category(self.values["category"]).label if self.values.get("category") else ""

    @property
    def grade_label(self):
        return HazardGrade(self.values["grade"]).label if self.values.get("grade") else ""


@dataclass
class ImportResult(imports.RowsResult):
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # file-level problems
    created: int = 0
    dry_run: bool = True


MAX_IMPORT_BYTES = 5 * 1024 * 1024


def import_template():
    """An empty ledger to fill in, with the import headers and one example row."""
    headers = [str(IMPORT_COLUMNS[key])
               for key in ("school", "found_at", "location", "description", "category", "grade")]
    example = ("涪陵区实验小学", "2026-11-30", "教学楼三楼东侧楼梯", "楼梯扶手松动", str(Category.FACILITIES.label),
               str(HazardGrade.GENERAL.label))
    dataset = tablib.Dataset(example, headers=headers, title=_("隐患导入模板"))
    return XLSX().export_data(dataset)


def _parse_found_at(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(9, 0)))
    text = _text(value)
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return timezone.make_aware(datetime.strptime(text, pattern))
        except ValueError:
            continue
    raise ValueError(text)


def _column_positions(headers):
    return imports.column_positions(headers, IMPORT_COLUMNS)


def read_ledger(data, *, actor):
    """Parse and validate an uploaded .xlsx; nothing is written."""
    result = ImportResult()
    if not data.startswith(b"PK\x03\x04"):
        result.errors.append(_("文件不是 Excel（.xlsx）格式，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"))
        return result
    try:
        dataset = XLSX().create_dataset(data)
    except Exception:  # noqa: BLE001 - any parse failure of a corrupt workbook is the same answer to the person
        result.errors.append(_("无法读取该 Excel 文件，请确认文件未损坏且为 .xlsx 格式。"))
        return result
    positions = _column_positions(dataset.headers or [])
    missing = [str(IMPORT_COLUMNS[key]) for key in REQUIRED_COLUMNS if key not in positions]
    if missing:
        result.errors.append(_("缺少必需的列：%(columns)s。") % {"columns": _list(missing)})
        return result
    if len(dataset) > MAX_IMPORT_ROWS:
        result.errors.append(_("一次最多导入 %(n)d 行。") % {"n": MAX_IMPORT_ROWS})
        return result

    reportable = policies.hazard_report.filter(actor, visible(actor, School.objects.all()))
    schools = {school.name: school for school in reportable}
    categories, grades = _by_label(Category.choices), _by_label(HazardGrade.choices)
    for index, raw in enumerate(dataset, start=2):
        cells = {key: raw[position] if position < len(raw) else None for key, position in positions.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue
        row = ImportRow(number=index, values={})
        name = _text(cells.get("school"))
        school = schools.get(name)
        if school is None:
            row.errors.append(_("学校“%(name)s”不存在或不在您的管辖范围内。") % {"name": name} if name
                              else _("学校不能为空。"))
        row.values["school"] = school
        for key, limit in (("location", 120), ("description", 2000)):
            text = _text(cells.get(key))
            if not text:
                row.errors.append(_("%(column)s不能为空。") % {"column": IMPORT_COLUMNS[key]})
            elif len(text) > limit:
                row.errors.append(_("%(column)s不能超过 %(n)d 个字。") % {"column": IMPORT_COLUMNS[key], "n": limit})
            row.values[key] = text
        category = _text(cells.get("category"))
        row.values["category"] = categories.get(_key(category))
        if row.values["category"] is None:
            row.errors.append(_("类别“%(value)s”无效，应为：%(choices)s。") % {
                "value": category, "choices": _list(label for _v, label in Category.choices)})
        grade = _text(cells.get("grade"))
        row.values["grade"] = grades.get(_key(grade), None) if grade else ""
        if row.values["grade"] is None:
            row.errors.append(_("隐患等级“%(value)s”无效，应为“一般隐患”或“重大隐患”，或留空。") % {"value": grade})
        elif row.values["grade"] and school is not None and not policies.hazard_grade_on_report.allows(actor, school):
            row.errors.append(_("只有街道办可以在导入时定级，请将隐患等级留空。"))
        try:
            row.values["found_at"] = _parse_found_at(cells.get("found_at"))
        except ValueError:
            row.errors.append(_("发现时间“%(value)s”无法识别，请使用 2026-11-30 这样的日期。") % {
                "value": _text(cells.get("found_at"))})
        else:
            found_at = row.values["found_at"]
            if found_at is not None and timezone.localdate(found_at) > timezone.localdate():
                row.errors.append(_("发现时间 %(value)s 晚于今天，请核对。") % {
                    "value": timezone.localdate(found_at).isoformat()})
        result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(_("文件中没有数据行。"))
    return result


def import_ledger(data, *, actor, dry_run):
    """Validate every row; unless dry_run, create them all in one transaction or none at all."""
    if not policies.ledger_import.possible(actor):
        raise PermissionDenied(_("只有街道办可以导入台账。"))
    if len(data) > MAX_IMPORT_BYTES:
        return ImportResult(errors=[_("文件超过 5 MB，请分批导入。")], dry_run=dry_run)
    result = read_ledger(data, actor=actor)
    result.dry_run = dry_run
    if dry_run or not result.is_valid:
        return result
    with transaction.atomic():
        for row in result.rows:
            values = row.values
            try:
                services.hazard_report(
                    actor=actor, school=values["school"], category=values["category"], location=values["location"],
                    description=values["description"], found_at=values["found_at"], source=HazardSource.IMPORT,
                    grade=values["grade"],
                )
            except ValidationError as error:
                row.errors.extend(error.messages)
                transaction.set_rollback(True)
                result.created = 0
                return result
            result.created += 1
    return result

