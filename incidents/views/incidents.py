"""Browser pages of incidents: the list with its figures and export, the report from a phone, the detail with
one small form per step the person may take now, one page per step, and the scoped photos."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from campus_safety import uploads
from organizations.models import Department, School
from organizations.scoping import get_visible_or_404, scope_for, visible

from .. import forms, policies, selectors, services
from ..models import (Incident, IncidentKind, IncidentPhoto, IncidentStatus, Responsibility, Severity)
from ..transitions import INCIDENT_LIFECYCLE
from .common import apply_errors, naive, paginate, posted, xlsx_response

DISPLAYABLE = uploads.DISPLAYABLE_IMAGES


def _schools(user):
    return visible(user, School.objects.filter(is_active=True)).order_by("name")


def _reportable_schools(user):
    return policies.incident_report.filter(user, _schools(user))


# ---------------------------------------------------------------------------------------------
# List, figures, export


def _filters(request):
    form = forms.IncidentFilterForm(request.GET or None, schools=_schools(request.user))
    return form, form.filters()


@require_safe
@login_required
def incident_list(request):
    """事故处置: the figures (each the count of the list it links to, from the same selector), the filters
    and the rows. Context: figures, filter_form, page_obj/object_list, can_report, now."""
    user = request.user
    filter_form, filters = _filters(request)
    rows = selectors.incident_list(user, **filters)
    return render(request, "incidents/incident_list.html", {
        "figures": selectors.incident_figures(user), "filter_form": filter_form,
        "can_report": policies.incident_report.possible(user), **paginate(request, rows),
    })


@require_safe
@login_required
def incident_export(request):
    """The filtered list as an .xlsx (the list's filters; scoped like the list)."""
    user = request.user
    _form, filters = _filters(request)
    rows = selectors.incident_list(user, **filters).order_by("occurred_at", "pk")
    kinds, severities = dict(IncidentKind.choices), dict(Severity.choices)
    statuses, responsibilities = dict(IncidentStatus.choices), dict(Responsibility.choices)
    yes, no = _("是"), _("否")
    now = timezone.now()
    headers = [_("编号"), _("学校"), _("事故类型"), _("严重程度"), _("状态"), _("发生时间"), _("发生地点"),
               _("受伤人数"), _("死亡人数"), _("报告时间"), _("首报迟报"), _("书面报告时限"), _("书面报告时间"),
               _("书面报告迟报"), _("责任认定"), _("结案时间"), _("初步情况")]
    data = ([incident.number, incident.school.name, str(kinds.get(incident.kind, incident.kind)),
             str(severities.get(incident.severity, incident.severity)),
             str(statuses.get(incident.status, incident.status)), naive(incident.occurred_at), incident.place,
             incident.injured, incident.deaths, naive(incident.reported_at),
             yes if incident.is_first_report_late else no, naive(incident.written_report_due),
             naive(incident.written_report_at), yes if incident.is_written_report_late(now) else no,
             str(responsibilities.get(incident.responsibility, "")), naive(incident.closed_at),
             incident.first_account] for incident in rows.iterator(chunk_size=500))
    moment = "yyyy-mm-dd hh:mm"
    return xlsx_response(
        title=_("安全事故台账"), headers=headers, rows=data,
        filename=f"incidents-{timezone.localdate():%Y%m%d}.xlsx",
        widths=[11, 24, 12, 10, 10, 17, 20, 9, 9, 17, 9, 17, 17, 9, 18, 17, 48],
        formats={5: moment, 9: moment, 11: moment, 12: moment, 15: moment})


# ---------------------------------------------------------------------------------------------
# The report


def _ask_to_reselect_photos(request, form, field="photos"):
    """A browser never re-fills a file input: say so, or an incident goes in without the photos taken."""
    if form.errors and field not in form.errors and request.FILES.getlist(field):
        form.add_error(field, _("表单有误，已选的 %(n)d 个文件未保存，请改正后重新选择。") % {
            "n": len(request.FILES.getlist(field))})


@login_required
def incident_report(request):
    """报告事故 from a phone. Context: form, has_schools."""
    schools = _reportable_schools(request.user)
    if request.method == "POST" and not schools.exists():
        raise PermissionDenied
    form = forms.IncidentReportForm(posted(request, "POST"), posted(request, "FILES"), schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_report(
                actor=request.user, school=data["school"], kind=data["kind"], severity=data["severity"],
                occurred_at=data["occurred_at"], place=data["place"], first_account=data["first_account"],
                injured=data["injured"], deaths=data["deaths"], photos=data["photos"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("事故已报告，编号 %(number)s。街道办、教管中心和相关部门已收到通知。") % {
                "number": incident.number})
            if not visible(request.user, Incident.objects.filter(pk=incident.pk)).exists():
                return redirect("incidents:incident_report")
            return redirect("incidents:incident_detail", incident.pk)
    _ask_to_reselect_photos(request, form)
    return render(request, "incidents/incident_report.html", {"form": form, "has_schools": schools.exists(),
                                                              "read_only": scope_for(request.user).holds_only_read_only_roles},
                  status=400 if form.is_bound and form.errors else 200)


# ---------------------------------------------------------------------------------------------
# The steps: one form per row of the lifecycle table


class Action:
    """One row of the lifecycle table on the page: its form, the service it calls, what it says after."""

    def __init__(self, form_class, success, button, *, item=None):
        self.form_class, self.success, self.button, self.item = form_class, success, button, item

    def bind(self, name):
        self.name, self.transition = name, INCIDENT_LIFECYCLE[name]
        self.title, self.service = self.transition.label, services.INCIDENT_SERVICES[name]
        return self

    def form(self, incident, data=None, files=None, item=None):
        extra = {}
        if self.form_class is forms.InvolveForm:
            extra["departments"] = Department.objects.filter(sub_district=incident.school.sub_district_id).exclude(
                pk__in=[involvement.department_id for involvement in incident.involvements.all()]).order_by("kind")
        suffix = f"{self.name}{item.pk}" if item is not None else self.name
        return self.form_class(data, files, incident=incident, item=item, auto_id=f"id_{suffix}_%s", **extra)


ACTIONS = {name: action.bind(name) for name, action in {
    "respond": Action(forms.RespondForm, gettext_lazy("已启动应急预案。"), gettext_lazy("启动预案")),
    "act": Action(forms.ActForm, gettext_lazy("处置措施已记录。"), gettext_lazy("记录")),
    "written_report": Action(forms.WrittenReportForm, gettext_lazy("书面报告已提交。"), gettext_lazy("提交书面报告")),
    "investigate": Action(forms.InvestigateForm, gettext_lazy("已开始调查，安监办已加入。"), gettext_lazy("开始调查")),
    "conclude": Action(forms.ConcludeForm, gettext_lazy("调查结论已记录，进入善后处理。"), gettext_lazy("确认结论")),
    "involve": Action(forms.InvolveForm, gettext_lazy("部门已加入处置。"), gettext_lazy("加入")),
    "claim": Action(forms.ClaimForm, gettext_lazy("理赔报案已登记。"), gettext_lazy("登记报案")),
    "claim_update": Action(forms.ClaimUpdateForm, gettext_lazy("理赔进展已更新。"), gettext_lazy("更新理赔"),
                           item="claim"),
    "mediate": Action(forms.MediateForm, gettext_lazy("调解申请已登记。"), gettext_lazy("登记调解")),
    "mediation_update": Action(forms.MediationUpdateForm, gettext_lazy("调解进展已更新。"), gettext_lazy("更新调解"),
                               item="mediation"),
    "statement": Action(forms.StatementForm, gettext_lazy("公开声明已登记。"), gettext_lazy("登记声明")),
    "raise_hazard": Action(forms.RaiseHazardForm, gettext_lazy("整改隐患已登记。"), gettext_lazy("登记隐患")),
    "close": Action(forms.CloseForm, gettext_lazy("事故已结案。"), gettext_lazy("结案")),
    "reopen": Action(forms.ReopenForm, gettext_lazy("事故已重新打开。"), gettext_lazy("重新打开")),
}.items()}

# The step that moves the incident on from each state; the others are folded away until opened.
NEXT_STEPS = {
    IncidentStatus.REPORTED: {"respond", "act"},
    IncidentStatus.RESPONDING: {"act", "investigate"},
    IncidentStatus.INVESTIGATING: {"conclude"},
    IncidentStatus.AFTERMATH: {"close"},
    IncidentStatus.CLOSED: set(),
}


def _items(incident, kind):
    return list(incident.claims.all() if kind == "claim" else incident.mediations.all())


def _detail_context(request, incident, failed=None):
    """Context of the detail page; `failed` is (name, item, bound form) of a step refused just now."""
    user = request.user
    actions = services.allowed_actions(user, incident)
    main, folded, per_item = [], [], {"claim": [], "mediation": []}
    for name in actions:
        action = ACTIONS[name]
        if action.item:
            for item in _items(incident, action.item):
                form = failed[2] if failed and failed[0] == name and failed[1] == item else action.form(
                    incident, item=item)
                per_item[action.item].append((item.pk, name, action, form))
            continue
        form = failed[2] if failed and failed[0] == name else action.form(incident)
        opened = bool(failed and failed[0] == name)
        primary = name in NEXT_STEPS.get(incident.status, set()) or (
            name == "written_report" and not incident.written_report_at)
        (main if primary else folded).append((name, action, form, opened))
    photos = [(photo, photo.content_type in DISPLAYABLE) for photo in incident.photos.all()]
    return {
        "incident": incident, "actions": actions, "main_forms": main, "folded_forms": folded,
        "claims": _with_forms(incident.claims.all(), per_item["claim"]),
        "mediations": _with_forms(incident.mediations.all(), per_item["mediation"]),
        "obstacles": services.closing_obstacles(incident) if incident.status == IncidentStatus.AFTERMATH else [],
        "photos": photos, "now": timezone.now(), "today": timezone.localdate(), "failed": failed,
        "written_report_late": incident.is_written_report_late(),
    }


def _with_forms(rows, forms_by_item):
    """Each claim or mediation with its update form (name, action, form), or None for a person who may not."""
    found = {pk: (name, action, form) for pk, name, action, form in forms_by_item}
    return [(row, found.get(row.pk)) for row in rows]


def _load(request, pk):
    return get_visible_or_404(request.user, selectors.incident_detail_queryset(), pk=pk)


@require_safe
@login_required
def incident_detail(request, pk):
    incident = _load(request, pk)
    return render(request, "incidents/incident_detail.html", _detail_context(request, incident))


def _item_of(request, incident, action):
    """The claim or mediation a per-item step acts on: named by the form (POST) or ?claim= (GET)."""
    raw = (request.POST if request.method == "POST" else request.GET).get(action.item)
    for item in _items(incident, action.item):
        if str(item.pk) == str(raw):
            return item
    if request.method == "POST":
        return None  # the form says the choice is not valid
    raise Http404


@login_required
def incident_step(request, pk, action):
    """One step of the lifecycle: POST runs the service; GET shows its form alone (for a phone)."""
    if action not in ACTIONS:
        raise Http404
    step = ACTIONS[action]
    incident = _load(request, pk)
    # The rule first (403 whatever the state), then the state and what was typed (the service's messages).
    if not step.transition.rule.allows(request.user, incident):
        raise PermissionDenied(str(step.transition.refusal or ""))
    item = _item_of(request, incident, step) if step.item else None
    if request.method != "POST":
        if action not in services.allowed_actions(request.user, incident):
            messages.warning(request, str(INCIDENT_LIFECYCLE.bad_state) % {"status": incident.get_status_display()})
            return redirect("incidents:incident_detail", incident.pk)
        return render(request, "incidents/incident_action.html", {
            "incident": incident, "name": action, "action": step, "form": step.form(incident, item=item),
            "item": item})
    form = step.form(incident, request.POST, request.FILES, item=item)
    if form.is_valid():
        try:
            result = step.service(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if action == "raise_hazard":
                messages.success(request, _("整改隐患已登记，编号 %(number)s，在隐患台账中跟进。") % {
                    "number": result.number})
            else:
                messages.success(request, step.success)
            return redirect("incidents:incident_detail", incident.pk)
    incident = _load(request, pk)  # as it is now (the refused step changed nothing)
    if item is not None:
        item = next((row for row in _items(incident, step.item) if row.pk == item.pk), item)
    context = _detail_context(request, incident, failed=(action, item, form))
    return render(request, "incidents/incident_detail.html", context, status=400)


@require_safe
@login_required
def incident_photo(request, pk):
    """Photos are served only here, to people who may see the incident; never from MEDIA_URL."""
    photo = get_visible_or_404(request.user, IncidentPhoto.objects.all(), pk=pk)
    return uploads.served(photo.file, photo.content_type)
