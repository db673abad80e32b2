"""Browser pages of the safety zone, patrols, guard posts, cameras, drills, trainings and staffing.

Template contexts are named in each view; the templates live in security/templates/security/.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from campus_safety import imports
from organizations.models import Department, School, SubDistrict
from organizations.scoping import get_visible_or_404, visible

from . import forms, importer, policies, schematic, selectors, services
from .models import Camera, Evidence, Premises, PremisesStatus, SchoolGate, TrainingKind


def _bound(request):
    return request.POST if request.method == "POST" else None


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _render(request, template, context, form=None):
    return render(request, template, context, status=400 if form is not None and form.is_bound and form.errors else 200)


def _finding_errors(form, error, prefix):
    """Service errors on finding n (`findings-2`) go next to that row's description."""
    if hasattr(error, "error_dict"):
        for name, errors in list(error.error_dict.items()):
            if name.startswith(("findings-", "problems-")):
                number = name.split("-", 1)[1]
                form.add_error(f"{prefix}_{number}_description", errors)
                del error.error_dict[name]
    _apply_errors(form, error)


# ---------------------------------------------------------------------------------------------
# A school's protective measures: zone, gates, cameras, staffing, recent patrols and drills


@require_safe
@login_required
def school_zone(request, pk):
    """安全防护 of one school. Context: school, zone (selectors.zone), svg, gates (SchoolGate rows),
    cameras, staffing (services.staffing_check), patrols, duties_today, drills, and the can_* flags."""
    school = get_visible_or_404(request.user, School.objects.select_related("sub_district"), pk=pk)
    user, today = request.user, timezone.localdate()
    zone = selectors.zone(school)
    return render(request, "security/school_zone.html", {
        "school": school, "zone": zone, "svg": schematic.render(zone),
        "gates": SchoolGate.objects.filter(school=school), "cameras": selectors.cameras(user, school),
        "staffing": services.staffing_check(school), "patrols": selectors.patrols(user, school)[:10],
        "duties_today": selectors.guard_duties(user, school, today), "drills": selectors.drills(user, school)[:10],
        "can_edit_gates": policies.gate_edit.allows(user, school),
        "can_edit_cameras": policies.camera_edit.allows(user, school),
        "can_edit_staffing": policies.staffing_edit.allows(user, school),
        "can_patrol": policies.patrol_record.allows(user, school),
        "can_drill": policies.drill_record.allows(user, school), "today": today,
    })


