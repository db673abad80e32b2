"""Builders for the risk tests: real images, and hazards driven through the real services to any state."""
import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
import openpyxl
from PIL import Image

from risks import services
from risks.models import AssigneeKind, Category, GradingScheme, HazardStatus

FIVE = {
    "funds_amount": Decimal("3000.00"), "funds_source": "学校公用经费", "responsible_person": "张伟",
    "measures": "更换损坏的消防栓并检查管网", "contingency_plan": "整改期间设置警示标志，安排专人值守",
}


def image_bytes(fmt="JPEG", colour=(200, 40, 40), size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def photo(name="scene.jpg", fmt="JPEG", colour=(200, 40, 40)):
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, image_bytes(fmt, colour), content_type=content_type)


def xlsx_upload(rows, headers=("学校", "发现时间", "隐患部位", "隐患描述", "类别", "隐患等级")):
    """A real .xlsx, as an upload, with these headers and rows."""
    book = openpyxl.Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ledger.xlsx", buffer.getvalue())


def download(response):
    """The bytes of a download, streamed (the ledger's export) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def ledger_rows(content, header_row=3):
    """The exported ledger: its headers (on the third row, below the title and the 填报单位 row) and its rows
    as dictionaries."""
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    headers = rows[header_row - 1]
    return headers, [dict(zip(headers, row)) for row in rows[header_row:]]


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def heic(name="IMG_0001.HEIC"):
    return SimpleUploadedFile(name, b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
                              content_type="image/heic")


def assign_kwargs(world, *, to="police", deadline=None):
    kwargs = dict(FIVE, deadline=deadline or timezone.localdate() + timedelta(days=14))
    if to == "school":
        kwargs.update(assignee_kind=AssigneeKind.SCHOOL, department=None)
    else:
        kwargs.update(assignee_kind=AssigneeKind.DEPARTMENT, department=getattr(world, to))
    return kwargs


def make_hazard(world, status=HazardStatus.REPORTED, *, school=None, grade="general", to="police", deadline=None,
                reporter="school_officer", location="教学楼三楼东侧楼梯", category=Category.FIRE):
    """A hazard brought to `status` by the people who would do it in life."""
    user = world.user
    school = school or world.school
    reporter_user = user(reporter) if school == world.school else user("office")
    hazard = services.hazard_report(actor=reporter_user, school=school, category=category,
                                    location=location, description="消防栓箱门损坏，水带缺失", photos=[photo()])
    if status == HazardStatus.REPORTED:
        return hazard
    hazard = services.hazard_grade(actor=user("office"), hazard=hazard, grade=grade)
    if status == HazardStatus.GRADED:
        return hazard
    # A deadline already past was set when the hazard was assigned, a week before it.
    assigned = None
    if deadline is not None and deadline < timezone.localdate():
        assigned = timezone.now() - (timezone.localdate() - deadline) - timedelta(days=7)
    hazard = services.hazard_assign(actor=user("office"), hazard=hazard, now=assigned,
                                    **assign_kwargs(world, to=to, deadline=deadline))
    if status == HazardStatus.ASSIGNED:
        return hazard
    rectifier = user("police") if to == "police" else user("school_officer") if to == "school" else user(to)
    hazard = services.hazard_start(actor=rectifier, hazard=hazard)
    if status == HazardStatus.RECTIFYING:
        return hazard
    hazard = services.hazard_submit(actor=rectifier, hazard=hazard, note="已更换消防栓箱门并补齐水带",
                                    photos=[photo("after.jpg", colour=(40, 160, 40))])
    if status == HazardStatus.SUBMITTED:
        return hazard
    return services.hazard_accept(actor=user("office"), hazard=hazard)


def lec():
    return GradingScheme.objects.get(code="lec")


def ls():
    return GradingScheme.objects.get(code="ls")
