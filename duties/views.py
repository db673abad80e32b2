from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from organizations.scoped_views import ScopedViewMixin
from organizations.scoping import get_visible_or_404

from . import policies, selectors, services
from .forms import CompletionFilterForm, DutyTaskCloseForm, DutyTaskFilterForm
from .models import DutyEvidence, DutyTask

TASK_RELATED = ("definition", "school", "community", "sub_district", "owner_department", "owner_school",
                "owner_community", "closed_by")


class DutyTaskListView(ScopedViewMixin, ListView):
    model = DutyTask
    paginate_by = 50
    template_name = "duties/task_list.html"

    @cached_property
    def filter_form(self):
        return DutyTaskFilterForm(self.request.GET or None)

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def filters(self):
        filters = dict(self.filter_form.cleaned_data) if self.filter_form.is_valid() else {}
        whose = "mine" if filters.pop("mine", False) else filters.pop("whose", "")
        filters["whose"] = whose if whose in selectors.WHOSE else selectors.default_whose(self.request.user)
        return {key: value for key, value in filters.items() if value}

    def base_queryset(self):
        filters = dict(self.filters)
        whose = filters.pop("whose")
        return selectors.filter_tasks(selectors.task_rows(), today=self.today,
                                      **selectors.whose_filter(self.request.user, whose), **filters)

    def get_context_data(self, **kwargs):
        user, filters = self.request.user, dict(self.filters)
        whose = filters.pop("whose")
        # Each tab's count is the list it opens (the same selector, the same other filters).
        tabs = [(key, label, selectors.task_list(user, today=self.today, **selectors.whose_filter(user, key),
                                                 **filters).count(),
                 "?" + urlencode({**{k: getattr(v, "pk", v) for k, v in filters.items()}, "whose": key}))
                for key, label in self.filter_form.fields["whose"].choices]
        return super().get_context_data(filter_form=self.filter_form, today=self.today, whose=whose, tabs=tabs,
                                        **kwargs)


class DutyTaskDetailView(ScopedViewMixin, DetailView):
    model = DutyTask
    template_name = "duties/task_detail.html"
    context_object_name = "task"

    def base_queryset(self):
        return DutyTask.objects.select_related(*TASK_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        context.update(
            today=timezone.localdate(),
            can_close=task.status == "open" and policies.duty_task_close.allows(self.request.user, task),
            form=kwargs.get("form") or DutyTaskCloseForm(),
            events=task.events.select_related("actor"),
            evidence=task.evidence.all(),
            reminders=task.reminders.select_related("recipient").order_by("scheduled_on", "kind"),
        )
        return context


class DutyTaskCloseView(DutyTaskDetailView):
    write = True
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        # The address of a refused close form, reloaded or shown again in another language: back to the task.
        get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return redirect("duties:task_detail", pk=kwargs["pk"])

    def may_write(self, obj):
        return policies.duty_task_close.allows(self.request.user, obj)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = DutyTaskCloseForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.duty_task_close(actor=request.user, task=self.object, note=form.cleaned_data["note"],
                                         evidence_files=form.cleaned_data["evidence_files"],
                                         evidence_link=form.cleaned_data["evidence_link"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(None if field == "__all__" else field, error)
            else:
                messages.success(request, _("任务已办结。"))
                return redirect("duties:task_detail", pk=self.object.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


@login_required
@require_safe
def evidence_download(request, pk):
    evidence = get_visible_or_404(request.user, DutyEvidence.objects.select_related("task"), pk=pk)
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type,
                        filename=evidence.original_name)


@login_required
def completion(request):
    """The office's figures: duty tasks on time and late, per department, per duty, per month."""
    if not policies.completion_read.possible(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = CompletionFilterForm(request.GET or {"due_from": date(today.year, 1, 1), "due_to": today})
    figures = None
    if form.is_valid():
        figures = selectors.completion(request.user, due_from=form.cleaned_data["due_from"],
                                       due_to=form.cleaned_data["due_to"],
                                       definition=form.cleaned_data["definition"], today=today)
    return render(request, "duties/completion.html", {
        "form": form, "figures": figures, "last_run": selectors.last_scheduler_run(), "today": today,
        "failed_posts": selectors.failed_robot_posts(request.user)[:20],
    }, status=200 if figures is not None else 400)
