"""The assessment's ranking as an .xlsx: one sheet per kind of unit, the formula written above the table."""
import io

import openpyxl
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(book, title, rows, result):
    sheet = book.create_sheet(title[:31])
    sheet.append([_("%(year)d 年度专项考核 · %(unit)s") % {"year": result["year"], "unit": result["sub_district"].name}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([str(result["formula_text"])])
    headers = [_("名次"), _("单位")] + [str(c.label) for c in result["criteria"]] + [_("逾期隐患"), _("得分")]
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in rows:
        rates = [float(row["rates"][c.key]["rate"]) if row["rates"][c.key]["rate"] is not None else _("不适用")
                 for c in result["criteria"]]
        sheet.append([row["rank"] or "", row["unit"].name, *rates, row["overdue"],
                      float(row["score"]) if row["score"] is not None else _("不适用")])
    for column, width in zip("ABCDEFGH", (6, 26, 14, 14, 14, 14, 10, 10)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C4"


def assessment_response(result):
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, _("部门"), result["departments"], result)
    _sheet(book, _("社区"), result["communities"], result)
    content = io.BytesIO()
    book.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="assessment-{result["year"]}-'
                                       f'{result["sub_district"].pk}.xlsx"')
    return response
