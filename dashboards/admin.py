from django.contrib import admin

from campus_safety.admin_base import ReadOnlyAdmin

from .models import AssessmentFormula


# The office changes its formula on the assessment page (services.formula_set); every version stays.
@admin.register(AssessmentFormula)
class AssessmentFormulaAdmin(ReadOnlyAdmin):
    list_display = ["sub_district", "duty_on_time", "rectified_on_time", "sweep_done", "incident_on_time",
                    "overdue_penalty", "set_by", "set_at"]
    list_filter = ["sub_district"]
