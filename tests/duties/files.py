import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def pdf(name="记录.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "application/pdf")


def png(name="照片.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def fake_pdf(name="病毒.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 this is a windows program", "application/pdf")


def too_big(name="大文件.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), "application/pdf")
