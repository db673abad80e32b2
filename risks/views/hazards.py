"""Browser pages of the hazard closed loop: report, lists, inbox, detail and one page per transition."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from organizations.scoped_views import ScopedViewMixin
from organizations.scoping import get_visible_or_404, scope_for, visible

from .. import forms, policies, selectors, services
from ..models import Hazard, HazardAttachment, Risk
from ..transitions import HAZARD_LIFECYCLE


def _posted(request, part):
    """The submitted data on a POST (even an empty one, so it is validated), None on a GET."""
    return getattr(request, part) if request.method == "POST" else None


def _apply_errors(form, error):
    """Put a service's ValidationError onto the form so the page shows it next to what was typed."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _ask_to_reselect_photos(request, form, field="photos"):
    """A browser never re-fills a file input: say so, or a hazard goes in without the photos someone took."""
    name = form.add_prefix(field)
    if form.errors and field not in form.errors and request.FILES.getlist(name):
        form.add_error(field, _("表单有误，已选的 %(n)d 个文件未保存，请改正后重新选择。") % {
            "n": len(request.FILES.getlist(name))})


@login_required
def hazard_report(request):
    schools = selectors.reportable_schools(request.user)
    if request.method == "POST" and not schools.exists():
        raise PermissionDenied
    form = forms.HazardReportForm(_posted(request, "POST"), _posted(request, "FILES"), schools=schools,
                                  risks=selectors.risk_choices_for_report(request.user, schools))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hazard = services.hazard_report(
                actor=request.user, school=data["school"], category=data["category"], location=data["location"],
                description=data["description"], photos=data["photos"], risk=data["risk"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("隐患已上报，编号 %(number)s。街道办可立即看到。") % {"number": hazard.number})
            if not visible(request.user, Hazard.objects.filter(pk=hazard.pk)).exists():
                # A department reporting at a school it serves follows the hazard once it is assigned to it.
                return redirect("risks:hazard_report")
            return redirect("risks:hazard_detail", hazard.pk)
    _ask_to_reselect_photos(request, form)
    return render(request, "risks/hazard_report.html", {"form": form, "has_schools": schools.exists(),
                                                        "read_only": scope_for(request.user).holds_only_read_only_roles},
                  status=400 if form.is_bound and form.errors else 200)


class HazardListView(ScopedViewMixin, ListView):
    """隐患台账: every hazard the person may see, with the office's filters."""

    model = Hazard
    paginate_by = 50
    template_name = "risks/hazard_list.html"

    @cached_property
    def filter_form(self):
        user = self.request.user
        return forms.HazardFilterForm(self.request.GET or None, schools=selectors.visible_schools(user),
                                      departments=selectors.visible_departments(user))

    def base_queryset(self):
        return selectors.filter_hazards(selectors.hazard_rows(), **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            filter_form=self.filter_form, today=timezone.localdate(), can_import=policies.ledger_import.possible(user),
            can_report=policies.hazard_report.possible(user), **kwargs)


class HazardInboxView(ScopedViewMixin, ListView):
    """待办整改: what was assigned to my department or my school; overdue on top, then by deadline."""

    model = Hazard
    paginate_by = 50
    template_name = "risks/hazard_inbox.html"

    def base_queryset(self):
        return selectors.hazard_inbox(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class HazardDetailView(ScopedViewMixin, DetailView):
    model = Hazard
    template_name = "risks/hazard_detail.html"
    context_object_name = "hazard"

    def base_queryset(self):
        return selectors.hazard_detail_queryset()

    def get_context_data(self, **kwargs):
        hazard, user = self.object, self.request.user
        actions = services.allowed_actions(user, hazard)
        # Re-grading and re-assigning are corrections: folded away when the next step is the main one.
        secondary = {"grade"} if hazard.status != "reported" else set()
        if hazard.status in ("assigned", "rectifying"):
            secondary.add("assign")
        action_forms = [(name, ACTIONS[name], ACTIONS[name].form(user, hazard), name in secondary)
                        for name in actions]
        return super().get_context_data(
            actions=actions, action_forms=action_forms, today=timezone.localdate(),
            before_photos=[a for a in hazard.attachments.all() if a.kind == "before"],
            after_photos=[a for a in hazard.attachments.all() if a.kind == "after"],
            linked_risk=_visible_risk(user, hazard), **kwargs)


def _visible_risk(user, hazard):
    """The hazard's risk, if this person may open it (a department assigned the hazard may not see the risk)."""
    return visible(user, Risk.objects.filter(pk=hazard.risk_id)).first() if hazard.risk_id else None


class Action:
    """The page of one row of the transition table: its form, what it passes on, what it says after."""

    def __init__(self, form_class, fields, success, button):
        self.form_class, self.fields, self.success, self.button = form_class, fields, success, button

    def bind(self, name):
        self.name, self.transition = name, HAZARD_LIFECYCLE[name]
        self.title, self.service = self.transition.label, services.HAZARD_SERVICES[name]
        return self

    def kwargs(self, cleaned):
        return {key: cleaned.get(key) for key in self.fields}

    def form(self, user, hazard, data=None, files=None, name=None):
        extra = {}
        if self.form_class is forms.HazardGradeForm and data is None and hazard.grade:
            extra["initial"] = {"grade": hazard.grade}
        if self.form_class is forms.HazardAssignForm:
            extra["departments"] = selectors.assignable_departments(hazard.school)
            if data is None and hazard.assignee_kind:
                extra["initial"] = {
                    "assignee_kind": hazard.assignee_kind, "department": hazard.assigned_department_id,
                    "responsible_person": hazard.responsible_person, "measures": hazard.measures,
                    "deadline": hazard.deadline, "funds_amount": hazard.funds_amount,
                    "funds_source": hazard.funds_source, "contingency_plan": hazard.contingency_plan,
                }
        return self.form_class(data, files, prefix=name or self.name, **extra)


ACTIONS = {name: action.bind(name) for name, action in {
    "grade": Action(forms.HazardGradeForm, ("grade", "comment"), gettext_lazy("已定级。"), gettext_lazy("确认定级")),
    "assign": Action(forms.HazardAssignForm, ("assignee_kind", "department", "funds_amount", "funds_source",
                                               "responsible_person", "measures", "deadline", "contingency_plan",
                                               "comment"), gettext_lazy("已交办。"), gettext_lazy("确认交办")),
    "start": Action(forms.HazardStartForm, ("comment",), gettext_lazy("已开始整改。"), gettext_lazy("开始整改")),
    "submit": Action(forms.HazardSubmitForm, ("note", "photos"), gettext_lazy("已提交验收。"), gettext_lazy("提交验收")),
    "reject": Action(forms.HazardRejectForm, ("reason",), gettext_lazy("已退回整改。"), gettext_lazy("退回整改")),
    "accept": Action(forms.HazardAcceptForm, ("comment",), gettext_lazy("已验收销号。"), gettext_lazy("验收通过")),
}.items()}


def hazard_action_view(name):
    action = ACTIONS[name]

    @login_required
    def view(request, pk):
        hazard = get_visible_or_404(request.user, selectors.hazard_rows(), pk=pk)
        # The rule first (403 whatever the state), then the state, then what was typed.
        if not action.transition.rule.allows(request.user, hazard):
            raise PermissionDenied(str(action.transition.refusal or ""))
        if request.method == "POST":
            form = action.form(request.user, hazard, request.POST, request.FILES)
        else:
            form = action.form(request.user, hazard)
        if request.method == "POST" and form.is_valid():
            try:
                action.service(actor=request.user, hazard=hazard, **action.kwargs(form.cleaned_data))
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, action.success)
                return redirect("risks:hazard_detail", hazard.pk)
        elif request.method != "POST" and name not in services.allowed_actions(request.user, hazard):
            messages.warning(request, _("隐患当前状态为“%(status)s”，不能进行此操作。") % {
                "status": hazard.get_status_display()})
            return redirect("risks:hazard_detail", hazard.pk)
        if request.method == "POST" and "photos" in form.fields:
            _ask_to_reselect_photos(request, form)
        return render(request, "risks/hazard_action.html", {
            "hazard": hazard, "form": form, "action": action, "action_name": name,
        }, status=400 if form.is_bound else 200)

    view.__name__ = f"hazard_{name}"
    return view


@login_required
@require_safe
def attachment(request, pk):
    """Files are served only here, to people who may see the hazard; never from MEDIA_URL."""
    item = get_visible_or_404(request.user, HazardAttachment.objects.all(), pk=pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    disposition = "inline" if item.is_displayable_image else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{item.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response

