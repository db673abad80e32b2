"""The printable reports as PDF, made here with ReportLab (no browser, no service, no font download): A4, a
header with the report's title on every page and "page n of m" below. Chinese is set in the Adobe-GB1 font
every PDF reader carries (STSong-Light, a CID font ReportLab names without embedding a file)."""
import io

from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.pdfgen import canvas as pdf_canvas

FONT = "STSong-Light"
SEPARATOR = "　"  # the font has no "·"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=12.5, leading=17, spaceBefore=8, spaceAfter=4)
TITLE = ParagraphStyle("title", parent=BODY, fontSize=17, leading=23, alignment=1, spaceAfter=4)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, alignment=1, textColor=colors.HexColor("#52606d"), spaceAfter=8)


class _NumberedCanvas(pdf_canvas.Canvas):
    """Draws the header and "第 n 页 / 共 m 页" once the number of pages is known."""

    header = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, height = self._pagesize
            self.setFont(FONT, 8.5)
            self.setFillColor(colors.HexColor("#52606d"))
            self.drawString(15 * mm, height - 10 * mm, self.header)
            self.drawCentredString(width / 2, 8 * mm, _("第 %(page)d 页 / 共 %(total)d 页") % {
                "page": state["_pageNumber"], "total": total})
            super().showPage()
        super().save()


def _text(value, style=BODY):
    return Paragraph(escape("" if value is None else str(value)).replace("\n", "<br/>"), style)


def _table(headers, rows, widths=None):
    data = [[_text(h, SMALL) for h in headers]] + [[_text(cell, SMALL) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _render(story, *, header, pagesize=A4):
    buffer = io.BytesIO()
    canvas_class = type("ReportCanvas", (_NumberedCanvas,), {"header": header})
    document = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=16 * mm, bottomMargin=16 * mm, title=header, author=header)
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def _day(value):
    return f"{value:%Y-%m-%d}" if value else ""


def supervision_report_pdf(report, *, title, unit):
    """The 督导报告 of dashboards.reports.supervision_report."""
    summary = report["summary"]
    period = f"{_day(report['date_from'])} — {_day(report['date_to'])}"
    story = [_text(title, TITLE), _text(f"{unit}{SEPARATOR}{period}", SUBTITLE),
             _text(_("一、总体情况"), HEADING),
             _text(_("本期新发现隐患 %(found)d 处（其中重大隐患 %(major)d 处），销号 %(closed)d 处；截至 %(today)s，"
                     "未销号隐患 %(open)d 处，逾期未整改 %(overdue)d 处。") % {
                 "found": summary["found"], "major": summary["found_major"], "closed": summary["closed"],
                 "today": _day(report["today"]), "open": summary["open"], "overdue": summary["overdue"]}),
             _text(_("二、各学校隐患整改情况"), HEADING),
             _table([_("学校"), _("本期发现"), _("本期销号"), _("未销号"), _("逾期")],
                    [[row["school"].name, row["found"], row["closed"], row["open"], row["overdue"]]
                     for row in report["schools"]], widths=[70 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm]),
             _text(_("三、各单位逾期隐患"), HEADING)]
    overdue = report["overdue_by_department"]
    story.append(_table([_("责任单位"), _("逾期"), _("最长逾期天数")],
                        [[row["assigned_department__name"] or _("学校自行整改"), row["n"], row["days"]]
                         for row in overdue]) if overdue else _text(_("无逾期隐患。")))
    story.append(_text(_("四、职责履行情况"), HEADING))
    story.append(_table([_("责任单位"), _("任务数"), _("按时完成"), _("逾期完成"), _("逾期未完成"), _("按时完成率")],
                        [[row.get("owner_department__name") or _owner(row), row["total"], row["on_time"],
                          row["late"], row["overdue"], f"{row['rate']}%"] for row in report["duties"]])
                 if report["duties"] else _text(_("本期没有职责任务。")))
    story.append(_text(_("五、安全事故"), HEADING))
    story.append(_text(_("本期发生安全事故 %(n)d 起。") % {"n": report["incident_total"]} + (
        "（" + "，".join(f"{label} {n}" for label, n in report["incidents"]) + "）" if report["incidents"] else "")))
    story.append(_text(_("六、约谈与挂牌督办"), HEADING))
    story.append(_table([_("学校"), _("措施"), _("状态"), _("整改期限"), _("督导事由")],
                        [[row["school"], row["measure"], row["status"], _day(row["deadline"]), row["reason"]]
                         for row in report["supervision"]], widths=[40 * mm, 22 * mm, 20 * mm, 24 * mm, 74 * mm])
                 if report["supervision"] else _text(_("本期没有约谈或挂牌督办。")))
    story.append(_text(_("七、排查行动"), HEADING))
    story.append(_table([_("排查行动"), _("起止日期"), _("完成学校")],
                        [[row["title"], f"{_day(row['starts_on'])} — {_day(row['ends_on'])}",
                          f"{row['done']}/{row['total']}"] for row in report["campaigns"]])
                 if report["campaigns"] else _text(_("本期没有排查行动。")))
    if report["public_reports"] is not None:
        story.append(_text(_("八、公众举报"), HEADING))
        story.append(_text(_("本期收到公众举报 %(received)d 件，已办结 %(handled)d 件。") % report["public_reports"]))
    story.append(Spacer(1, 8 * mm))
    story.append(_text(_("%(unit)s　%(today)s") % {"unit": unit, "today": _day(report["today"])},
                       ParagraphStyle("sign", parent=BODY, alignment=2)))
    return _render(story, header=SEPARATOR.join([title, unit, period]))


def _owner(row):
    kind = row.get("definition__owner_kind")
    return {"school": _("各学校"), "community": _("各社区")}.get(kind, _("街道办"))


def school_ledger_pdf(ledger, *, title):
    """A school's rectification ledger (dashboards.reports.school_ledger), landscape A4."""
    headers = [str(label) for _key, label in ledger["fields"]]
    rows = []
    for row in ledger["rows"]:
        values = []
        for key, _label in ledger["fields"]:
            value = row[key]
            values.append(f"{value:%Y-%m-%d}" if hasattr(value, "year") else value)
        rows.append(values)
    widths = [20 * mm, 22 * mm, 34 * mm, 72 * mm, 18 * mm, 30 * mm, 22 * mm, 18 * mm, 22 * mm]
    story = [_text(title, TITLE), _text(f"{ledger['school'].name}{SEPARATOR}{_day(ledger['today'])}", SUBTITLE),
             _table(headers, rows, widths=widths) if rows else _text(_("本校没有隐患记录。"))]
    return _render(story, header=f"{title}{SEPARATOR}{ledger['school'].name}", pagesize=landscape(A4))
