from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organizations.models import School
from organizations.scoping import get_visible_or_404, scope_for

from . import assessment, excel, overview, pdf, policies, reports, selectors, services, units
from .forms import FormulaForm, ReportPeriodForm


@login_required
def home(request):
    """工作台: what this person is responsible for, at a glance, with a way into each list."""
    scope = scope_for(request.user)
    # A member of one department or one school sees its panel; the office and leaders have the dashboard.
    departments = {m.department for m in scope.memberships if m.department_id}
    schools = {m.school for m in scope.memberships if m.school_id}
    return render(request, "dashboards/home.html", {
        "scope": scope,
        "memberships": scope.memberships,
        "has_overview": overview.sub_district_overview.possible(request.user),
        "department_panel": units.department_panel(request.user, *departments) if len(departments) == 1 else None,
        "school_panel": units.school_panel(request.user, *schools) if len(schools) == 1 else None,
        **selectors.workbench(request.user),
    })


def _chosen_sub_district(request, sub_districts):
    raw = request.GET.get("sub_district", "")
    if not raw:
        return None
    found = sub_districts.filter(pk=raw).first() if raw.isdigit() else None
    if found is None:
        raise Http404  # another district's sub-district reads like one that does not exist
    return found


@require_safe
@login_required
def dashboard(request):
    """综合看板: the office's morning view of its sub-district; a district leader's of the whole district or,
    with ?sub_district=, of one. Context: see overview.office_dashboard, plus sub_district and sub_districts."""
    sub_districts = overview.overview_sub_districts(request.user)
    if not overview.sub_district_overview.possible(request.user):
        raise PermissionDenied
    chosen = _chosen_sub_district(request, sub_districts)
    return render(request, "dashboards/dashboard.html", {
        **overview.office_dashboard(request.user, sub_district=chosen),
        "sub_district": chosen, "sub_districts": list(sub_districts),
    })


@require_safe
@login_required
def district(request):
    """各街道对比: one row per sub-district, each figure opening the list narrowed to it."""
    if not overview.sub_district_overview.possible(request.user):
        raise PermissionDenied
    return render(request, "dashboards/district.html", overview.district_comparison(request.user))


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@login_required
def supervision_report(request):
    """督导报告 of a period (the month so far unless chosen), as a page to print on A4 or, with ?format=pdf,
    a PDF. A district leader may narrow it to one sub-district (?sub_district=)."""
    if not overview.sub_district_overview.possible(request.user):
        raise PermissionDenied
    sub_districts = overview.overview_sub_districts(request.user)
    chosen = _chosen_sub_district(request, sub_districts)
    date_from, date_to = ReportPeriodForm.default_period()
    form = ReportPeriodForm(request.GET if "date_from" in request.GET else None,
                            initial={"date_from": date_from, "date_to": date_to})
    if form.is_bound and not form.is_valid():
        return render(request, "dashboards/supervision_report.html", {"form": form, "report": None}, status=400)
    if form.is_bound:
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    report = reports.supervision_report(request.user, date_from=date_from, date_to=date_to, sub_district=chosen)
    unit = chosen.name if chosen else "、".join(sub.name for sub in sub_districts)
    title = _("校园安全督导报告")
    if request.GET.get("format") == "pdf":
        return _pdf(pdf.supervision_report_pdf(report, title=title, unit=unit),
                    f"supervision-report-{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf")
    return render(request, "dashboards/supervision_report.html", {
        "form": form, "report": report, "unit": unit, "title": title, "sub_district": chosen,
        "pdf_query": request.GET.urlencode()})


@require_safe
@login_required
def school_ledger(request, pk):
    """A school's rectification ledger to print (landscape A4) or, with ?format=pdf, as a PDF; for whoever
    sees the school."""
    school = get_visible_or_404(request.user, School.objects.filter(is_active=True), pk=pk)
    ledger = reports.school_ledger(request.user, school)
    title = _("隐患整改台账")
    if request.GET.get("format") == "pdf":
        return _pdf(pdf.school_ledger_pdf(ledger, title=title), f"ledger-{school.pk}.pdf")
    return render(request, "dashboards/school_ledger.html", {**ledger, "title": title})


def _assessed_sub_district(request):
    """The sub-district assessed: the one chosen (?sub_district=) or the person's only one."""
    sub_districts = overview.overview_sub_districts(request.user)
    if not overview.sub_district_overview.possible(request.user):
        raise PermissionDenied
    return _chosen_sub_district(request, sub_districts) or sub_districts.first(), list(sub_districts)


def _year(request):
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year


@require_safe
@login_required
def assessment_ranking(request):
    """年度专项考核: departments and communities ranked, each score beside the formula that made it;
    ?format=xlsx downloads the ranking."""
    sub_district, sub_districts = _assessed_sub_district(request)
    if sub_district is None:
        raise Http404
    year = _year(request)
    result = assessment.assess(request.user, sub_district, year)
    if request.GET.get("format") == "xlsx":
        return excel.assessment_response(result)
    return render(request, "dashboards/assessment.html", {
        **result, "sub_districts": sub_districts, "years": range(timezone.localdate().year, 2019, -1),
        "can_edit": policies.assessment_formula_set.allows(request.user, sub_district),
        "history": [(old, assessment.formula_text(old))
                    for old in sub_district.assessment_formulas.select_related("set_by")[:10]]})


@login_required
def assessment_formula(request):
    """The office sets the weights; each change is a new formula (the old ones stay listed)."""
    sub_district, _all = _assessed_sub_district(request)
    if sub_district is None or not policies.assessment_formula_set.allows(request.user, sub_district):
        raise PermissionDenied
    formula = assessment.formula_for(sub_district)
    form = FormulaForm(request.POST if request.method == "POST" else None, criteria=assessment.RATES,
                       penalty=assessment.PENALTY, formula=formula)
    if request.method == "POST" and form.is_valid():
        try:
            services.formula_set(actor=request.user, sub_district=sub_district, weights=form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("考核计分办法已更新，排名按新的权重计算。"))
            return redirect(f"{reverse('assessment')}?sub_district={sub_district.pk}")
    return render(request, "dashboards/assessment_formula.html", {
        "form": form, "sub_district": sub_district, "formula": formula},
        status=400 if form.is_bound and form.errors else 200)
