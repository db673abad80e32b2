"""Staff pages of public reports: the triage queue with its figures and export, a report with one form per
step the person may take now, the reporter's contact on request (recorded), the photos, and the poster with
its QR code that a school prints for its gate."""
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from campus_safety import uploads
from incidents.views.common import apply_errors, naive, paginate, xlsx_response
from organizations.models import School
from organizations.scoping import get_visible_or_404, visible

from .. import forms, policies, selectors, services
from ..models import Outcome, PublicReport, PublicReportPhoto, ReportKind, ReportStatus
from ..transitions import REPORT_LIFECYCLE

DISPLAYABLE = uploads.DISPLAYABLE_IMAGES


def _schools(user):
    return visible(user, School.objects.filter(is_active=True)).order_by("name")


def _filters(request):
    if not policies.report_read.possible(request.user):
        raise PermissionDenied  # a school or a department: reports reach them as incidents or hazards
    form = forms.ReportFilterForm(request.GET or None, schools=_schools(request.user))
    return form, form.filters()


@require_safe
@login_required
def report_list(request):
    """公众举报: the figures (each the count of the list it links to), the filters and the rows.
    Context: figures, filter_form, page_obj/object_list, now."""
    user = request.user
    filter_form, filters = _filters(request)
    rows = selectors.report_list(user, **filters).order_by("-submitted_at", "-pk")
    return render(request, "public_reports/triage/report_list.html", {
        "figures": selectors.report_figures(user), "filter_form": filter_form, "queues": forms.QUEUE_LABELS,
        "now": timezone.now(), **paginate(request, rows)})


@require_safe
@login_required
def report_export(request):
    """The filtered queue as an .xlsx; never the reporter's contact or address."""
    _form, filters = _filters(request)
    rows = selectors.report_list(request.user, **filters).order_by("submitted_at", "pk")
    kinds, statuses, outcomes = dict(ReportKind.choices), dict(ReportStatus.choices), dict(Outcome.choices)
    yes, no = _("是"), _("否")
    headers = [_("编号"), _("收到时间"), _("学校"), _("学校周边"), _("举报类别"), _("状态"), _("分办结果"),
               _("关联记录"), _("分办人"), _("分办时间"), _("匿名"), _("公开答复"), _("举报内容")]
    data = ([report.number, naive(report.submitted_at), report.school.name, yes if report.surroundings else no,
             str(kinds.get(report.kind, report.kind)), str(statuses.get(report.status, report.status)),
             str(outcomes.get(report.outcome, "")), _linked_number(report),
             report.triaged_by.get_full_name() or report.triaged_by.username if report.triaged_by else "",
             naive(report.triaged_at), yes if report.anonymous else no, report.public_answer, report.description]
            for report in rows.iterator(chunk_size=500))
    moment = "yyyy-mm-dd hh:mm"
    return xlsx_response(title=_("公众举报台账"), headers=headers, rows=data,
                         filename=f"public-reports-{timezone.localdate():%Y%m%d}.xlsx",
                         widths=[10, 17, 24, 9, 16, 9, 14, 12, 12, 17, 7, 30, 60], formats={1: moment, 9: moment})


def _linked_number(report):
    return report.incident.number if report.incident_id else (report.hazard.number if report.hazard_id else "")


# ---------------------------------------------------------------------------------------------
# A report and its steps


class Action:
    def __init__(self, form_class, success, button):
        self.form_class, self.success, self.button = form_class, success, button

    def bind(self, name):
        self.name, self.transition, self.title = name, REPORT_LIFECYCLE[name], REPORT_LIFECYCLE[name].label
        return self

    def form(self, report, actor, data=None):
        return self.form_class(data, report=report, actor=actor, auto_id=f"id_{self.name}_%s")


