"""Browser pages of sweeps, inspections and the daily self-check (phone first)."""
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from organizations.models import Department, School, SubDistrict
from organizations.scoped_views import ScopedViewMixin
from organizations.scoping import get_visible_or_404, visible

from . import forms, policies, selectors, services
from .models import AnswerPhoto, Campaign, ChecklistKind, Inspection, InspectionStatus
from .transitions import CAMPAIGN_LIFECYCLE, INSPECTION_LIFECYCLE


def _bound(request):
    return request.POST if request.method == "POST" else None


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ---------------------------------------------------------------------------------------------
# Campaigns


class CampaignListView(ScopedViewMixin, ListView):
    """排查行动: the sweeps of the sub-district, each with its progress."""

    model = Campaign
    paginate_by = 30
    template_name = "inspections/campaign_list.html"

    @cached_property
    def filter_form(self):
        return forms.CampaignFilterForm(self.request.GET or None)

    def base_queryset(self):
        form = self.filter_form
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        campaigns = Campaign.objects.select_related("template")
        if filters.get("status"):
            campaigns = campaigns.filter(status=filters["status"])
        if filters.get("kind"):
            campaigns = campaigns.filter(kind=filters["kind"])
        return campaigns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form,
                                           can_open=policies.campaign_open.possible(self.request.user), **kwargs)
        campaigns = list(context["object_list"])
        progress = selectors.progress_by_campaign(self.request.user, campaigns)
        context["rows"] = [(campaign, progress.get(campaign.pk, {"total": 0, "done": 0})) for campaign in campaigns]
        return context


def _sub_district_for_opening(user):
    return policies.campaign_open.filter(user, SubDistrict.objects.order_by("pk")).first()


@login_required
def campaign_open(request):
    sub_district = _sub_district_for_opening(request.user)
    if sub_district is None:
        raise PermissionDenied
    schools = School.objects.filter(sub_district=sub_district, is_active=True).order_by("kind", "name")
    departments = Department.objects.filter(sub_district=sub_district).order_by("kind")
    form = forms.CampaignOpenForm(_bound(request), schools=schools, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        chosen = list(data["schools"]) or None
        try:
            campaign = services.campaign_open(
                actor=request.user, sub_district=sub_district, kind=kind,
                template=services.current_template(kind), title=data["title"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], schools=chosen,
                participants=selectors.default_coverage(list(data["departments"]), chosen or list(schools)))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("已发起排查行动，共 %(n)d 所学校。") % {"n": campaign.inspections.count()})
            return redirect("inspections:campaign_detail", campaign.pk)
    return render(request, "inspections/campaign_open.html", {"form": form, "sub_district": sub_district},
                  status=400 if form.is_bound and form.errors else 200)


@require_safe
@login_required
def campaign_detail(request, pk):
    campaign = get_visible_or_404(request.user, Campaign.objects.select_related("template", "sub_district"), pk=pk)
    inspections = selectors.inspection_list(request.user, campaign=campaign).order_by("-status", "school__name")
    return render(request, "inspections/campaign_detail.html", {
        "campaign": campaign, "progress": selectors.campaign_progress(campaign, request.user),
        "inspections": inspections, "findings": selectors.findings(request.user, campaign),
        "can_close": "close" in [t.name for t in CAMPAIGN_LIFECYCLE.allowed(request.user, campaign)],
    })


@require_http_methods(["GET", "POST"])
@login_required
def campaign_close(request, pk):
    campaign = get_visible_or_404(request.user, Campaign.objects.all(), pk=pk)
    if request.method != "POST":  # a reload or a language switch on this address: back to the campaign
        return redirect("inspections:campaign_detail", campaign.pk)
    if not policies.campaign_close.allows(request.user, campaign):
        raise PermissionDenied
    try:
        services.campaign_close(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("排查行动已结束。"))
    return redirect("inspections:campaign_detail", campaign.pk)


# ---------------------------------------------------------------------------------------------
# Inspections


