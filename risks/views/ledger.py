"""The Excel ledger in the browser: export of the filtered list, import with a dry-run preview."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_safety import imports
from organizations.scoping import visible

from .. import forms, ledger, policies, selectors

SESSION_KEY = "risks_ledger_import"


@login_required
def ledger_export(request):
    user = request.user
    filter_form = forms.HazardFilterForm(request.GET or None, schools=selectors.visible_schools(user),
                                         departments=selectors.visible_departments(user))
    hazards = selectors.filter_hazards(visible(user, selectors.hazard_rows()), **filter_form.filters())
    content = ledger.export_ledger(hazards.order_by("found_at", "pk"))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"hazard-ledger-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def ledger_template(request):
    if not policies.ledger_import.possible(request.user):
        raise PermissionDenied
    response = HttpResponse(ledger.import_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="hazard-import-template.xlsx"'
    return response


@login_required
def ledger_import(request):
    """Upload → preview (dry run, nothing saved) → confirm (all rows or none)."""
    if not policies.ledger_import.possible(request.user):
        raise PermissionDenied
    form = forms.LedgerImportForm()
    result, token, pending = None, None, imports.PendingUpload(request, SESSION_KEY)
    if request.method == "POST" and request.POST.get("confirm"):
        data = pending.take(request.POST["confirm"])
        if data is None:
            messages.error(request, _("导入预览已失效，请重新上传文件。"))
            return redirect("risks:ledger_import")
        result = ledger.import_ledger(data, actor=request.user, dry_run=False)
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
                result = ledger.import_ledger(data, actor=request.user, dry_run=True)
                if result.is_valid:
                    token = pending.keep(data)
    status = 400 if (form.errors or (result is not None and not result.is_valid)) else 200
    return render(request, "risks/ledger_import.html", {"form": form, "result": result, "token": token},
                  status=status)
