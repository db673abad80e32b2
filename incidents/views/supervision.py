"""Browser pages of supervision (督导): the office's list with figures and the rules in force, a flag by hand,
the record with its interview, dismissal, new deadline or lifting, and its history."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from organizations.models import School
from organizations.scoping import get_visible_or_404, visible

from .. import forms, policies, selectors, supervision
from ..models import Basis, Measure, SupervisionStatus
from .common import apply_errors, naive, paginate, posted, xlsx_response


def _schools(user):
    return visible(user, School.objects.filter(is_active=True)).order_by("name")


def _filters(request):
    form = forms.SupervisionFilterForm(request.GET or None, schools=_schools(request.user))
    return form, form.filters()


def evidence_of(row):
    """What a record rests on, for the list and the detail: incident numbers, an inspection, a hazard."""
    evidence = row.evidence or {}
    incidents = [(pk, f"SG{pk:06d}") for pk in evidence.get("incidents", []) if isinstance(pk, int)]
    return {"incidents": incidents, "inspection": evidence.get("inspection"), "failed": evidence.get("failed"),
            "hazard_number": row.hazard.number if row.hazard_id else evidence.get("hazard_number", "")}


@require_safe
@login_required
def supervision_list(request):
    """督导: figures (each the count of the list it links to), the rules in force, the filters and the rows.
    Context: figures, rules, filter_form, page_obj/object_list (each row with .shown_evidence), can_flag, today."""
    user = request.user
    filter_form, filters = _filters(request)
    context = paginate(request, selectors.supervision_list(user, **filters))
    for row in context["object_list"]:
        row.shown_evidence = evidence_of(row)
    return render(request, "incidents/supervision_list.html", {
        "figures": selectors.supervision_figures(user), "rules": selectors.supervision_rules(),
        "filter_form": filter_form, "can_flag": policies.supervision_flag.possible(user),
        "today": timezone.localdate(), **context})


@require_safe
@login_required
def supervision_export(request):
    user = request.user
    _form, filters = _filters(request)
    rows = selectors.supervision_list(user, **filters).order_by("flagged_at", "pk")
    measures, bases, statuses = dict(Measure.choices), dict(Basis.choices), dict(SupervisionStatus.choices)
    today = timezone.localdate()
    headers = [_("学校"), _("措施"), _("依据"), _("督导事由"), _("依据明细"), _("提出时间"), _("整改期限"), _("状态"),
               _("逾期"), _("约谈日期"), _("办结日期")]

    def detail(row):
        shown = evidence_of(row)
        parts = [number for _pk, number in shown["incidents"]]
        if shown["hazard_number"]:
            parts.append(shown["hazard_number"])
        if shown["inspection"]:
            parts.append(_("检查 %(id)s（不合格 %(n)s 项）") % {"id": shown["inspection"], "n": shown["failed"]})
        return "、".join(parts)

    data = ([row.school.name, str(measures.get(row.measure, row.measure)), str(bases.get(row.basis, row.basis)),
             row.reason, detail(row), naive(row.flagged_at), row.deadline, str(statuses.get(row.status, row.status)),
             _("是") if row.is_overdue(today) else _("否"), row.held_on, row.closed_on] for row in rows)
    return xlsx_response(title=_("督导记录"), headers=headers, rows=data, filename=f"supervision-{today:%Y%m%d}.xlsx",
                         widths=[24, 10, 16, 36, 28, 17, 12, 12, 8, 12, 12],
                         formats={5: "yyyy-mm-dd hh:mm", 6: "yyyy-mm-dd", 9: "yyyy-mm-dd", 10: "yyyy-mm-dd"})


@login_required
def supervision_new(request):
    """The office flags a school by hand (约谈 or 挂牌督办). Context: form."""
    user = request.user
    if not policies.supervision_flag.possible(user):
        raise PermissionDenied
    schools = policies.supervision_flag.filter(user, _schools(user))
    form = forms.SupervisionFlagForm(posted(request, "POST"), schools=schools,
                                     initial={"school": request.GET.get("school")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = supervision.supervision_flag(actor=user, school=data["school"], measure=data["measure"],
                                               reason=data["reason"], deadline=data["deadline"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已提出督导：%(school)s（%(measure)s）。") % {
                "school": row.school.name, "measure": row.get_measure_display()})
            return redirect("incidents:supervision_detail", row.pk)
    return render(request, "incidents/supervision_form.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


class Step:
    def __init__(self, form_class, success, button):
        self.form_class, self.success, self.button = form_class, success, button

    def bind(self, name):
        self.name, self.transition = name, supervision.SUPERVISION_LIFECYCLE[name]
        self.title, self.service = self.transition.label, supervision.SUPERVISION_SERVICES[name]
        return self

    def form(self, row, data=None):
        return self.form_class(data, supervision=row, auto_id=f"id_{self.name}_%s")


STEPS = {name: step.bind(name) for name, step in {
    "interview": Step(forms.InterviewForm, gettext_lazy("约谈记录已保存。"), gettext_lazy("保存约谈记录")),
    "dismiss": Step(forms.DismissForm, gettext_lazy("已决定不予督导。"), gettext_lazy("不予督导")),
    "extend": Step(forms.ExtendForm, gettext_lazy("整改期限已调整。"), gettext_lazy("调整期限")),
    "lift": Step(forms.LiftForm, gettext_lazy("已摘牌。"), gettext_lazy("摘牌")),
}.items()}


def _load(request, pk):
    return get_visible_or_404(request.user, selectors.supervision_detail_queryset(), pk=pk)


def _detail_context(request, row, failed=None):
    user = request.user
    step_forms = [(name, STEPS[name], failed[1] if failed and failed[0] == name else STEPS[name].form(row))
                  for name in supervision.allowed_actions(user, row)]
    shown = evidence_of(row)
    return {"supervision": row, "step_forms": step_forms, "evidence": shown, "today": timezone.localdate(),
            "incidents": selectors.incidents_of(user, [pk for pk, _number in shown["incidents"]]),
            "failed": failed}


@require_safe
@login_required
def supervision_detail(request, pk):
    row = _load(request, pk)
    return render(request, "incidents/supervision_detail.html", _detail_context(request, row))


@login_required
def supervision_step(request, pk, action):
    if action not in STEPS:
        raise Http404
    step = STEPS[action]
    row = _load(request, pk)
    if not step.transition.rule.allows(request.user, row):
        raise PermissionDenied(str(step.transition.refusal or ""))
    if request.method != "POST":
        if action not in supervision.allowed_actions(request.user, row):
            messages.warning(request, str(supervision.SUPERVISION_LIFECYCLE.bad_state) % {
                "status": row.get_status_display()})
            return redirect("incidents:supervision_detail", row.pk)
        return render(request, "incidents/supervision_action.html",
                      {"supervision": row, "name": action, "step": step, "form": step.form(row)})
    form = step.form(row, request.POST)
    if form.is_valid():
        try:
            step.service(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, step.success)
            return redirect("incidents:supervision_detail", row.pk)
    return render(request, "incidents/supervision_detail.html",
                  _detail_context(request, _load(request, pk), failed=(action, form)), status=400)
