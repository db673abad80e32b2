from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, UpdateView

from .forms import SchoolFactsForm, SchoolFilterForm
from .models import Membership, School, SchoolLiaison
from .scoped_views import ScopedViewMixin
from .scoping import scope_for
from . import policies, selectors, services


class SchoolListView(ScopedViewMixin, ListView):
    model = School
    paginate_by = 50
    template_name = "organizations/school_list.html"

    @cached_property
    def filter_form(self):
        return SchoolFilterForm(self.request.GET or None, communities=selectors.community_list(self.request.user))

    def base_queryset(self):
        schools = School.objects.select_related("community", "sub_district")
        if self.filter_form.is_valid():
            schools = selectors.filter_schools(schools, **self.filter_form.cleaned_data)
        return schools

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class SchoolDetailView(ScopedViewMixin, DetailView):
    model = School
    template_name = "organizations/school_detail.html"

    def base_queryset(self):
        return School.objects.select_related("community", "sub_district").prefetch_related(
            Prefetch("liaisons", queryset=SchoolLiaison.objects.select_related("department", "person"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = policies.school_update_facts.allows(self.request.user, self.object)
        context["people"] = Membership.objects.filter(school=self.object).select_related("user")
        return context


class SchoolUpdateView(ScopedViewMixin, UpdateView):
    model = School
    write = True
    form_class = SchoolFactsForm
    template_name = "organizations/school_form.html"

    def may_write(self, obj):
        return policies.school_update_facts.allows(self.request.user, obj)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        try:
            self.object = services.school_update_facts(actor=self.request.user, school=self.object,
                                                       changes=form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("学校信息已保存。"))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("organizations:school_detail", args=[self.object.pk])


@login_required
def organisation_overview(request):
    today = timezone.localdate()
    return render(request, "organizations/overview.html", {
        "departments": selectors.department_list(request.user),
        "communities": selectors.community_list(request.user),
        "school_year": selectors.current_school_year(today),
    })


@login_required
def profile(request):
    return render(request, "organizations/profile.html", {"scope": scope_for(request.user)})
