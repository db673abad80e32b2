from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from duties import selectors as duty_selectors
from organizations import selectors as org_selectors
from organizations.models import School
from organizations.scoping import scope_for, visible


@login_required
def home(request):
    """工作台: what this person is responsible for, at a glance."""
    scope = scope_for(request.user)
    today = timezone.localdate()
    schools = visible(request.user, School.objects.filter(is_active=True))
    return render(request, "dashboards/home.html", {
        "scope": scope,
        "memberships": scope.memberships,
        "school_count": schools.count(),
        "schools": schools.select_related("community")[:8],
        "school_year": org_selectors.current_school_year(today),
        "today": today,
        "last_duty_run": duty_selectors.last_scheduler_run() if scope.has_role("office") else None,
    })
