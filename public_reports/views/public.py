"""The public pages: 举报 without an account, the receipt it gives, and the receipt lookup.

Plain HTML forms that work with no JavaScript (WeChat's browser, a cheap phone). The service decides and
says why; this page only parses, puts the service's messages next to the fields and keeps what was typed
(but never the photos, which a browser cannot re-fill, nor the answer). A new challenge is issued on every
showing. The lookup shows the public status and answer and nothing else of the report.
"""
import time

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import challenge, receipts, services
from ..models import ReportStatus
from ..public_forms import LookupForm, ReportForm
from ..throttle import Throttled

SESSION_RECEIPT = "public_reports.receipt"
# The receipt page is shown again on reload for this long, then only the lookup knows the report.
RECEIPT_SHOWN_SECONDS = 30 * 60

PUBLIC_STATUS = {
    ReportStatus.RECEIVED: gettext_lazy("已收到"),
    ReportStatus.HANDLING: gettext_lazy("处理中"),
    ReportStatus.HANDLED: gettext_lazy("已办结"),
    ReportStatus.DISMISSED: gettext_lazy("已办结"),
}
ANSWERED = {ReportStatus.HANDLED, ReportStatus.DISMISSED}


def _address(request):
    # The same source as the login lockout (AXES_IPWARE_META_PRECEDENCE_ORDER): the proxy sets REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or None


def _apply_errors(form, error):
    """The service's ValidationError onto the form, next to what was typed (as the incident pages do)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _ask_to_reselect_photos(request, form):
    """A browser never re-fills a file input: say so, or the report goes in without the photos taken."""
    if form.errors and "photos" not in form.errors and request.FILES.getlist("photos"):
        form.add_error("photos", _("表单有误，已选的 %(n)d 个文件未保存，请改正后重新选择。") % {
            "n": len(request.FILES.getlist("photos"))})


def _initial_school(request, schools):
    wanted = request.GET.get("school", "")
    return wanted if wanted.isdigit() and any(str(s.pk) == wanted for s in schools) else ""


@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request):
    """举报. Context: form, question, token, throttled (the polite refusal, or None)."""
    schools = list(services.public_schools())
    throttled = None
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, schools=schools)
        form.is_valid()  # only parses; every field is optional here and the service decides
        data = form.cleaned_data
        # The honeypot filled: refused as a wrong answer would be, and counted as one; nothing says why.
        answer = "-" if data.get("website") else data.get("answer", "")
        try:
            report = services.report_submit(
                school_id=data.get("school", ""), kind=data.get("kind", ""), description=data.get("description", ""),
                surroundings=data.get("surroundings", False), anonymous=data.get("anonymous", False),
                contact_name=data.get("contact_name", ""), contact=data.get("contact", ""),
                photos=data.get("photos", []), challenge_token=data.get("token", ""), challenge_answer=answer,
                address=_address(request))
        except Throttled as refusal:
            throttled = refusal.message
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            request.session[SESSION_RECEIPT] = {"receipt": report.receipt, "at": int(time.time())}
            return redirect("public_reports:received")
        _ask_to_reselect_photos(request, form)
        status = 429 if throttled else 400
    else:
        form = ReportForm(schools=schools, initial={"school": _initial_school(request, schools)})
        status = 200
    question, token = challenge.issue()
    return render(request, "public_reports/public/report_form.html",
                  {"form": form, "question": question, "token": token, "throttled": throttled}, status=status)


@never_cache
@require_http_methods(["GET"])
def report_received(request):
    """The receipt code, once the report is in. Context: receipt (ABCD-EFGH-JKMN)."""
    kept = request.session.get(SESSION_RECEIPT)
    if not isinstance(kept, dict) or time.time() - kept.get("at", 0) > RECEIPT_SHOWN_SECONDS:
        request.session.pop(SESSION_RECEIPT, None)
        return redirect("public_reports:submit")
    return render(request, "public_reports/public/report_received.html",
                  {"receipt": receipts.display(kept["receipt"])})


@never_cache
@require_http_methods(["GET", "POST"])
def report_status(request):
    """The receipt lookup: the code travels in a POST, never in the address. Context: form, status (the
    public label), answer (the public answer, once办结), not_found, throttled."""
    context = {"status": None, "answer": "", "not_found": False, "throttled": None}
    status = 200
    if request.method == "POST":
        form = LookupForm(request.POST)
        form.is_valid()
        code = form.cleaned_data.get("code", "")
        try:
            report = services.report_lookup(receipt=code, address=_address(request)) if code else None
        except Throttled as refusal:
            context["throttled"], status = refusal.message, 429
        else:
            if not code:
                form.add_error("code", _("请输入回执码。"))
            elif report is None:
                # The same words and the same empty form for any code that finds nothing, however typed.
                form, context["not_found"] = LookupForm(), True
            else:
                context["status"] = PUBLIC_STATUS[report.status]
                context["answer"] = report.public_answer if report.status in ANSWERED else ""
    else:
        form = LookupForm()
    context["form"] = form
    return render(request, "public_reports/public/report_status.html", context, status=status)
