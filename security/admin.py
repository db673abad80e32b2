from django.contrib import admin

from campus_safety.admin_base import ReadOnlyAdmin

from .models import (Camera, Drill, DrillProblem, Evidence, GuardDuty, PatrolFinding, PatrolLog, Premises,
                     PremisesType, SchoolGate, Staffing, Training)


@admin.register(PremisesType)
class PremisesTypeAdmin(admin.ModelAdmin):
    """Radii and what is prohibited are data: provinces differ (e.g. 50 m for tobacco and lottery outlets)."""

    list_display = ["name", "prohibited", "radius_m", "supervised", "legal_basis"]


@admin.register(Premises)
class PremisesAdmin(ReadOnlyAdmin):
    list_display = ["name", "type", "sub_district", "address", "status"]
    list_filter = ["type", "status"]
    search_fields = ["name", "address"]


admin.site.register([SchoolGate, PatrolLog, PatrolFinding, GuardDuty, Camera, Drill, DrillProblem, Training,
                     Evidence, Staffing], ReadOnlyAdmin)
