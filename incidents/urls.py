from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("new/", views.incident_report, name="incident_report"),
    path("export.xlsx", views.incident_export, name="incident_export"),
    path("photos/<int:pk>/", views.incident_photo, name="incident_photo"),
    path("supervision/", views.supervision_list, name="supervision_list"),
    path("supervision/new/", views.supervision_new, name="supervision_new"),
    path("supervision/export.xlsx", views.supervision_export, name="supervision_export"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("supervision/<int:pk>/<slug:action>/", views.supervision_step, name="supervision_step"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
    path("<int:pk>/<slug:action>/", views.incident_step, name="incident_step"),
]
