from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from organizations.scoping import scope_for

from . import overview, selectors


@login_required
def home(request):
    """工作台: what this person is responsible for, at a glance, with a way into each list."""
    scope = scope_for(request.user)
    return render(request, "dashboards/home.html", {
        "scope": scope,
        "memberships": scope.memberships,
        "has_overview": overview.sub_district_overview.possible(request.user),
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