ACTIONS = {name: action.bind(name) for name, action in {
    "to_incident": Action(forms.ToIncidentForm, gettext_lazy("已转为安全事故 %(number)s。"),
                          gettext_lazy("转为安全事故")),
    "to_hazard": Action(forms.ToHazardForm, gettext_lazy("已转为隐患 %(number)s，在隐患台账中跟进。"),
                        gettext_lazy("转为隐患")),
    "merge": Action(forms.MergeForm, gettext_lazy("已并入 %(number)s。"), gettext_lazy("并入")),
    "dismiss": Action(forms.DismissForm, gettext_lazy("已不予受理，举报人可凭回执码看到答复。"),
                      gettext_lazy("不予受理")),
    "answer": Action(forms.AnswerForm, gettext_lazy("已办结，举报人可凭回执码看到答复。"), gettext_lazy("办结答复")),
    "read_contact": Action(forms.ReadContactForm, "", gettext_lazy("查看联系方式（将被记录）")),
}.items()}
SERVICES = {"to_incident": services.report_to_incident, "to_hazard": services.report_to_hazard,
            "merge": services.report_merge, "dismiss": services.report_dismiss, "answer": services.report_answer,
            "read_contact": services.report_read_contact}


def _load(request, pk):
    return get_visible_or_404(request.user, selectors.report_detail_queryset(), pk=pk)


def _detail_context(request, report, failed=None, contact=None):
    """`failed` is (name, bound form) of a step refused just now; `contact` what a reading just returned."""
    user = request.user
    actions = services.allowed_actions(user, report)
    steps = [(name, ACTIONS[name], failed[1] if failed and failed[0] == name else ACTIONS[name].form(report, user))
             for name in actions if name != "read_contact"]
    photos = [(photo, photo.content_type in DISPLAYABLE) for photo in report.photos.all()]
    # A step no longer offered (another person took one first): its refusal is said at the top instead.
    refusals = [message for messages_ in failed[1].errors.values() for message in messages_] if failed and not any(
        name == failed[0] for name, _action, _form in steps) else []
    return {"report": report, "steps": steps, "failed": failed[0] if failed else None, "photos": photos,
            "refusals": refusals,
            "events": selectors.report_events(report), "can_read_contact": "read_contact" in actions,
            "contact": contact, "now": timezone.now()}


@require_safe
@login_required
def report_detail(request, pk):
    report = _load(request, pk)
    return render(request, "public_reports/triage/report_detail.html", _detail_context(request, report))


@never_cache
@login_required
def report_step(request, pk, action):
    """One step: POST runs the service; a GET goes back to the report (the forms are on its page)."""
    if action not in ACTIONS:
        raise Http404
    step = ACTIONS[action]
    report = _load(request, pk)
    if not step.transition.rule.allows(request.user, report):
        raise PermissionDenied(str(step.transition.refusal or ""))
    if request.method != "POST":
        return redirect("public_reports:triage_detail", report.pk)
    form = step.form(report, request.user, request.POST)
    if form.is_valid():
        try:
            result = SERVICES[action](actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if action == "read_contact":
                report = _load(request, pk)
                return render(request, "public_reports/triage/report_detail.html",
                              _detail_context(request, report, contact=result))
            number = _linked_number(result) if isinstance(result, PublicReport) else ""
            messages.success(request, str(step.success) % {"number": number})
            return redirect("public_reports:triage_detail", report.pk)
    report = _load(request, pk)
    return render(request, "public_reports/triage/report_detail.html",
                  _detail_context(request, report, failed=(action, form)), status=400)


@require_safe
@login_required
def report_photo(request, pk, photo_id):
    """Photos are served only here, to people who see the report; never from MEDIA_URL."""
    report = _load(request, pk)
    photo = get_visible_or_404(request.user, PublicReportPhoto.objects.filter(report=report), pk=photo_id)
    return uploads.served(photo.file, photo.content_type)


# ---------------------------------------------------------------------------------------------
# The poster


@require_safe
@login_required
def poster(request, school_id):
    """举报海报: an A4 page with the school's QR code (made here, offline) that opens the form for this school."""
    school = get_visible_or_404(request.user, School.objects.filter(is_active=True), pk=school_id)
    path = f"{reverse('public_reports:submit')}?school={school.pk}"
    url = f"{settings.PUBLIC_REPORT_BASE_URL}{path}" if settings.PUBLIC_REPORT_BASE_URL else \
        request.build_absolute_uri(path)
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(scale=8, dark="#000", light="#fff", omitsize=True)
    return render(request, "public_reports/triage/poster.html",
                  {"school": school, "url": url, "qr_svg": mark_safe(svg)})  # segno's own markup, no user text