class InspectionListView(ScopedViewMixin, ListView):
    """检查记录: what this person may see; "mine" is what waits for them to inspect."""

    model = Inspection
    paginate_by = 50
    template_name = "inspections/inspection_list.html"

    @cached_property
    def filter_form(self):
        return forms.InspectionFilterForm(self.request.GET or None)

    def base_queryset(self):
        form = self.filter_form
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        rows = selectors.inspection_rows()
        if filters.get("status"):
            rows = rows.filter(status=filters["status"])
        if filters.get("kind"):
            rows = rows.filter(kind=filters["kind"])
        if filters.get("mine"):
            rows = policies.inspection_mine.filter(self.request.user, rows).filter(status=InspectionStatus.DRAFT)
        campaign = self.request.GET.get("campaign", "")
        if campaign.isdigit():
            rows = rows.filter(campaign_id=int(campaign))
        department = self.request.GET.get("department", "")
        if department.isdigit():
            rows = rows.filter(department_id=int(department))
        return rows.order_by("status", "-inspected_on", "school__name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


def _rows(inspection, posted, errors):
    """The sheet as the page shows it: each item with what was typed (after a refusal) or saved."""
    groups = []
    for category, entries in selectors.answer_sheet(inspection):
        rows = []
        for item, answer in entries:
            given = (posted or {}).get(item.pk)
            rows.append({
                "item": item, "answer": answer,
                "result": given["result"] if given else (answer.result if answer else ""),
                "note": given["note"] if given else (answer.note if answer else ""),
                "errors": errors.get(f"item-{item.pk}", []),
            })
        groups.append((category, rows))
    return groups


def _sheet_context(request, inspection, *, posted=None, errors=None):
    user = request.user
    errors = errors or {}
    actions = [t.name for t in INSPECTION_LIFECYCLE.allowed(user, inspection)]
    item_keys = {f"item-{item.pk}" for item in inspection.template.items.all()}
    return {
        "inspection": inspection, "sheet": _rows(inspection, posted, errors),
        "general_errors": [message for key, messages_ in errors.items() if key not in item_keys
                           for message in messages_],
        "error_count": sum(len(messages_) for messages_ in errors.values()),
        "can_fill": "submit" in actions,
        "can_correct": "correct" in actions,
        "can_assign": inspection.status == InspectionStatus.DRAFT and inspection.campaign_id
        and policies.inspection_assign.allows(user, inspection),
        "candidates": services.people_who_may_inspect(inspection) if inspection.campaign_id else [],
        "correct_form": forms.CorrectForm(items=inspection.template.items.all()),
        "today": timezone.localdate(),
    }


@login_required
def inspection_detail(request, pk):
    """The inspection on a phone: items one by one, photos per item, saved as a draft or submitted."""
    inspection = get_visible_or_404(request.user, selectors.inspection_detail_queryset(), pk=pk)
    if request.method == "POST":
        if not policies.inspection_fill.allows(request.user, inspection):
            raise PermissionDenied
        items = list(inspection.template.items.all())
        answers, photos = forms.answers_from(request.POST, request.FILES, items)
        submit = "submit" in request.POST
        try:
            if submit:
                services.inspection_submit(actor=request.user, inspection=inspection, answers=answers, photos=photos)
            else:
                services.inspection_save(actor=request.user, inspection=inspection, answers=answers, photos=photos)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            if photos and not any(key.endswith("photos") for key in errors):
                errors.setdefault("__all__", []).append(_("表单有误，已选的照片未保存，请改正后重新选择。"))
            inspection = get_visible_or_404(request.user, selectors.inspection_detail_queryset(), pk=pk)
            return render(request, "inspections/inspection_detail.html",
                          _sheet_context(request, inspection, posted=answers, errors=errors), status=400)
        if submit:
            messages.success(request, _("检查结果已提交。"))
        else:
            messages.success(request, _("已保存草稿。"))
        return redirect("inspections:inspection_detail", pk)
    return render(request, "inspections/inspection_detail.html", _sheet_context(request, inspection))


@require_http_methods(["GET", "POST"])
@login_required
def inspection_assign(request, pk):
    inspection = get_visible_or_404(request.user, Inspection.objects.select_related("school"), pk=pk)
    if request.method != "POST":
        return redirect("inspections:inspection_detail", pk)
    if not policies.inspection_assign.allows(request.user, inspection):
        raise PermissionDenied
    chosen = request.POST.get("inspector", "")
    candidates = {str(person.pk): person for person in services.people_who_may_inspect(inspection)}
    try:
        if chosen and chosen not in candidates:
            raise ValidationError(_("检查人须为负责该校的部门或街道办人员。"))
        services.inspection_assign(actor=request.user, inspection=inspection, inspector=candidates.get(chosen))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已指派检查人。"))
    return redirect("inspections:inspection_detail", pk)


@require_http_methods(["GET", "POST"])
@login_required
def inspection_correct(request, pk):
    inspection = get_visible_or_404(request.user, selectors.inspection_detail_queryset(), pk=pk)
    if request.method != "POST":  # the address of a refused correction, reloaded: back to the sheet
        return redirect("inspections:inspection_detail", pk)
    if not policies.inspection_correct.allows(request.user, inspection):
        raise PermissionDenied
    form = forms.CorrectForm(request.POST, items=inspection.template.items.all())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_correct(actor=request.user, inspection=inspection, item=data["item"],
                                        result=data["result"], reason=data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("已记录更正。"))
            return redirect("inspections:inspection_detail", pk)
    context = _sheet_context(request, inspection)
    context["correct_form"] = form
    return render(request, "inspections/inspection_detail.html", context, status=400)


@require_safe
@login_required
def photo(request, pk):
    """Photos are served only here, to people who may see the inspection."""
    item = get_visible_or_404(request.user, AnswerPhoto.objects.all(), pk=pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="{item.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# ---------------------------------------------------------------------------------------------
# The daily self-check


@login_required
def self_check_today(request):
    """今日自查: the school's own check of the day (a tap to start, then the sheet)."""
    schools = policies.self_check.filter(request.user, visible(request.user, School.objects.filter(is_active=True)))
    if not schools.exists():
        raise PermissionDenied
    today = timezone.localdate()
    if request.method == "POST":
        school = get_visible_or_404(request.user, schools, pk=request.POST.get("school") or 0)
        try:
            inspection = services.self_check_start(actor=request.user, school=school, day=today)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("inspections:self_check_today")
        return redirect("inspections:inspection_detail", inspection.pk)
    return render(request, "inspections/self_check_today.html", {
        "rows": selectors.todays_self_checks(request.user, today), "today": today,
        "recent": selectors.inspection_list(request.user, kind=ChecklistKind.SELF_CHECK).filter(
            school__in=schools).order_by("-inspected_on")[:10],
    })


@require_safe
@login_required
def self_check_overview(request):
    """The office's view: which schools checked themselves on which school days, and which did not."""
    if not selectors.may_watch_self_checks(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    # This month so far, and at least the last week (on the 1st a month-to-date range is one day).
    start = min(date(today.year, today.month, 1), today - timedelta(days=6))
    form = forms.SelfCheckRangeForm(request.GET or {"date_from": start, "date_to": today})
    rows = None
    if form.is_valid():
        rows = selectors.self_check_days(request.user, form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    return render(request, "inspections/self_check_overview.html", {
        "form": form, "rows": rows, "today": today,
        "missed_today": [row["school"] for row in rows or [] if today in row["missed"]],
    }, status=200 if rows is not None else 400)
