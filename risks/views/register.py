"""Browser pages of the risk register (学校安全风险清单)."""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from organizations.models import Department, School
from organizations.scoped_views import ScopedViewMixin
from organizations.scoping import get_visible_or_404, visible

from .. import forms, policies, selectors, services
from ..models import GradingScheme, Risk, RiskStatus
from .hazards import _apply_errors, _posted


def _manageable_schools(user):
    return policies.risk_manage.filter(user, visible(user, School.objects.filter(is_active=True))).order_by("name")


class RiskListView(ScopedViewMixin, ListView):
    model = Risk
    paginate_by = 50
    template_name = "risks/risk_list.html"

    @cached_property
    def filter_form(self):
        # "?page=2" alone is not a filter: keep the default (active risks) across pages.
        data = self.request.GET.copy()
        data.pop("page", None)
        return forms.RiskFilterForm(data or None, schools=selectors.visible_schools(self.request.user))

    def base_queryset(self):
        return selectors.filter_risks(selectors.risk_rows(), **self.filter_form.filters()).order_by(
            "level__rank", "school__name", "name")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            filter_form=self.filter_form, today=timezone.localdate(),
            can_create=_manageable_schools(user).exists(),
            reviews_due=selectors.reviews_due(user)[:10], **kwargs)


class RiskDetailView(ScopedViewMixin, DetailView):
    model = Risk
    template_name = "risks/risk_detail.html"
    context_object_name = "risk"

    def base_queryset(self):
        return selectors.risk_detail_queryset()

    def get_context_data(self, **kwargs):
        risk = self.object
        return super().get_context_data(
            can_manage=policies.risk_manage_row.allows(self.request.user, risk), today=timezone.localdate(),
            hazards=selectors.hazard_list(self.request.user).filter(risk=risk).order_by("-reported_at")[:20],
            **kwargs)


def _scheme_methods():
    return json.dumps({str(scheme.pk): scheme.method for scheme in GradingScheme.objects.all()})


def _factor(value):
    """The option value of a stored factor: Decimal("10.00") is "10", never normalize()'s "1E+1"."""
    return format(value.normalize(), "f")


def _refuse_retired(request, risk):
    """A retired risk has no form to fill: back to its page with the reason, instead of an error after typing."""
    if risk.status == RiskStatus.ACTIVE:
        return None
    messages.warning(request, _("该风险已销号，不能再评估或销号。"))
    return redirect("risks:risk_detail", risk.pk)


def _assess_initial(risk):
    latest = risk.assessments.first()
    if latest is None:
        return {"scheme": risk.scheme_id}
    if risk.scheme.method == "lec":
        return {"scheme": risk.scheme_id, "lec_likelihood": _factor(latest.likelihood),
                "lec_exposure": _factor(latest.exposure), "lec_consequence": _factor(latest.severity)}
    return {"scheme": risk.scheme_id, "ls_likelihood": _factor(latest.likelihood),
            "ls_severity": _factor(latest.severity)}


@login_required
def risk_create(request):
    user = request.user
    schools = _manageable_schools(user)
    if not schools.exists():
        raise PermissionDenied
    departments = Department.objects.filter(sub_district__in=schools.values("sub_district"))
    form = forms.RiskForm(_posted(request, "POST"), schools=schools, departments=departments,
                          initial={"scheme": GradingScheme.objects.filter(is_default=True).first()})
    if not policies.risk_choose_scheme.possible(user):
        # The office picks the method for a list; others use the default scheme.
        form.fields["scheme"].queryset = GradingScheme.objects.filter(is_default=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            risk = services.risk_create(
                actor=user, school=data["school"], category=data["category"], name=data["name"],
                location=data["location"], description=data["description"],
                control_measures=data["control_measures"], responsible_department=data["responsible_department"],
                responsible_person=data["responsible_person"], scheme=data["scheme"], note=data["note"],
                **data["factors"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("风险已登记，等级：%(level)s。") % {"level": risk.level})
            return redirect("risks:risk_detail", risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "title": _("登记风险"),
                                                   "scheme_methods": _scheme_methods()},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def risk_assess(request, pk):
    risk = get_visible_or_404(request.user, selectors.risk_detail_queryset(), pk=pk)
    if not policies.risk_manage_row.allows(request.user, risk):
        raise PermissionDenied
    if refused := _refuse_retired(request, risk):
        return refused
    form = forms.RiskAssessForm(_posted(request, "POST"), initial=_assess_initial(risk))
    if not policies.risk_choose_scheme.allows(request.user, risk.school):
        form.fields["scheme"].queryset = GradingScheme.objects.filter(pk=risk.scheme_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.risk_reassess(actor=request.user, risk=risk, scheme=data["scheme"],
                                                note=data["note"], **data["factors"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("已重新评估，当前等级：%(level)s。") % {"level": assessment.level})
            return redirect("risks:risk_detail", risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "risk": risk, "title": _("重新评估"),
                                                   "scheme_methods": _scheme_methods()},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def risk_retire(request, pk):
    risk = get_visible_or_404(request.user, selectors.risk_rows(), pk=pk)
    if not policies.risk_manage_row.allows(request.user, risk):
        raise PermissionDenied
    if refused := _refuse_retired(request, risk):
        return refused
    form = forms.RiskRetireForm(_posted(request, "POST"))
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_retire(actor=request.user, risk=risk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("风险已销号。"))
            return redirect("risks:risk_detail", risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "risk": risk, "title": _("风险销号")},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_safe
def school_risk_list(request, school_pk):
    """The school's risk list as a page the office prints and files."""
    school = get_visible_or_404(request.user, School.objects.select_related("sub_district"), pk=school_pk)
    return render(request, "risks/school_risk_list.html", {
        "school": school, "risks": selectors.school_risk_list(request.user, school),
        "today": timezone.localdate(),
    })
