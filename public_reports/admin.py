from django.contrib import admin

from campus_safety.admin_base import ReadOnlyAdmin

from .models import PublicReport, PublicReportEvent

# A reporter's contact and address are read on the triage page, where each reading is recorded; the
# admin does not show them at all.
PERSONAL = ["contact_name", "contact", "client_address", "challenge"]


@admin.register(PublicReport)
class PublicReportAdmin(ReadOnlyAdmin):
    list_display = ["number", "school", "kind", "status", "submitted_at"]
    list_filter = ["kind", "status"]
    exclude = PERSONAL


@admin.register(PublicReportEvent)
class PublicReportEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "kind", "actor", "at"]
    list_filter = ["kind"]
