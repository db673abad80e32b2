"""The public pages, through the test client as a phone would use them: 举报 without an account behind a
challenge the page asks, the receipt shown once, messages in Chinese next to the fields with what was typed
kept, photos checked by their content, the honeypot and the throttle, and the receipt lookup that shows the
public status and answer and nothing else, alike for every code that finds nothing."""
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from PIL import Image

from public_reports import receipts, services
from public_reports.models import PublicReport, PublicReportPhoto, ReportStatus

from .builders import solved_challenge, submit

pytestmark = pytest.mark.django_db

FORM, RECEIVED, STATUS = "/report/", "/report/received/", "/report/status/"
RECEIPT_SHAPE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
DESCRIPTION = "午休时三名高年级学生在操场角落推搡一名低年级学生，抢走了他的零花钱。"
TOO_MANY = "您在一小时内提交或查询的次数太多，请一小时后再试。情况紧急请直接拨打 110。"
# Where one field's block ends on the form: the next field, the contact fieldset, the token, the button.
NEXT_BLOCK = re.compile(r'<div class="field|<fieldset|</fieldset>|<input type="hidden" name="token"|<button')


@pytest.fixture(autouse=True)
def _language_left_as_found():
    """The locale middleware activates the chosen language in this thread and leaves it there: after an
    English page, the services' messages in later tests would be English. Put the default back."""
    yield
    translation.deactivate()


# ---------------------------------------------------------------------------------------------
# Helpers


def _body(response):
    return response.content.decode()


def _question_and_token(html):
    question = re.search(r"<span[^>]*data-question>(\d+) \+ (\d+) = \?</span>", html)
    token = re.search(r'<input type="hidden" name="token" value="([^"]+)">', html)
    assert question and token, "the form shows no challenge"
    return int(question.group(1)) + int(question.group(2)), token.group(1)


def _solved_from_page(client):
    """The challenge answered as a person answers it: the sum read off a fresh showing of the form."""
    total, token = _question_and_token(_body(client.get(FORM)))
    return str(total), token


def _values(world, **changes):
    answer, token = changes.pop("solved", None) or reversed(solved_challenge())
    values = {"school": str(world.school.pk), "kind": "bullying", "description": DESCRIPTION, "anonymous": "on",
              "contact_name": "", "contact": "", "answer": answer, "token": token, "website": ""}
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


def _field_errors(html, name):
    """The messages shown in the block of the field named `name` (after its widget, before the next field)."""
    start = html.index(f'id="id_{name}"')
    end = NEXT_BLOCK.search(html, start)
    block = html[start:end.start() if end else len(html)]
    return _all_errors(block)


FIELD_ERRORS = re.compile(r'<div class="error" role="alert" id="[^"]+">((?:<div>.*?</div>)+)</div>', re.S)
FORM_ERROR = re.compile(r'<div class="error" role="alert">(.*?)</div>', re.S)


def _all_errors(html):
    """Each message: one per inner <div> of a field's error block (its id is what the widget's
    aria-describedby names), and each form-wide error."""
    found = [message for block in FIELD_ERRORS.findall(html) for message in re.findall(r"<div>(.*?)</div>", block)]
    return found + FORM_ERROR.findall(html)


def _textarea(html, name):
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert found, f"no textarea {name}"
    return found.group(1)


