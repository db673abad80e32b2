"""The rectification ledger (隐患排查整改台账) in Excel, as offices file it.

Export: the filtered ledger as the offices' own sheets look (a title row, a 填报单位/填报时间 row, then the
headers), every column of the five implementations, real date cells, column widths from the display width
of the text, printable on A4 landscape. Written with openpyxl's write-only workbook into a temporary file
and served streamed, so a large export holds one chunk of hazards in memory, not the sheet.

Import: the office's existing ledgers, read with openpyxl so a merged cell reads as its range's top-left
value. The header row is found among the first rows by matching known column names (the export's headers
in every language of the site, and the spellings offices use, `LedgerSynonym`), whatever stands above it;
footnotes below the data are skipped. Values are read as people write them (dates, amounts, grades,
statuses). Every row is checked by `services.hazard_import`, the same service that saves it: the preview is
the import itself, rolled back; confirmed, all rows are saved or none.
"""
import io
import re
from copy import copy
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from organizations.models import Department, DepartmentKind, School
from organizations.scoping import scope_for, visible

from . import policies, services
from .models import (LEDGER_COLUMNS, LEDGER_STATUSES, AssigneeKind, Category, HazardEventKind, HazardGrade,
                     HazardSource, HazardStatus, LedgerSynonym, SynonymKind)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Cells that a spreadsheet could read as a formula or a DDE call (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value):
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARS.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# ---------------------------------------------------------------------------------------------
# Export

EXPORT_COLUMNS = ("number", "school", "found_at", "location", "description", "category", "grade", "reporter",
                  "reported_at", "unit", "person", "measures", "funds", "funds_source", "deadline",
                  "contingency_plan", "status", "outcome", "submitted_at", "accepted_by", "accepted_at",
                  "rejections", "overdue", "timeline")
DATETIME_COLUMNS = {"found_at", "reported_at", "submitted_at", "accepted_at"}
DATE_COLUMNS = {"deadline"}
# Long texts wrap within this width (in characters of Latin width; a Chinese character counts 2).
WIDTH_CAP, WRAPPED = 48, {"description", "measures", "contingency_plan", "outcome", "timeline", "location"}
# Where the width of a column comes from, read in a first pass over the rows (values only, constant memory).
WIDTH_SOURCES = {"school": "school__name", "location": "location", "description": "description",
                 "person": "responsible_person", "measures": "measures", "funds_source": "funds_source",
                 "contingency_plan": "contingency_plan", "outcome": "rectification_note",
                 "accepted_by": "accepted_by_name", "unit": "assigned_department__name"}
CHUNK_SIZE = 500
HEADER_ROW = 3


def display_width(text):
    """Columns a text takes in a spreadsheet: East Asian wide and full-width characters count two."""
    lines = str(text).splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def _naive(value):
    """Excel has no time zones: the local wall time, to the second."""
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


class Labels:
    """The labels of an export, translated once (not once per cell: a 10 000-row export asks 300 000 times)."""

    def __init__(self):
        self.category, self.grade, self.status, self.kind, self.source = (
            {value: str(label) for value, label in choices.choices}
            for choices in (Category, HazardGrade, HazardStatus, HazardEventKind, HazardSource))
        self.system, self.overdue, self.supervised = _("系统"), _("逾期"), _("逾期·挂牌督办")


def _row(hazard, today, labels):
    lines = []
    for event in hazard.events.all():
        line = f"{_naive(event.at):%Y-%m-%d %H:%M} {labels.kind.get(event.kind, event.kind)} {event.actor or labels.system}"
        said = event.comment or event.summary()
        lines.append(f"{line}：{said}" if said else line)
    overdue = (labels.supervised if hazard.is_supervised(today) else labels.overdue if hazard.is_overdue(today)
               else "")
    reporter = str(hazard.reported_by) if hazard.reported_by_id else labels.source.get(hazard.source, "")
    return {
        "number": hazard.number, "school": hazard.school.name, "found_at": _naive(hazard.found_at),
        "location": hazard.location, "description": hazard.description,
        "category": labels.category.get(hazard.category, ""), "grade": labels.grade.get(hazard.grade, ""),
        "reporter": reporter, "reported_at": _naive(hazard.reported_at),
        "unit": hazard.assignee_display, "person": hazard.responsible_person, "measures": hazard.measures,
        "funds": hazard.funds_amount, "funds_source": hazard.funds_source, "deadline": hazard.deadline,
        "contingency_plan": hazard.contingency_plan, "status": labels.status.get(hazard.status, ""),
        "outcome": hazard.rectification_note, "submitted_at": _naive(hazard.submitted_at),
        "accepted_by": hazard.acceptor_display, "accepted_at": _naive(hazard.accepted_at),
        "rejections": hazard.rejection_count, "overdue": overdue, "timeline": "\n".join(lines),
    }


