"""The Excel ledger in the browser: export of the filtered list, import with a dry-run preview."""
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organizations.scoping import visible

from .. import forms, ledger, policies, selectors

SESSION_KEY = "risks_ledger_import"


@login_required
def ledger_export(request):
    """The filtered ledger as offices file it, streamed (a temporary file, not the sheet in memory)."""
    user = request.user
    filter_form = forms.HazardFilterForm(request.GET or None, schools=selectors.visible_schools(user),
                                         departments=selectors.visible_departments(user))
    filters = filter_form.filters()
    hazards = selectors.filter_hazards(visible(user, selectors.hazard_rows()), **filters)
    return ledger.export_response(hazards.order_by("found_at", "pk"), user=user, school=filters.get("school"),
                                  date_from=filters.get("date_from"), date_to=filters.get("date_to"))


@login_required
def ledger_template(request):
    if not policies.ledger_import.possible(request.user):
        raise PermissionDenied
    response = HttpResponse(ledger.import_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="hazard-import-template.xlsx"'
    return response


def _pending_dir():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pending_path(token):
    if not token or not all(ch in "0123456789abcdef" for ch in token):
        return None
    return _pending_dir() / f"{token}.xlsx"


@login_required
def ledger_import(request):
    """Upload → preview (dry run, nothing saved) → confirm (all rows or none)."""
    if not policies.ledger_import.possible(request.user):
        raise PermissionDenied
    form = forms.LedgerImportForm()
    result, token = None, None
    if request.method == "POST" and request.POST.get("confirm"):
        path = _pending_path(request.session.get(SESSION_KEY))
        if path is None or request.POST["confirm"] != request.session.get(SESSION_KEY) or not path.exists():
            messages.error(request, _("导入预览已失效，请重新上传文件。"))
            return redirect("risks:ledger_import")
        result = ledger.import_ledger(path.read_bytes(), actor=request.user, dry_run=False,
                                      file_name=request.session.get(SESSION_KEY + "_name", "ledger.xlsx"))
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        if result.is_valid:
            messages.success(request, _("已导入 %(n)d 条隐患。") % {"n": result.created})
            return redirect("risks:hazard_list")
    elif request.method == "POST":
        form = forms.LedgerImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > ledger.MAX_IMPORT_BYTES:
                form.add_error("file", _("文件超过 5 MB，请分批导入。"))
            else:
                data = upload.read()
                name = Path(upload.name or "ledger.xlsx").name[:120]
                result = ledger.import_ledger(data, actor=request.user, dry_run=True, file_name=name)
                if result.is_valid and result.created:
                    token = uuid.uuid4().hex
                    _pending_path(token).write_bytes(data)
                    request.session[SESSION_KEY] = token
                    request.session[SESSION_KEY + "_name"] = name
    status = 400 if (form.errors or (result is not None and not result.is_valid)) else 200
    return render(request, "risks/ledger_import.html", {"form": form, "result": result, "token": token},
                  status=status)