def _png(name="scene.png", size=(8, 6), colour=(30, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _without_csrf(html):
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', html)


def _lookup(client, code):
    return client.post(STATUS, {"code": code})


def _shown_status(html):
    found = re.search(r"<strong[^>]*data-status>(.*?)</strong>", html, re.S)
    return found.group(1).strip() if found else None


# ---------------------------------------------------------------------------------------------
# The form


def test_the_form_asks_a_fresh_challenge_on_every_showing(client, world):
    first = client.get(FORM)
    assert first.status_code == 200
    html = _body(first)
    assert '<html lang="zh-hans">' in html and "<h1>校园安全举报</h1>" in html
    for name in ("school", "surroundings", "kind", "description", "photos", "anonymous", "contact_name",
                 "contact", "answer", "website"):
        assert f'name="{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html and 'accept="image/*"' in html
    assert re.search(r'<input type="checkbox" name="anonymous" id="id_anonymous" checked>', html)
    total, token = _question_and_token(html)
    assert 2 <= total <= 18 and len(token) > 20
    tokens = {token} | {_question_and_token(_body(client.get(FORM)))[1] for _ in range(3)}
    assert len(tokens) == 4, "a token was shown twice"
    # Nobody is preselected without ?school=, and the page needs no login.
    assert '<option value="" selected>请选择学校</option>' in html
    assert "/accounts/login/" not in first.get("Location", "")


def test_school_in_the_address_preselects_it_and_an_unknown_one_nothing(client, world):
    html = _body(client.get(FORM, {"school": world.other_school.pk}))
    assert f'<option value="{world.other_school.pk}" selected>崇义中学</option>' in html
    assert f'<option value="{world.school.pk}" selected>' not in html
    assert '<option value="" selected>请选择学校</option>' not in html

    for wanted in ("999999", "abc", ""):
        response = client.get(FORM, {"school": wanted})
        assert response.status_code == 200
        html = _body(response)
        assert not re.search(r'<option value="\d+" selected>', html), wanted
        assert '<option value="" selected>请选择学校</option>' in html


def test_a_valid_anonymous_report_gives_its_receipt_once_in_the_session(client, world):
    answer, token = _solved_from_page(client)
    response = client.post(FORM, _values(world, solved=(answer, token), contact="13800001111", contact_name="王"))
    assert response.status_code == 302 and response["Location"] == RECEIVED
    report = PublicReport.objects.get()
    assert (report.school, report.kind, report.description) == (world.school, "bullying", DESCRIPTION)
    assert report.anonymous and report.contact == "" and report.contact_name == ""  # anonymous keeps none
    assert report.client_address == "127.0.0.1" and report.status == ReportStatus.RECEIVED

    page = client.get(RECEIVED)
    assert page.status_code == 200
    shown = re.search(r'<p class="public-receipt" data-receipt>(.*?)</p>', _body(page)).group(1)
    assert RECEIPT_SHAPE.match(shown) and shown == receipts.display(report.receipt)
    assert DESCRIPTION not in _body(page)
    assert client.get(RECEIVED).status_code == 200  # a reload shows it again
    assert PublicReport.objects.count() == 1


def test_the_receipt_page_without_a_report_just_sent_goes_back_to_the_form(client, world):
    response = client.get(RECEIVED)
    assert response.status_code == 302 and response["Location"] == FORM
    submit(world)  # a report made elsewhere puts nothing in this session
    assert client.get(RECEIVED)["Location"] == FORM


@pytest.mark.parametrize("change, field, message", [
    ({"description": "   "}, "description", "请写下发生了什么：时间、地点、涉及的人和事。"),
    ({"answer": "wrong"}, "answer", "验证题答案不对，请重新计算。"),
    ({"school": ""}, "school", "请选择学校。"),
    ({"kind": ""}, "kind", "请选择举报类别。"),
    ({"anonymous": None}, "contact", "请留下联系方式，或选择匿名举报。"),
], ids=["no-description", "wrong-answer", "no-school", "no-kind", "named-without-contact"])
def test_bad_input_is_refused_next_to_its_field_with_what_was_typed_kept(client, world, change, field, message):
    change = dict(change)
    if change.get("answer") == "wrong":
        token, answer = solved_challenge()
        change.update(token=token, answer=str(int(answer) + 1))
    values = _values(world, contact_name="李女士", **change)
    if field != "description":
        values["description"] = "<b>推搡</b> " + DESCRIPTION
    files_before = _stored_files()

    response = client.post(FORM, values)
    assert response.status_code == 400
    html = _body(response)
    assert _field_errors(html, field) == [message]
    assert "请按下面的提示修改后再提交。" in html
    assert re.search(r'<div class="field[^"]* has-error">', html)
    if field != "answer":  # a screen reader reads the message with the field it belongs to
        assert f'aria-describedby="id_{field}_error"' in html and f'id="id_{field}_error"' in html
    # What was typed is kept (escaped); the answer is not, and a new challenge is asked.
    if field != "description":
        assert _textarea(html, "description") == "&lt;b&gt;推搡&lt;/b&gt; " + DESCRIPTION
        assert "<b>推搡</b>" not in html
    assert 'name="contact_name" value="李女士"' in html
    if values["school"]:
        assert f'<option value="{world.school.pk}" selected>实验小学</option>' in html
    assert '<input type="text" name="answer" id="id_answer" value=""' in html
    assert _question_and_token(html)[1] != values["token"]
    assert PublicReport.objects.count() == 0 and PublicReportPhoto.objects.count() == 0
    assert _stored_files() == files_before


def test_an_unknown_school_reads_exactly_as_no_school(client, world):
    seen = {}
    for school in ("", "999999", "abc", str(world.school.pk + world.other_school.pk + world.outside_school.pk)):
        response = client.post(FORM, _values(world, school=school))
        assert response.status_code == 400
        html = _body(response)
        seen[school] = (_field_errors(html, "school"), _all_errors(html))
        assert not re.search(r'<option value="\d+" selected>', html)
    assert len(set(map(repr, seen.values()))) == 1, seen
    assert seen[""] == (["请选择学校。"], ["请选择学校。"])
    assert PublicReport.objects.count() == 0


def test_html_typed_in_the_description_is_shown_escaped(client, world):
    typed = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post(FORM, _values(world, description=typed, kind=""))
    assert response.status_code == 400
    html = _body(response)
    assert _textarea(html, "description") == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
    assert "<script>alert" not in html and "<img src=x" not in html


def test_a_filled_honeypot_is_refused_and_nothing_saved(client, world):
    answer, token = _solved_from_page(client)
    response = client.post(FORM, _values(world, solved=(answer, token), website="http://spam.example"))
    assert response.status_code == 400
    assert PublicReport.objects.count() == 0
    # The same challenge, the honeypot left empty, goes in: it was the trap that refused it.
    assert client.post(FORM, _values(world, solved=(answer, token))).status_code == 302
    assert PublicReport.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Photos


def test_a_real_photo_is_accepted_and_stored(client, world):
    response = client.post(FORM, _values(world, photos=[_png()]))
    assert response.status_code == 302
    photo = PublicReportPhoto.objects.get()
    assert photo.report == PublicReport.objects.get() and photo.content_type == "image/png"
    assert Path(photo.file.path).is_file() and Path(photo.file.path).stat().st_size == photo.size


@pytest.mark.parametrize("upload, message", [
    (lambda: SimpleUploadedFile("scene.jpg", b"just some text, not a picture\n" * 4, content_type="image/jpeg"),
     "文件“scene.jpg”不是支持的格式：只能上传 JPEG、PNG、WebP、HEIC 照片或 PDF 文件。"),
    (lambda: SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                                content_type="application/pdf"),
     "“scan.pdf”不是照片：只能上传 JPEG、PNG、WebP 或 HEIC 照片。"),
    (lambda: [_png(f"p{n}.png") for n in range(4)], "最多上传 3 张照片。"),
], ids=["text-named-jpg", "pdf", "four-photos"])
def test_what_is_not_a_photo_or_too_many_is_refused(client, world, upload, message):
    files_before = _stored_files()
    response = client.post(FORM, _values(world, photos=upload()))
    assert response.status_code == 400
    html = _body(response)
    assert _field_errors(html, "photos") == [message]
    assert _textarea(html, "description") == DESCRIPTION
    assert PublicReport.objects.count() == 0 and PublicReportPhoto.objects.count() == 0
    assert _stored_files() == files_before


def test_photos_sent_with_a_form_in_error_are_not_kept_and_the_page_says_so(client, world):
    files_before = _stored_files()
    response = client.post(FORM, _values(world, description="", photos=[_png()]))
    assert response.status_code == 400
    assert _field_errors(_body(response), "photos") == ["表单有误，已选的 1 个文件未保存，请改正后重新选择。"]
    assert PublicReportPhoto.objects.count() == 0 and _stored_files() == files_before


# ---------------------------------------------------------------------------------------------
# The throttle


@override_settings(PUBLIC_REPORTS_PER_ADDRESS_HOUR=2)
def test_too_many_reports_from_one_address_are_refused_politely(client, world):
    for _ in range(2):
        assert client.post(FORM, _values(world)).status_code == 302
    response = client.post(FORM, _values(world))
    assert response.status_code == 429
    html = _body(response)
    assert f'<div class="public-alert" role="alert">{TOO_MANY}</div>' in html
    assert "请按下面的提示修改后再提交。" not in html
    assert _textarea(html, "description") == DESCRIPTION  # kept, to send later
    assert PublicReport.objects.count() == 2
    # Another address still gets in.
    assert client.post(FORM, _values(world), REMOTE_ADDR="192.0.2.77").status_code == 302


# ---------------------------------------------------------------------------------------------
# The lookup


def test_the_lookup_shows_the_public_status_and_answer_and_nothing_else(client, world):
    report = submit(world, anonymous=False, contact_name="王女士", contact="13800001111",
                    description="体育课后器材室里有高年级学生殴打低年级学生。")
    secrets_of_the_report = ["实验小学", "体育课后器材室", "欺凌", "bullying", "王女士", "13800001111",
                             report.number, "192.0.2.10"]

    def looked_up(code):
        response = _lookup(client, code)
        assert response.status_code == 200
        html = _body(response)
        for secret in secrets_of_the_report:
            assert secret not in html, secret
        return html

    shown = receipts.display(report.receipt)
    for code in (shown, report.receipt, shown.lower(), report.receipt.lower(), f"  {shown[:7]} {shown[7:]} "):
        html = looked_up(code)
        assert _shown_status(html) == "已收到", code
        assert "data-answer" not in html and "data-not-found" not in html

    report = services.report_to_hazard(actor=world.user("office"), report=report, category="bullying",
                                       location="器材室")
    html = looked_up(report.receipt.lower())
    assert _shown_status(html) == "处理中" and "data-answer" not in html and "器材室" not in html

    services.report_answer(actor=world.user("office"), report=report,
                           public_answer="学校已约谈相关学生家长，<b>加强</b>课间巡查。")
    html = looked_up(shown)
    assert _shown_status(html) == "已办结"
    assert "<span data-answer>学校已约谈相关学生家长，&lt;b&gt;加强&lt;/b&gt;课间巡查。</span>" in html


def test_a_dismissed_report_reads_as_done_with_its_answer_not_its_reason(client, world):
    report = submit(world)
    services.report_dismiss(actor=world.user("office"), report=report, reason="经核实为恶作剧，内部备注",
                            public_answer="经核实，未发现所述情况。")
    html = _body(_lookup(client, report.receipt))
    assert _shown_status(html) == "已办结" and "经核实，未发现所述情况。" in html
    assert "恶作剧" not in html and "不予受理" not in html


def test_every_code_that_finds_nothing_gets_the_same_page(client, world):
    report = submit(world)
    unknown = "".join("Z" if ch != "Z" else "Y" for ch in report.receipt)
    codes = [receipts.display(unknown), unknown.lower(), "OOOO-IIII-1111", "<script>x</script>!!!", "ABCD-EFGH",
             "ABCD-EFGH-JKMN-PQRS", "x" * 300, "漢字漢字-漢字漢字-漢字漢字"]
    bodies = {}
    for code in codes:
        response = _lookup(client, code)
        assert response.status_code == 200, code
        bodies[code] = _without_csrf(_body(response))
    first = bodies[codes[0]]
    assert "未找到该回执码，请核对后重新输入" in first and _shown_status(first) is None
    assert 'name="code"' in first and 'value="' + receipts.display(unknown) not in first  # the code is not echoed
    for code, body in bodies.items():
        assert body == first, f"{code!r} answers differently"
    # And a real code does answer differently.
    assert _shown_status(_body(_lookup(client, report.receipt))) == "已收到"


def test_an_empty_lookup_asks_for_the_code(client, world):
    response = _lookup(client, "   ")
    html = _body(response)
    assert response.status_code == 200 and _field_errors(html, "code") == ["请输入回执码。"]
    assert "data-not-found" not in html and _shown_status(html) is None


def test_the_code_never_travels_in_the_address(client, world):
    report = submit(world)
    for query in ({"code": report.receipt}, {"code": receipts.display(report.receipt)}):
        response = client.get(STATUS, query)
        assert response.status_code == 200
        html = _body(response)
        assert _shown_status(html) is None and "data-not-found" not in html
        # Only the language switch's way back echoes the address typed; the page itself takes nothing from it.
        page = re.sub(r'<input name="next" type="hidden" value="[^"]*">', "", html)
        assert report.receipt not in page and receipts.display(report.receipt) not in page
    form = _body(client.get(STATUS))
    assert re.search(r'<form method="post"[^>]*class="public-form"', form)


@override_settings(PUBLIC_LOOKUPS_PER_ADDRESS_HOUR=2)
def test_too_many_lookups_from_one_address_are_refused_politely(client, world):
    report = submit(world)
    assert _lookup(client, "ABCD-EFGH-JKMN").status_code == 200
    assert _shown_status(_body(_lookup(client, report.receipt))) == "已收到"
    response = _lookup(client, report.receipt)
    assert response.status_code == 429
    html = _body(response)
    assert f'<div class="public-alert" role="alert">{TOO_MANY}</div>' in html
    assert _shown_status(html) is None and "data-not-found" not in html
    assert client.post(STATUS, {"code": report.receipt}, REMOTE_ADDR="192.0.2.78").status_code == 200


# ---------------------------------------------------------------------------------------------
# English, when chosen


def test_an_english_browser_alone_still_gets_chinese(client, world):
    html = _body(client.get(FORM, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert '<html lang="zh-hans">' in html and "提交举报" in html and "Submit the report" not in html


def test_the_public_pages_are_in_english_once_english_is_chosen(client, world):
    assert client.post("/i18n/setlang/", {"language": "en", "next": FORM}).status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = _body(client.get(FORM))
    assert '<html lang="en">' in html and "<h1>Campus safety reporting</h1>" in html
    assert '<option value="bullying">Bullying or violence</option>' in html
    assert "Report anonymously (leave no name or contact)" in html and ">Submit the report</button>" in html
    assert "In an emergency, or if someone is in danger now, call 110." in html
    for chinese in ("校园安全举报", "提交举报", "举报内容", "匿名举报", "验证题", "请选择", "欺凌、暴力", "拨打 110"):
        assert chinese not in html, chinese

    refused = client.post(FORM, _values(world, school="", description=""))
    assert refused.status_code == 400
    html = _body(refused)
    assert _field_errors(html, "school") == ["Choose a school."]
    assert _field_errors(html, "description") == ["Write what happened: when, where, who and what."]
    assert "Please correct the fields below and submit again." in html

    assert client.post(FORM, _values(world)).status_code == 302
    received = _body(client.get(RECEIVED))
    assert "<h1>Report received</h1>" in received and "Your receipt code is:" in received
    status = _body(_lookup(client, PublicReport.objects.get().receipt))
    assert _shown_status(status) == "Received" and "办理情况" not in status


@override_settings(PUBLIC_LOOKUPS_PER_ADDRESS_HOUR=0)
def test_the_polite_refusal_is_in_english_too(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _lookup(client, "ABCD-EFGH-JKMN")
    assert response.status_code == 429
    assert ("Too many reports or lookups from here within an hour. Please try again in an hour. "
            "In an emergency call 110.") in _body(response)
