from django.urls import path

from .views import public, triage

app_name = "public_reports"

urlpatterns = [
    # Public: no login (a student, parent or citizen on a phone).
    path("report/", public.report_form, name="submit"),
    path("report/received/", public.report_received, name="received"),
    path("report/status/", public.report_status, name="status"),
    # Staff: the poster of a school, and the triage queue.
    path("public-reports/poster/<int:school_id>/", triage.poster, name="poster"),
    path("public-reports/", triage.report_list, name="triage_list"),
    path("public-reports/export/", triage.report_export, name="triage_export"),
    path("public-reports/<int:pk>/", triage.report_detail, name="triage_detail"),
    path("public-reports/<int:pk>/photos/<int:photo_id>/", triage.report_photo, name="triage_photo"),
    path("public-reports/<int:pk>/<slug:action>/", triage.report_step, name="triage_step"),
]
