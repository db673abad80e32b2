from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from campus_safety.admin_base import ReadOnlyAdmin

from .models import DutyDefinition, DutyEvidence, DutyTask, DutyTaskEvent, Holiday, Reminder, SchedulerRun


@admin.register(DutyDefinition)
class DutyDefinitionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_kind", "department_kind", "frequency", "scope", "lead_days", "is_active"]
    list_filter = ["owner_kind", "department_kind", "frequency", "scope", "is_active"]
    search_fields = ["title", "code", "description"]


class HolidayResource(resources.ModelResource):
    class Meta:
        model = Holiday
        fields = ("date", "kind", "name")
        import_id_fields = ("date",)


@admin.register(Holiday)
class HolidayAdmin(ImportExportModelAdmin):
    """The working-day calendar is data offices receive as a yearly list: import it from Excel (a preview
    first, all rows or none), export it to check or share."""

    resource_classes = [HolidayResource]
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


class EventInline(admin.TabularInline):
    model = DutyTaskEvent
    extra = 0
    readonly_fields = ["kind", "actor", "at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DutyTask)
class DutyTaskAdmin(ReadOnlyAdmin):
    list_display = ["definition", "period_label", "school", "community", "owner_department", "due_on", "status"]
    list_filter = ["status", "definition__owner_kind", "definition__frequency", "sub_district"]
    search_fields = ["definition__title", "school__name", "community__name", "period_key"]
    date_hierarchy = "due_on"
    inlines = [EventInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["task", "recipient", "kind", "scheduled_on", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    date_hierarchy = "scheduled_on"


@admin.register(SchedulerRun)
class SchedulerRunAdmin(ReadOnlyAdmin):
    list_display = ["run_date", "finished_at", "tasks_created", "reminders_created", "trigger"]


@admin.register(DutyEvidence)
class DutyEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["task", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
