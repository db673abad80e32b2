from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from organizations.scoping import scope_for

from . import selectors


@login_required
def home(request):
    """工作台: what this person is responsible for, at a glance, with a way into each list."""
    scope = scope_for(request.user)
    return render(request, "dashboards/home.html", {
        "scope": scope,
        "memberships": scope.memberships,
        **selectors.workbench(request.user),
    })
