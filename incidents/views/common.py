"""Helpers shared by the incident and supervision pages."""
import tempfile

import openpyxl
from django.core.paginator import Paginator
from django.http import FileResponse
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
# Cells a spreadsheet could read as a formula or a DDE call (OWASP "CSV injection"), as the ledger export.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def posted(request, part):
    """The submitted data on a POST (even an empty one, so it is validated), None on a GET."""
    return getattr(request, part) if request.method == "POST" else None


def apply_errors(form, error):
    """Put a service's ValidationError onto the form so the page shows it next to what was typed."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def paginate(request, rows):
    """The context the shared pagination include reads; a stale ?page= shows the nearest page."""
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return {"paginator": paginator, "page_obj": page, "object_list": page.object_list,
            "is_paginated": page.has_other_pages()}


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def naive(value):
    """Excel has no time zones: the local wall time, to the minute."""
    return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0) if value else None


def xlsx_response(*, title, headers, rows, filename, widths=None, formats=None):
    """A write-only sheet (title row, header row, the rows), streamed from a temporary file."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.freeze_panes = "B3"

    def cell(value, **style):
        item = WriteOnlyCell(sheet, value=neutralise(value))
        for name, setting in style.items():
            setattr(item, name, setting)
        return item

    sheet.append([cell(title, font=Font(bold=True, size=14))])
    bold = Font(bold=True)
    sheet.append([cell(str(header), font=bold, alignment=Alignment(horizontal="center", wrap_text=True))
                  for header in headers])
    formats = formats or {}
    for values in rows:
        sheet.append([cell(value, **({"number_format": formats[index]} if index in formats else {}))
                      for index, value in enumerate(values)])
    content = tempfile.TemporaryFile(suffix=".xlsx")
    book.save(content)
    content.seek(0)
    return FileResponse(content, as_attachment=True, content_type=XLSX_TYPE, filename=filename)