def _widths(hazards):
    """Each column's width from its header and its longest line (first pass, values only)."""
    widths = {key: display_width(LEDGER_COLUMNS[key]) for key in EXPORT_COLUMNS}
    for key, labels in (("category", Category.labels), ("grade", HazardGrade.labels),
                        ("status", HazardStatus.labels)):
        widths[key] = max([widths[key], *(display_width(label) for label in labels)])
    widths.update(number=max(widths["number"], 9), funds=max(widths["funds"], 12), rejections=widths["rejections"],
                  overdue=max(widths["overdue"], display_width(_("逾期·挂牌督办"))), timeline=WIDTH_CAP)
    for key in DATETIME_COLUMNS:
        widths[key] = max(widths[key], 17)
    for key in DATE_COLUMNS:
        widths[key] = max(widths[key], 11)
    sources = list(WIDTH_SOURCES.items())
    for values in hazards.values_list(*(path for _key, path in sources)).iterator(chunk_size=2000):
        for (key, _path), value in zip(sources, values):
            if value and len(value) * 2 > widths[key]:  # a cheap bound first: display width <= 2 × length
                widths[key] = max(widths[key], display_width(value))
    return {key: min(width + 2, WIDTH_CAP + 2) for key, width in widths.items()}


def export_ledger(hazards, *, unit, period, today=None, chunk_size=CHUNK_SIZE):
    """A temporary file holding the .xlsx of these hazards (already scoped, filtered and ordered), at its start."""
    today = today or timezone.localdate()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("隐患整改台账"))
    widths = _widths(hazards)
    last = get_column_letter(len(EXPORT_COLUMNS))
    for index, key in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[key]
    # Print: A4 landscape, every column on one page's width, the header row on every page, page numbers.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.HeaderFooter.oddFooter.center.text = _("第 &P 页，共 &N 页")
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    half = get_column_letter(len(EXPORT_COLUMNS) // 2)
    after_half = get_column_letter(len(EXPORT_COLUMNS) // 2 + 1)
    for merged in (f"A1:{last}1", f"A2:{half}2", f"{after_half}2:{last}2"):
        sheet.merged_cells.add(CellRange(merged))

    def cell(value, **style):
        item = WriteOnlyCell(sheet, value=neutralise(value))
        for name, setting in style.items():
            setattr(item, name, setting)
        return item

    title = _("%(unit)s隐患排查整改台账（%(period)s）") % {"unit": unit, "period": period}
    sheet.append([cell(title, font=Font(bold=True, size=16), alignment=Alignment(horizontal="center"))])
    filed_on = _("%(year)d年%(month)d月%(day)d日") % {"year": today.year, "month": today.month, "day": today.day}
    sheet.append([cell(_("填报单位：%(unit)s") % {"unit": unit}), *([None] * (len(EXPORT_COLUMNS) // 2 - 1)),
                  cell(_("填报时间：%(date)s") % {"date": filed_on}, alignment=Alignment(horizontal="right"))])
    bold, centred = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.append([cell(str(LEDGER_COLUMNS[key]), font=bold, alignment=centred) for key in EXPORT_COLUMNS])
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    formats = {**dict.fromkeys(DATETIME_COLUMNS, "yyyy-mm-dd hh:mm"), **dict.fromkeys(DATE_COLUMNS, "yyyy-mm-dd"),
               "funds": "#,##0.00"}
    # Each column's style made once; a data cell copies its column's style array (styling every cell anew
    # hashes the style objects each time, the export's main cost).
    styles = [cell(None, alignment=wrap if key in WRAPPED else top,
                   **({"number_format": formats[key]} if key in formats else {}))._style for key in EXPORT_COLUMNS]
    labels = Labels()
    for hazard in hazards.prefetch_related("events__actor").iterator(chunk_size=chunk_size):
        values = _row(hazard, today, labels)
        row = []
        for key, style in zip(EXPORT_COLUMNS, styles):
            item = WriteOnlyCell(sheet, value=neutralise(values[key]))
            item._style = copy(style)
            row.append(item)
        sheet.append(row)
    content = tempfile.TemporaryFile(suffix=".xlsx")
    book.save(content)
    content.seek(0)
    return content


def _unit_of(user):
    """The unit a person files for (填报单位): their first membership's sub-district, department or school."""
    for membership in scope_for(user).memberships:
        for anchor in ("sub_district", "department", "school", "community", "district"):
            if getattr(membership, f"{anchor}_id", None):
                return str(getattr(membership, anchor))
    return ""


def _day(value):
    return _("%(year)d年%(month)d月%(day)d日") % {"year": value.year, "month": value.month, "day": value.day}


def _period(hazards, date_from, date_to):
    if date_from and date_to:
        return _("%(start)s至%(end)s") % {"start": _day(date_from), "end": _day(date_to)}
    if date_from:
        return _("%(start)s起") % {"start": _day(date_from)}
    if date_to:
        return _("截至%(end)s") % {"end": _day(date_to)}
    span = hazards.order_by().aggregate(first=Min("found_at"), last=Max("found_at"))
    first, last = (timezone.localdate(span[key]).year if span[key] else None for key in ("first", "last"))
    first, last = first or timezone.localdate().year, last or timezone.localdate().year
    if first == last:
        return _("%(year)d年度") % {"year": first}
    return _("%(first)d—%(last)d年度") % {"first": first, "last": last}


def export_response(hazards, *, user, school=None, date_from=None, date_to=None):
    """The streamed download of the ledger, for the page and the API alike."""
    # A school named in the title only when the caller sees it (a filter's id is not trusted to be in scope).
    if school is not None and not visible(user, School.objects.filter(pk=school.pk)).exists():
        school = None
    unit = str(school) if school is not None else _unit_of(user)
    content = export_ledger(hazards, unit=unit, period=_period(hazards, date_from, date_to))
    return FileResponse(content, as_attachment=True, content_type=XLSX_TYPE,
                        filename=f"hazard-ledger-{timezone.localdate():%Y%m%d}.xlsx")


# ---------------------------------------------------------------------------------------------
# Import

# The columns read into a hazard; the others a ledger may have (number, reporter, rejections, overdue,
# timeline) are known but not imported, and the preview says so.
IMPORTED = ("school", "found_at", "location", "description", "category", "grade", "reported_at", "unit", "person",
            "measures", "funds", "funds_source", "deadline", "contingency_plan", "status", "outcome",
            "submitted_at", "accepted_by", "accepted_at")
REQUIRED_COLUMNS = ("school", "location", "description", "category")
TEMPLATE_COLUMNS = ("school", "found_at", "location", "description", "category", "grade")
HEADER_SEARCH_ROWS = 10
MAX_IMPORT_ROWS = 2000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Rows below the data that are notes and signatures, not hazards (the first filled cell starts so).
FOOTNOTE = re.compile(r"^(填表说明|填报说明|备注|说明|注[:：]|注\d|附注|填表人|制表人|填报人|审核人|审核|负责人|单位负责人|"
                      r"分管领导|主要负责人|签字|签名|盖章|（盖章）|\(盖章\)|合计|总计|小计)")
# Which field of the service each column feeds (to name the cell of a refusal).
SERVICE_FIELDS = {"school": "school", "found_at": "found_at", "location": "location", "description": "description",
                  "category": "category", "grade": "grade", "reported_at": "reported_at", "department": "unit",
                  "assignee_kind": "unit", "responsible_person": "person", "measures": "measures",
                  "funds_amount": "funds", "funds_source": "funds_source", "deadline": "deadline",
                  "contingency_plan": "contingency_plan", "status": "status", "rectification_note": "outcome",
                  "submitted_at": "submitted_at", "accepted_by_name": "accepted_by", "accepted_at": "accepted_at"}
SCHOOL_ITSELF = ("学校", "本校", "校方", "学校自行整改", "学校自查自改")


class RowOutcome:
    NEW = "new"
    CLOSED = "closed"
    SUBMITTED = "submitted"
    IN_PROGRESS = "in_progress"
    EXISTING = "existing"
    ERROR = "error"


OUTCOME_LABELS = {
    RowOutcome.NEW: _("新隐患"), RowOutcome.CLOSED: _("销号历史（已销号）"), RowOutcome.SUBMITTED: _("待验收（历史）"),
    RowOutcome.IN_PROGRESS: _("整改中（已交办）"), RowOutcome.EXISTING: _("已导入过，不重复导入"),
    RowOutcome.ERROR: _("有错误"),
}


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list = field(default_factory=list)  # (column letter or "", header as written or "", message)
    notes: list = field(default_factory=list)
    outcome: str = ""

    def refuse(self, message, letter="", header=""):
        self.errors.append((letter, header, str(message)))

    @property
    def messages(self):
        """Each refusal named by its row as Excel shows it and its cell: 第 7 行 F 列（整改时限）：…"""
        said = []
        for letter, header, message in self.errors:
            if letter:
                said.append(_("第 %(row)d 行 %(column)s 列（%(header)s）：%(message)s") % {
                    "row": self.number, "column": letter, "header": header, "message": message})
            else:
                said.append(_("第 %(row)d 行：%(message)s") % {"row": self.number, "message": message})
        return said

    @property
    def outcome_label(self):
        return OUTCOME_LABELS.get(self.outcome, "")

    @property
    def category_label(self):
        return Category(self.values["category"]).label if self.values.get("category") else ""

    @property
    def grade_label(self):
        return HazardGrade(self.values["grade"]).label if self.values.get("grade") else ""


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # file-level problems
    ignored_columns: list = field(default_factory=list)  # "F 列“备注”": in the file, not imported
    footnote_rows: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)  # import key → (column letter, header as written)
    header_row: int = 0
    year: int | None = None
    created: int = 0
    dry_run: bool = True

    @property
    def row_count(self):
        return len(self.rows)

    @property
    def rows_with_errors(self):
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self):
        return not self.errors and all(not row.errors for row in self.rows)

    @property
    def row_errors(self):
        return [(row.number, message) for row in self.rows for message in row.messages]

    @property
    def ignored_list(self):
        return _list(self.ignored_columns)

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def summary(self):
        return {outcome: self.count(outcome) for outcome in OUTCOME_LABELS if self.count(outcome)}


def import_template():
    """An empty ledger to fill in, with the import headers and one example row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("隐患导入模板")
    sheet.append([str(LEDGER_COLUMNS[key]) for key in TEMPLATE_COLUMNS])
    sheet.append(["涪陵区实验小学", "2026-11-30", "教学楼三楼东侧楼梯", "楼梯扶手松动", str(Category.FACILITIES.label),
                  str(HazardGrade.GENERAL.label)])
    for index, key in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, display_width(LEDGER_COLUMNS[key]) + 4)
    content = tempfile.SpooledTemporaryFile()
    book.save(content)
    content.seek(0)
    return content.read()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time() else value.date().isoformat()
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_PREFIXES:  # a cell our export neutralised: read as typed
        text = text[1:].strip()
    return text


def _key(text):
    """How a header or label is compared: case, spaces, line breaks, full-width brackets and marks set aside."""
    text = unicodedata.normalize("NFKC", _text(text)).casefold()
    return re.sub(r"[\s*:：]+", "", text)


def _in_every_language(text):
    """How each language of the site says a translatable text, as import keys."""
    said = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said.add(_key(str(text)))
    return said


def _by_label(choices):
    """Stored value by label in any language, or by the value itself."""
    mapping = {}
    for value, label in choices:
        mapping.update(dict.fromkeys(_in_every_language(label), value))
        mapping[_key(value)] = value
    return mapping


def _list(items):
    """Names listed in the reader's language: 消防、交通 / Fire safety, Traffic."""
    # Translators: the separator between the items of a list.
    return _("、").join(str(item) for item in items)


class Vocabulary:
    """Every spelling the import understands: the site's own labels in every language, and the synonyms."""

    def __init__(self):
        self.columns = {}
        for key, label in LEDGER_COLUMNS.items():
            self.columns.update(dict.fromkeys(_in_every_language(label), key))
        self.categories = _by_label(Category.choices)
        self.grades = _by_label(HazardGrade.choices)
        self.statuses = _by_label(HazardStatus.choices)
        maps = {SynonymKind.COLUMN: self.columns, SynonymKind.CATEGORY: self.categories,
                SynonymKind.GRADE: self.grades, SynonymKind.STATUS: self.statuses}
        for kind, target, text in LedgerSynonym.objects.values_list("kind", "target", "text"):
            if kind in maps:
                maps[kind].setdefault(_key(text), target)
        self.filed_by = _in_every_language(_("填报单位"))
        self.filed_on = _in_every_language(_("填报时间"))
        self.school_itself = {_key(text) for text in SCHOOL_ITSELF} | _in_every_language(AssigneeKind.SCHOOL.label)
        self.department_kinds = _by_label(DepartmentKind.choices)


# Dates as people write them; the year may come from the ledger's 填报时间 (3月5日).
FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                       r"(?:[\sT]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?)?$")
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
MONTH_DAY = re.compile(r"^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$")
YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|[-/.])")


