import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from risks import services
from risks.models import Hazard
from campus_safety.uploads import MAX_UPLOAD_BYTES, sniff, validate_upload

from .helpers import heic, image_bytes, pdf, photo


@pytest.mark.parametrize(("upload", "expected"), [
    (lambda: photo("a.jpg"), "image/jpeg"),
    (lambda: photo("a.png", fmt="PNG"), "image/png"),
    (lambda: photo("a.webp", fmt="WEBP"), "image/webp"),
    (heic, "image/heic"),
    (pdf, "application/pdf"),
])
def test_accepted_types_are_recognised_by_content(upload, expected):
    assert validate_upload(upload()) == expected


@pytest.mark.parametrize("content", [
    b"GIF89a\x01\x00\x01\x00",
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"<html><script>alert(1)</script></html>",
    b"MZ\x90\x00\x03",
    b"PK\x03\x04 a zip",
    b"",
])
def test_other_content_is_refused_whatever_the_name(content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"))
    assert "只能上传" in caught.value.messages[0]


def test_a_jpeg_named_like_a_pdf_is_a_jpeg():
    assert sniff(image_bytes()) == "image/jpeg"
    assert validate_upload(SimpleUploadedFile("report.pdf", image_bytes())) == "image/jpeg"


def test_files_over_ten_megabytes_are_refused():
    big = SimpleUploadedFile("big.jpg", image_bytes() + b"\x00" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as caught:
        validate_upload(big)
    assert "10 MB" in caught.value.messages[0]


@pytest.mark.django_db
def test_refused_upload_leaves_no_hazard(world):
    with pytest.raises(ValidationError):
        services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                               location="x", description="y",
                               photos=[photo(), SimpleUploadedFile("x.jpg", b"<html>")])
    assert not Hazard.objects.exists()


@pytest.mark.django_db
def test_stored_names_are_random_and_typed_by_content(world, settings):
    hazard = services.hazard_report(actor=world.user("school_officer"), school=world.school, category="fire",
                                    location="x", description="y",
                                    photos=[SimpleUploadedFile("../../etc/passwd.pdf", image_bytes()), heic()])
    names = [a.file.name for a in hazard.attachments.all()]
    assert all(name.startswith("hazards/") for name in names)
    assert names[0].endswith(".jpg") and names[1].endswith(".heic")
    assert "passwd" not in "".join(names) and len(set(names)) == 2
    assert hazard.attachments.first().original_name == "passwd.pdf"
    assert all(os.path.exists(os.path.join(settings.MEDIA_ROOT, name)) for name in names)


def test_a_file_that_only_starts_like_a_jpeg_is_refused():
    disguised = SimpleUploadedFile("scene.jpg", b"\xff\xd8\xff\xe0" + b"not really an image" * 50, "image/jpeg")
    with pytest.raises(ValidationError) as refused:
        validate_upload(disguised)
    assert refused.value.code == "bad_type"
