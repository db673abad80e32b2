from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("", views.school_list, name="school_list"),
    path("schools/<int:pk>/", views.school_zone, name="school_zone"),
    path("schools/<int:pk>/zone.svg", views.zone_svg, name="zone_svg"),
    path("schools/<int:pk>/gates/new/", views.gate_form, name="gate_new"),
    path("schools/<int:pk>/gates/<int:gate_pk>/", views.gate_form, name="gate_edit"),
    path("schools/<int:pk>/cameras/new/", views.camera_form, name="camera_new"),
    path("schools/<int:pk>/cameras/<int:camera_pk>/", views.camera_form, name="camera_edit"),
    path("schools/<int:pk>/staffing/", views.staffing_form, name="staffing"),
    path("schools/<int:pk>/staffing/report/", views.staffing_report, name="staffing_report"),
    path("premises/", views.premises_list, name="premises_list"),
    path("premises/new/", views.premises_form, name="premises_new"),
    path("premises/import/", views.premises_import, name="premises_import"),
    path("premises/import/template/", views.premises_template, name="premises_template"),
    path("premises/<int:pk>/", views.premises_detail, name="premises_detail"),
    path("premises/<int:pk>/edit/", views.premises_form, name="premises_edit"),
    path("patrols/", views.patrol_list, name="patrol_list"),
    path("patrols/new/", views.patrol_new, name="patrol_new"),
    path("guard-duties/new/", views.guard_duty_new, name="guard_duty_new"),
    path("drills/", views.drill_list, name="drill_list"),
    path("drills/new/", views.drill_new, name="drill_new"),
    path("drills/<int:pk>/", views.drill_detail, name="drill_detail"),
    path("trainings/", views.training_list, name="training_list"),
    path("trainings/new/", views.training_new, name="training_new"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