class NoYear(ValueError):
    pass


def parse_datetime(value, year=None):
    """A naive datetime (midnight for a date), or None for an empty cell; ValueError when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return parse_datetime(str(int(value)), year)
        if 1 <= value < 80000:  # an Excel serial number (a date cell whose format was lost)
            return from_excel(value).replace(microsecond=0)
        raise ValueError(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        if match := FULL_DATE.match(text):
            parts = [int(part) if part else 0 for part in match.groups()]
            return datetime(*parts)
        if match := COMPACT_DATE.match(text):
            return datetime(*(int(part) for part in match.groups()))
        if match := MONTH_DAY.match(text):
            if year is None:
                raise NoYear(text)
            return datetime(year, int(match.group(1)), int(match.group(2)))
    except NoYear:
        raise
    except ValueError:  # 2024-02-30
        pass
    raise ValueError(text)


AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)(万元|万|元)?$")


def parse_amount(value, factor=1):
    """Decimal yuan, or None for an empty cell; 元, 万元 (× 10 000), commas and 约 as people write them."""
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return (Decimal(str(value)) * factor).normalize() + Decimal("0.00")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"[\s,，￥¥]|^约|^大约|^合计", "", text)
    if text in ("", "无", "/", "-", "—", "——"):
        return None
    match = AMOUNT.match(text)
    if not match:
        raise ValueError(text)
    unit = match.group(2)
    multiplier = 10000 if unit in ("万元", "万") else 1 if unit == "元" else factor
    try:
        return (Decimal(match.group(1)) * multiplier).normalize() + Decimal("0.00")
    except InvalidOperation as error:
        raise ValueError(text) from error


def _aware(value):
    return timezone.make_aware(value) if value is not None else None


class SchoolNames:
    """A school by its full name or by a part of it that names exactly one school the office reaches."""

    def __init__(self, actor):
        reachable = policies.hazard_report.filter(actor, visible(actor, School.objects.all()))
        self.schools = list(reachable.select_related("sub_district"))
        self.by_key = {_key(school.name): school for school in self.schools}

    def find(self, name):
        """(school, refusal)."""
        key = _key(name)
        if not key:
            return None, _("学校不能为空。")
        if key in self.by_key:
            return self.by_key[key], None
        candidates = [school for school in self.schools if key in _key(school.name)]
        if len(candidates) == 1:
            return candidates[0], None
        if candidates:
            return None, _("学校“%(name)s”可能是：%(candidates)s，请写全称。") % {
                "name": name, "candidates": _list(school.name for school in candidates)}
        return None, _("学校“%(name)s”不存在或不在您的管辖范围内。") % {"name": name}


class Units:
    """The responsible unit: the school itself, or a department of the school's sub-district by its name, a
    part of its name, or its kind (派出所)."""

    def __init__(self, vocabulary, schools):
        self.vocabulary = vocabulary
        self.departments = {}
        for department in Department.objects.filter(sub_district__in={s.sub_district_id for s in schools}):
            self.departments.setdefault(department.sub_district_id, []).append(department)

    def find(self, text, school):
        """(assignee_kind, department, refusal)."""
        key = _key(text)
        if not key:
            return "", None, None
        if key in self.vocabulary.school_itself or key == _key(school.name):
            return AssigneeKind.SCHOOL, None, None
        departments = self.departments.get(school.sub_district_id, [])
        kind = self.vocabulary.department_kinds.get(key)
        found = ([d for d in departments if _key(d.name) == key] or [d for d in departments if d.kind == kind]
                 or [d for d in departments if key in _key(d.name) or _key(d.name) in key])
        if len(found) == 1:
            return AssigneeKind.DEPARTMENT, found[0], None
        choices = found or departments
        return "", None, _("责任单位“%(value)s”无法对应到本街道的部门，应为：%(choices)s，或“学校自行整改”。") % {
            "value": text, "choices": _list(d.name for d in choices)}


@dataclass
class Sheet:
    rows: list  # each a list of cell values, merged cells filled with their range's top-left value
    max_column: int


def _read_sheet(data):
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheet = book.worksheets[0]
    merged = {}
    for cells in sheet.merged_cells.ranges:
        value = sheet.cell(row=cells.min_row, column=cells.min_col).value
        for row in range(cells.min_row, cells.max_row + 1):
            for column in range(cells.min_col, cells.max_col + 1):
                merged[(row, column)] = value
    rows = []
    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if merged:
            row = [merged.get((index, column), value) for column, value in enumerate(row, start=1)]
        rows.append(list(row))
    return Sheet(rows, sheet.max_column)


def _header(sheet, vocabulary):
    """(header row index, header texts by column) found among the first rows; a two-row header is joined."""
    def known(row):
        return sum(1 for value in row if _key(value) in vocabulary.columns)

    candidates = sheet.rows[:HEADER_SEARCH_ROWS]
    counts = [known(row) for row in candidates]
    if not counts or max(counts) == 0:
        return None, [], 0
    index = counts.index(max(counts))
    names = [_text(value) for value in sheet.rows[index]]
    consumed = 1
    if index + 1 < len(sheet.rows) and known(sheet.rows[index + 1]) >= 2:  # 整改情况 over 验收人 | 验收时间
        below = sheet.rows[index + 1]
        names = [_text(below[i]) if i < len(below) and _key(below[i]) in vocabulary.columns else name
                 for i, name in enumerate(names)]
        consumed = 2
    return index, names, consumed


def _context(sheet, header_index, vocabulary):
    """What the rows above the header say: 填报单位 and the ledger's year (填报时间, else the title's)."""
    unit, year, title_year = "", None, None
    texts = dict.fromkeys(_text(value) for row in sheet.rows[:header_index] for value in row)  # merged: once
    for text in filter(None, texts):
        for part in re.split(r"\s{2,}|\u3000+", text):
            label, colon, rest = part.partition("：") if "：" in part else part.partition(":")
            if colon and _key(label) in vocabulary.filed_by:
                unit = rest.strip()
            elif colon and _key(label) in vocabulary.filed_on and (match := YEAR.search(rest)):
                year = int(match.group(1))
            elif title_year is None and (match := YEAR.search(part)):
                title_year = int(match.group(1))
    return unit, year or title_year


def _cells(raw, positions):
    return {key: raw[index] if index < len(raw) else None for key, index in positions.items()}


def read_ledger(data, *, actor):
    """Parse an uploaded .xlsx into rows of values, with what cannot be read refused by row and cell."""
    result = ImportResult()
    if not data.startswith(b"PK\x03\x04"):
        result.errors.append(_("文件不是 Excel（.xlsx）格式，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"))
        return result
    try:
        sheet = _read_sheet(data)
    except Exception:  # noqa: BLE001 - any parse failure of a corrupt workbook is the same answer to the person
        result.errors.append(_("无法读取该 Excel 文件，请确认文件未损坏且为 .xlsx 格式。"))
        return result
    vocabulary = Vocabulary()
    found = _header(sheet, vocabulary)
    if found[0] is None:
        result.errors.append(_("缺少必需的列：%(columns)s。") % {
            "columns": _list(LEDGER_COLUMNS[key] for key in REQUIRED_COLUMNS)})
        return result
    header_index, names, consumed = found
    result.header_row = header_index + 1
    positions, headers = {}, {}
    for index, name in enumerate(names):
        key = vocabulary.columns.get(_key(name))
        if key in IMPORTED and key not in positions:
            positions[key], headers[key] = index, name
            result.columns[key] = (get_column_letter(index + 1), name)
        elif name:
            result.ignored_columns.append(_("%(column)s 列“%(name)s”") % {
                "column": get_column_letter(index + 1), "name": name})
    filed_by, result.year = _context(sheet, header_index, vocabulary)
    schools = SchoolNames(actor)
    default_school = schools.find(filed_by)[0] if filed_by and "school" not in positions else None
    missing = [LEDGER_COLUMNS[key] for key in REQUIRED_COLUMNS
               if key not in positions and not (key == "school" and default_school)]
    if missing:
        result.errors.append(_("缺少必需的列：%(columns)s。") % {"columns": _list(missing)})
        return result
    first_data = header_index + consumed
    if len(sheet.rows) - first_data > MAX_IMPORT_ROWS:
        result.errors.append(_("一次最多导入 %(n)d 行。") % {"n": MAX_IMPORT_ROWS})
        return result
    factor = 10000 if "funds" in headers and "万" in headers["funds"] else 1
    units = Units(vocabulary, schools.schools)
    in_footnotes = False
    for index in range(first_data, len(sheet.rows)):
        raw = sheet.rows[index]
        filled = [_text(value) for value in raw if _text(value)]
        if not filled:
            continue
        if in_footnotes or FOOTNOTE.match(filled[0]):
            in_footnotes = True
            result.footnote_rows.append(index + 1)
            continue
        cells = _cells(raw, positions)
        if all(_text(value) == "" for value in cells.values()):
            continue
        if sum(1 for value in raw if _key(value) in vocabulary.columns) >= max(3, len(positions) // 2):
            continue  # the header repeated (a ledger pasted from printed pages)
        result.rows.append(_read_row(index + 1, cells, positions, headers, vocabulary, schools, units,
                                     default_school, result.year, factor))
    if not result.rows and not result.errors:
        result.errors.append(_("文件中没有数据行。"))
    return result


def _read_row(number, cells, positions, headers, vocabulary, schools, units, default_school, year, factor):
    row = ImportRow(number=number, values={})

    def where(key):
        return (get_column_letter(positions[key] + 1), headers[key]) if key in positions else ("", "")

    def text(key):
        return _text(cells.get(key))

    values = row.values
    name = text("school")
    if name or default_school is None:
        values["school"], refusal = schools.find(name)
        if refusal:
            row.refuse(refusal, *where("school"))
    else:
        values["school"] = default_school
    for key in ("location", "description"):
        values[key] = text(key)
        if not values[key]:
            row.refuse(_("%(column)s不能为空。") % {"column": LEDGER_COLUMNS[key]}, *where(key))
    category = text("category")
    values["category"] = vocabulary.categories.get(_key(category))
    if values["category"] is None:
        row.refuse(_("类别“%(value)s”无效，应为：%(choices)s。") % {
            "value": category, "choices": _list(label for _v, label in Category.choices)}, *where("category"))
    grade = text("grade")
    values["grade"] = vocabulary.grades.get(_key(grade)) if grade else ""
    if values["grade"] is None:
        row.refuse(_("隐患等级“%(value)s”无效，应为“一般隐患”或“重大隐患”，或留空。") % {"value": grade}, *where("grade"))
    for key in ("found_at", "reported_at", "submitted_at", "accepted_at", "deadline"):
        try:
            moment = parse_datetime(cells.get(key), year)
        except NoYear:
            row.refuse(_("%(column)s“%(value)s”没有写年份，表头上方也没有填报时间，无法确定年份。") % {
                "column": LEDGER_COLUMNS[key], "value": text(key)}, *where(key))
            continue
        except ValueError:
            if key == "found_at":
                row.refuse(_("发现时间“%(value)s”无法识别，请使用 2026-11-30 这样的日期。") % {"value": text(key)},
                           *where(key))
            else:
                row.refuse(_("%(column)s“%(value)s”无法识别，请使用 2026-11-30 这样的日期。") % {
                    "column": LEDGER_COLUMNS[key], "value": text(key)}, *where(key))
            continue
        values[key] = moment.date() if key == "deadline" and moment else _aware(moment)
    try:
        values["funds_amount"] = parse_amount(cells.get("funds"), factor)
    except ValueError:
        row.refuse(_("整改资金“%(value)s”无法识别为金额，请写数字，例如 1500 或 1.5万元。") % {"value": text("funds")},
                   *where("funds"))
    status = text("status")
    values["status"] = ""
    if status:
        target = vocabulary.statuses.get(_key(status))
        if target is None:
            row.refuse(_("整改状态“%(value)s”无法识别，应为：%(choices)s 等。") % {
                "value": status, "choices": _list(HazardStatus.labels)}, *where("status"))
        else:
            values["status"] = LEDGER_STATUSES[target]
    values["assignee_kind"], values["department"] = "", None
    if values.get("school") is not None:
        kind, department, refusal = units.find(text("unit"), values["school"])
        if refusal:
            row.refuse(refusal, *where("unit"))
        values["assignee_kind"], values["department"] = kind, department
    for key, name in (("person", "responsible_person"), ("measures", "measures"), ("funds_source", "funds_source"),
                      ("contingency_plan", "contingency_plan"), ("outcome", "rectification_note"),
                      ("accepted_by", "accepted_by_name")):
        values[name] = text(key)
    if not values["status"]:  # no status column: what the row holds tells
        if values["accepted_by_name"] and values.get("accepted_at"):
            values["status"] = HazardStatus.CLOSED
        elif values["assignee_kind"] and values.get("deadline"):
            values["status"] = HazardStatus.ASSIGNED
    if values["status"] in services.HISTORY_STATUSES and not values["grade"] and not row.errors:
        values["grade"] = HazardGrade.GENERAL
        row.notes.append(_("未写隐患等级，按一般隐患导入。"))
    return row


SERVICE_KWARGS = ("school", "category", "location", "description", "found_at", "grade", "status", "assignee_kind",
                  "department", "responsible_person", "measures", "funds_amount", "funds_source", "deadline",
                  "contingency_plan", "rectification_note", "submitted_at", "accepted_by_name", "accepted_at",
                  "reported_at")
OUTCOMES = {HazardStatus.CLOSED: RowOutcome.CLOSED, HazardStatus.SUBMITTED: RowOutcome.SUBMITTED,
            HazardStatus.ASSIGNED: RowOutcome.IN_PROGRESS, HazardStatus.RECTIFYING: RowOutcome.IN_PROGRESS}


def _save_row(row, *, actor, file_name, columns):
    """One readable row through the service, in its own savepoint; a refusal is named by its cell."""
    try:
        with transaction.atomic():
            hazard, created = services.hazard_import(
                actor=actor, file_name=file_name, row=row.number,
                **{name: row.values.get(name) for name in SERVICE_KWARGS})
    except ValidationError as error:
        for name, messages in (error.message_dict.items() if hasattr(error, "error_dict")
                               else [("", error.messages)]):
            letter, header = columns.get(SERVICE_FIELDS.get(name, ""), ("", ""))
            for message in messages:
                row.refuse(message, letter, header)
        return False
    except PermissionDenied as error:
        row.refuse(str(error) or _("您无权进行此操作。"))
        return False
    row.outcome = OUTCOMES.get(hazard.status, RowOutcome.NEW) if created else RowOutcome.EXISTING
    if created and row.values["status"] in (HazardStatus.ASSIGNED, HazardStatus.RECTIFYING) \
            and hazard.status == HazardStatus.GRADED:
        row.notes.append(_("缺少整改时限或责任单位，按已定级、待交办导入，请交办时补齐五落实。"))
    return created


def import_ledger(data, *, actor, dry_run, file_name="ledger.xlsx"):
    """Read and check every row with the service that saves it: the preview (dry_run) is the import rolled
    back, so it refuses exactly what saving would; a confirmed import keeps all rows or none."""
    if not policies.ledger_import.possible(actor):
        raise PermissionDenied(_("只有街道办可以导入台账。"))
    if len(data) > MAX_IMPORT_BYTES:
        return ImportResult(errors=[_("文件超过 5 MB，请分批导入。")], dry_run=dry_run)
    result = read_ledger(data, actor=actor)
    result.dry_run = dry_run
    if result.errors:
        return result
    with transaction.atomic():
        for row in result.rows:
            if not row.errors and _save_row(row, actor=actor, file_name=file_name, columns=result.columns):
                result.created += 1
            if row.errors:
                row.outcome = RowOutcome.ERROR
        if dry_run or not result.is_valid:
            transaction.set_rollback(True)
    if not result.is_valid:
        result.created = 0
    return result
