"""Uploaded photos and documents (hazard photos, duty evidence): checked by their content, never by name.

Phones send JPEG, HEIC/HEIF (iPhones), sometimes PNG or WebP; offices attach PDFs. Anything else,
or anything over the size limit, is refused with a message the person can act on. Shared by every
app that takes files, so all of them accept and refuse the same things.
"""
import uuid

from PIL import Image, UnidentifiedImageError

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_STEP = 10

HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}

# content type -> extension of the stored file
EXTENSIONS = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/heic": ".heic",
    "application/pdf": ".pdf",
}


def sniff(head):
    """The content type that the first bytes prove, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def validate_upload(upload):
    """Return the proven content type of an uploaded file, or raise a ValidationError in Chinese."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("文件“%(name)s”超过 10 MB，请压缩后重新上传。"), code="too_large",
                              params={"name": name})
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None or (content_type in PILLOW_VERIFIES and not _decodes(upload)):
        raise ValidationError(
            _("文件“%(name)s”不是支持的格式：只能上传 JPEG、PNG、WebP、HEIC 照片或 PDF 文件。"),
            code="bad_type", params={"name": name},
        )
    return content_type


# Pillow can check these really are images past their first bytes; HEIC needs a plugin we do not ship.
PILLOW_VERIFIES = {"image/jpeg", "image/png", "image/webp"}


def _decodes(upload):
    try:
        with Image.open(upload) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)


def validate_uploads(uploads):
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > MAX_FILES_PER_STEP:
        raise ValidationError(_("一次最多上传 %(n)d 个文件。"), params={"n": MAX_FILES_PER_STEP})
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append((upload, validate_upload(upload)))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return checked


def stored_file(upload, content_type):
    """The upload under a random name the person cannot choose; the original name is kept for display only."""
    upload.seek(0)
    return File(upload, name=f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}")


def display_name(upload):
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:200]


DISPLAYABLE_IMAGES = ("image/jpeg", "image/png", "image/webp")


def served(stored, content_type):
    """A stored upload as a response, for a view that has just checked who may see it (never MEDIA_URL):
    a photo a browser shows is shown, anything else downloads; never sniffed, cached privately."""
    response = FileResponse(stored.open("rb"), content_type=content_type)
    disposition = "inline" if content_type in DISPLAYABLE_IMAGES else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{stored.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
