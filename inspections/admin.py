from django.contrib import admin

from campus_safety.admin_base import ReadOnlyAdmin

from .models import (Answer, AnswerPhoto, Campaign, CampaignDepartment, ChecklistItem, ChecklistTemplate, Inspection,
                     InspectionEvent)


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0

    def has_change_permission(self, request, obj=None):
        # A version filled by an inspection is frozen: revise it into a new version instead.
        return obj is None or not obj.inspections.exists()

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    """Checklists are data; a version already used by an inspection is read-only (services.template_revise)."""

    list_display = ["name", "kind", "code", "version", "is_current"]
    list_filter = ["kind", "is_current"]
    inlines = [ChecklistItemInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.inspections.exists():
            return ["code", "version", "kind", "name", "description", "is_current", "created_at"]
        return ["version", "created_at"]


class CampaignDepartmentInline(admin.TabularInline):
    model = CampaignDepartment
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "sub_district", "starts_on", "ends_on", "status"]
    list_filter = ["kind", "status"]
    inlines = [CampaignDepartmentInline]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["school", "kind", "campaign", "inspected_on", "status"]
    list_filter = ["kind", "status"]


admin.site.register([Answer, AnswerPhoto, InspectionEvent, CampaignDepartment], ReadOnlyAdmin)
