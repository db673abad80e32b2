from django.contrib import admin

from campus_safety.admin_base import ReadOnlyAdmin

from .models import (Incident, IncidentEvent, IncidentPhoto, InsuranceClaim, Involvement, Mediation, Statement,
                     Supervision, SupervisionEvent, SupervisionRule)


@admin.register(SupervisionRule)
class SupervisionRuleAdmin(admin.ModelAdmin):
    """Thresholds are data: the office tunes when a school is flagged without a release."""

    list_display = ["code", "basis", "measure", "threshold", "window_days", "deadline_days", "active"]
    list_editable = ["threshold", "window_days", "deadline_days", "active"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["number", "school", "kind", "severity", "occurred_at", "status"]
    list_filter = ["kind", "severity", "status"]
    search_fields = ["place", "first_account"]


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ["school", "measure", "basis", "status", "flagged_at", "deadline"]
    list_filter = ["measure", "basis", "status"]


admin.site.register([Involvement, IncidentPhoto, InsuranceClaim, Mediation, Statement, IncidentEvent,
                     SupervisionEvent], ReadOnlyAdmin)
