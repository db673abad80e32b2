"""A throwaway URLconf for tests/test_route_walk.py: the real routes plus two views that get scoping wrong,
to prove the walk notices."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from campus_safety.urls import urlpatterns as real_urlpatterns
from organizations.scoping import get_visible_or_404
from risks.models import Hazard


@login_required
def unscoped_hazard(request, pk):
    """Finds the hazard among all hazards, not among those the person may see."""
    return HttpResponse(get_object_or_404(Hazard, pk=pk).location)


@login_required
def hazard_renamed_by_any_viewer(request, pk):
    """Scoped for reading, but lets anyone who sees the hazard change it (read-only roles too)."""
    hazard = get_visible_or_404(request.user, Hazard.objects.all(), pk=pk)
    if request.method == "POST":
        Hazard.objects.filter(pk=hazard.pk).update(location="改过的部位")
    return HttpResponse(hazard.location)


urlpatterns = [
    path("unscoped/hazards/<int:pk>/", unscoped_hazard, name="unscoped_hazard"),
    path("unscoped/hazards/<int:pk>/rename/", hazard_renamed_by_any_viewer, name="hazard_renamed_by_any_viewer"),
    *real_urlpatterns,
]
