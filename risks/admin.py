from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from campus_safety.admin_base import ReadOnlyAdmin

from .models import (GradingScheme, Hazard, HazardAttachment, HazardEvent, LedgerSynonym, Risk, RiskAssessment,
                     RiskLevel)


class RiskLevelInline(admin.TabularInline):
    model = RiskLevel
    extra = 0


@admin.register(GradingScheme)
class GradingSchemeAdmin(admin.ModelAdmin):
    """Schemes and thresholds are data the office may adapt to its local guide."""

    list_display = ["name", "method", "is_default", "is_active"]
    inlines = [RiskLevelInline]


class AssessmentInline(admin.TabularInline):
    model = RiskAssessment
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdmin):
    list_display = ["name", "school", "category", "level", "status", "next_review_on"]
    list_filter = ["status", "category", "level__colour"]
    list_select_related = ["school", "level"]
    inlines = [AssessmentInline]


class EventInline(admin.TabularInline):
    model = HazardEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "from_status", "to_status", "comment"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Hazard)
class HazardAdmin(ReadOnlyAdmin):
    list_display = ["id", "school", "location", "status", "grade", "assigned_department", "deadline"]
    list_filter = ["status", "grade", "category"]
    list_select_related = ["school", "assigned_department"]
    inlines = [EventInline]


@admin.register(HazardAttachment)
class HazardAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "hazard", "kind", "content_type", "size", "uploaded_at"]


class LedgerSynonymResource(resources.ModelResource):
    class Meta:
        model = LedgerSynonym
        fields = ("kind", "target", "text")
        import_id_fields = ("kind", "text")


@admin.register(LedgerSynonym)
class LedgerSynonymAdmin(ImportExportModelAdmin):
    """Offices' own spellings grow with every ledger they load: kept in Excel, imported and exported here."""

    resource_classes = [LedgerSynonymResource]
    """How offices write column names, categories, grades and statuses in their own Excel ledgers: data the
    office may extend when a ledger of its own layout is refused (the import preview names the column)."""

    list_display = ["text", "kind", "target"]
    list_filter = ["kind", "target"]
    search_fields = ["text", "target"]
