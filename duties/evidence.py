"""Evidence uploads are checked by their content, not their name: PDF or a real image, at most 10 MB."""
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
              "image/gif": "gif"}


def check_evidence_file(upload):
    """Return the content type the bytes really are, or refuse the file."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("文件“%(name)s”超过 10 MB。") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "application/pdf"
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise ValidationError(_("文件“%(name)s”不是 PDF 或图片（JPG、PNG、WebP、GIF）。") % {"name": upload.name})
    return IMAGE_TYPES[kind]


def stored_name(content_type):
    return f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