@require_safe
@login_required
def zone_svg(request, pk):
    """The schematic alone, to download or print (image/svg+xml)."""
    school = get_visible_or_404(request.user, School.objects.all(), pk=pk)
    response = HttpResponse(schematic.render(selectors.zone(school)), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="zone-{school.pk}.svg"'
    return response


@login_required
def gate_form(request, pk, gate_pk=None):
    """Add or move a gate. Context: school, form, gate."""
    school = get_visible_or_404(request.user, School.objects.all(), pk=pk)
    if not policies.gate_edit.allows(request.user, school):
        raise PermissionDenied
    gate = get_visible_or_404(request.user, SchoolGate.objects.filter(school=school), pk=gate_pk) if gate_pk else None
    initial = {"name": gate.name, "latitude": gate.latitude, "longitude": gate.longitude} if gate else None
    form = forms.GateForm(_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.gate_save(actor=request.user, school=school, gate=gate, name=data["name"],
                               latitude=data["latitude"], longitude=data["longitude"], system=data["system"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("校门位置已保存，学生安全区域已重新计算。"))
            return redirect("security:school_zone", school.pk)
    return _render(request, "security/form.html", {
        "form": form, "title": _("校门位置"), "school": school,
        "back": ("security:school_zone", school.pk)}, form)


@login_required
def camera_form(request, pk, camera_pk=None):
    school = get_visible_or_404(request.user, School.objects.all(), pk=pk)
    if not policies.camera_edit.allows(request.user, school):
        raise PermissionDenied
    camera = get_visible_or_404(request.user, Camera.objects.filter(school=school), pk=camera_pk) if camera_pk else None
    initial = {"location": camera.location, "networked": camera.networked, "working": camera.working} if camera else None
    form = forms.CameraForm(_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.camera_save(actor=request.user, school=school, camera=camera, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("监控点已保存。"))
            return redirect("security:school_zone", school.pk)
    return _render(request, "security/form.html", {
        "form": form, "title": _("视频监控点"), "school": school,
        "back": ("security:school_zone", school.pk)}, form)


@login_required
def staffing_form(request, pk):
    school = get_visible_or_404(request.user, School.objects.all(), pk=pk)
    if not policies.staffing_edit.allows(request.user, school):
        raise PermissionDenied
    record = services.staffing_check(school)["record"]
    initial = {field: getattr(record, field) for field in forms.StaffingForm.base_fields} if record else None
    form = forms.StaffingForm(_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.staffing_save(actor=request.user, school=school, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("安保力量已保存。"))
            return redirect("security:school_zone", school.pk)
    return _render(request, "security/form.html", {
        "form": form, "title": _("安保力量"), "school": school, "help": services.staffing_check(school),
        "back": ("security:school_zone", school.pk)}, form)


@require_http_methods(["GET", "POST"])
@login_required
def staffing_report(request, pk):
    school = get_visible_or_404(request.user, School.objects.all(), pk=pk)
    if request.method != "POST":
        return redirect("security:school_zone", school.pk)
    if not policies.staffing_edit.allows(request.user, school):
        raise PermissionDenied
    try:
        hazard = services.staffing_report_shortfall(actor=request.user, school=school)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("security:school_zone", school.pk)
    messages.success(request, _("已登记为隐患 %(number)s。") % {"number": hazard.number})
    return redirect("risks:hazard_detail", hazard.pk)


# ---------------------------------------------------------------------------------------------
# Premises


@require_safe
@login_required
def premises_list(request):
    """周边场所. Context: rows (premises), can_edit, types, status and q as filtered."""
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    rows = selectors.premises_list(request.user, status=status if status in PremisesStatus.values else "", q=q)
    return render(request, "security/premises_list.html", {
        "rows": rows.order_by("name")[:500], "can_edit": policies.premises_edit.possible(request.user),
        "statuses": PremisesStatus.choices, "status": status, "q": q,
    })


def _keeper_area(user):
    return policies.premises_edit.filter(user, SubDistrict.objects.order_by("pk")).first()


@login_required
def premises_form(request, pk=None):
    premises = get_visible_or_404(request.user, Premises.objects.all(), pk=pk) if pk else None
    area = premises.sub_district if premises else _keeper_area(request.user)
    if area is None or not policies.premises_edit.allows(request.user, area) or (
            premises and not policies.premises_row_edit.allows(request.user, premises)):
        raise PermissionDenied
    initial = None
    if premises:
        initial = {field: getattr(premises, field) for field in
                   ("name", "type", "address", "latitude", "longitude", "licence_no", "operator", "status")}
    form = forms.PremisesForm(_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = services.premises_save(actor=request.user, sub_district=area, premises=premises, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("场所已保存。"))
            return redirect("security:premises_detail", saved.pk)
    return _render(request, "security/form.html", {
        "form": form, "title": _("周边场所"), "back": ("security:premises_list", None)}, form)


@require_safe
@login_required
def premises_detail(request, pk):
    """Context: premises, schools (each visible school of its sub-district within 500 m: school, metres, gate,
    violation), can_edit."""
    premises = get_visible_or_404(request.user, Premises.objects.select_related("type"), pk=pk)
    near = []
    for school in selectors.visible_schools(request.user).filter(sub_district=premises.sub_district_id) \
            .prefetch_related("gates"):
        metres, gate = services.distance_to(school, premises)
        if metres is not None and metres <= selectors.NEARBY_M:
            near.append({"school": school, "metres": metres, "gate": gate,
                         "violation": services.is_violation(premises, metres)})
    near.sort(key=lambda row: row["metres"])
    return render(request, "security/premises_detail.html", {
        "premises": premises, "schools": near, "can_edit": policies.premises_row_edit.allows(request.user, premises)})


# ---------------------------------------------------------------------------------------------
# Patrols and guard posts


def _patrol_schools(user):
    return policies.patrol_record.filter(user, visible(user, School.objects.filter(is_active=True))).order_by("name")


@login_required
def patrol_new(request):
    """巡逻记录 from a phone. Context: form (PatrolForm with finding rows)."""
    schools = _patrol_schools(request.user)
    if not schools.exists():
        raise PermissionDenied
    form = forms.PatrolForm(_bound(request), schools=schools, initial={"school": request.GET.get("school")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = services.patrol_record(
                actor=request.user, school=data["school"], kind=data["kind"], patrolled_on=data["patrolled_on"],
                started_at=data["started_at"], ended_at=data["ended_at"], route=data["route"], note=data["note"],
                findings=form.findings())
        except ValidationError as error:
            _finding_errors(form, error, "finding")
        else:
            messages.success(request, _("巡逻记录已保存。") + (
                _("发现的 %(n)d 个问题已登记为隐患。") % {"n": log.findings.count()} if log.findings.exists() else ""))
            return redirect("security:patrol_list")
    return _render(request, "security/patrol_form.html", {"form": form}, form)


@require_safe
@login_required
def patrol_list(request):
    """Context: rows (patrol logs with findings), can_patrol."""
    return render(request, "security/patrol_list.html", {
        "rows": selectors.patrols(request.user)[:100], "can_patrol": policies.patrol_record.possible(request.user),
        "can_guard": policies.guard_duty_record.possible(request.user)})


@login_required
def guard_duty_new(request):
    schools = policies.guard_duty_record.filter(
        request.user, visible(request.user, School.objects.filter(is_active=True))).order_by("name")
    if not schools.exists():
        raise PermissionDenied
    form = forms.GuardDutyForm(_bound(request), schools=schools, initial={"school": request.GET.get("school")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.guard_duty_save(actor=request.user, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("护学岗已安排。"))
            return redirect("security:school_zone", data["school"].pk)
    return _render(request, "security/form.html", {"form": form, "title": _("护学岗排班"),
                                                   "back": ("security:patrol_list", None)}, form)


# ---------------------------------------------------------------------------------------------
# Drills and trainings


def _departments_for(schools):
    return Department.objects.filter(sub_district__in=schools.values("sub_district")).order_by("kind")


@login_required
def drill_new(request):
    schools = policies.drill_record.filter(
        request.user, visible(request.user, School.objects.filter(is_active=True))).order_by("name")
    if not schools.exists():
        raise PermissionDenied
    form = forms.DrillForm(_bound(request), schools=schools, departments=_departments_for(schools),
                           initial={"school": request.GET.get("school")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drill = services.drill_record(
                actor=request.user, school=data["school"], kind=data["kind"], held_on=data["held_on"],
                participants=data["participants"], duration_min=data["duration_min"],
                evacuation_seconds=data["evacuation_seconds"], guided_by=data["guided_by"], note=data["note"],
                problems=form.findings(), evidence=request.FILES.getlist("evidence"))
        except ValidationError as error:
            _finding_errors(form, error, "problem")
            if request.FILES.getlist("evidence"):
                form.add_error(None, _("表单有误，已选的文件未保存，请改正后重新选择。"))
        else:
            messages.success(request, _("演练已记录。"))
            return redirect("security:drill_detail", drill.pk)
    return _render(request, "security/drill_form.html", {"form": form}, form)


@require_safe
@login_required
def drill_detail(request, pk):
    drill = get_visible_or_404(request.user, selectors.drills(request.user), pk=pk)
    return render(request, "security/drill_detail.html", {"drill": drill})


@require_safe
@login_required
def drill_list(request):
    return render(request, "security/drill_list.html", {
        "rows": selectors.drills(request.user)[:100], "can_drill": policies.drill_record.possible(request.user)})


@login_required
def training_new(request):
    user = request.user
    schools = policies.training_at_school.filter(user, visible(user, School.objects.filter(is_active=True)))
    area = policies.training_in_area.filter(user, SubDistrict.objects.order_by("pk")).first()
    if not schools.exists() and area is None:
        raise PermissionDenied
    departments = Department.objects.filter(sub_district=area) if area else _departments_for(schools)
    form = forms.TrainingForm(_bound(request), schools=schools.order_by("name"), departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.training_record(
                actor=user, sub_district=area or (data["school"].sub_district if data["school"] else None),
                school=data["school"], kind=data["kind"], held_on=data["held_on"], department=data["department"],
                trainer=data["trainer"], participants=data["participants"], note=data["note"],
                evidence=request.FILES.getlist("evidence"))
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            form.add_error("school", _("请选择学校：集中培训只能由街道办或部门登记。"))
        else:
            messages.success(request, _("培训已记录。"))
            return redirect("security:training_list")
    return _render(request, "security/training_form.html", {"form": form}, form)


@require_safe
@login_required
def training_list(request):
    kind = request.GET.get("kind", "")
    return render(request, "security/training_list.html", {
        "rows": selectors.trainings(request.user, kind=kind if kind in TrainingKind.values else "")[:100],
        "kind": kind, "kinds": TrainingKind.choices,
        "can_train": policies.training_at_school.possible(request.user)
        or policies.training_in_area.possible(request.user)})


@require_safe
@login_required
def evidence_file(request, pk):
    item = get_visible_or_404(request.user, Evidence.objects.all(), pk=pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="{item.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def school_list(request):
    """Every school this person sees, with a link to its protective measures (the entry page) and the number of
    premises breaking the rule of the zone (None for a school without a gate)."""
    schools = list(selectors.visible_schools(request.user).select_related("community").prefetch_related("gates"))
    counts = selectors.zone_violation_counts(schools)
    for school in schools:
        school.zone_violations = counts[school.pk]
    return render(request, "security/school_list.html", {"schools": schools})



# ---------------------------------------------------------------------------------------------
# Premises from Excel: upload → preview (a dry run, nothing saved) → confirm (all rows or none)

IMPORT_SESSION_KEY = "security_premises_import"


@require_safe
@login_required
def premises_template(request):
    if importer.keeper_area(request.user) is None:
        raise PermissionDenied
    response = HttpResponse(importer.template(), content_type=importer.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="premises-import-template.xlsx"'
    return response


@login_required
def premises_import(request):
    """导入周边场所. Context: form, result (importer.Result: rows with errors, action and violations), token
    (set when the preview passed: the confirm button posts it back)."""
    if importer.keeper_area(request.user) is None:
        raise PermissionDenied
    form, result, token = forms.PremisesImportForm(), None, None
    pending = imports.PendingUpload(request, IMPORT_SESSION_KEY, prefix="premises-")
    if request.method == "POST" and request.POST.get("confirm"):
        data = pending.take(request.POST["confirm"])
        if data is None:
            messages.error(request, _("导入预览已失效，请重新上传文件。"))
            return redirect("security:premises_import")
        result = importer.import_premises(data, actor=request.user, dry_run=False)
        if result.is_valid:
            messages.success(request, _("已导入 %(created)d 个场所，更新 %(updated)d 个。") % {
                "created": result.created, "updated": result.updated})
            return redirect("security:premises_list")
    elif request.method == "POST":
        form = forms.PremisesImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > importer.MAX_BYTES:
                form.add_error("file", _("文件超过 5 MB，请分批导入。"))
            else:
                data = upload.read()
                result = importer.import_premises(data, actor=request.user, dry_run=True)
                if result.is_valid:
                    token = pending.keep(data)
    status = 400 if (form.errors or (result is not None and not result.is_valid)) else 200
    return render(request, "security/premises_import.html", {"form": form, "result": result, "token": token},
                  status=status)
