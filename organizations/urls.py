from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("schools/", views.SchoolListView.as_view(), name="school_list"),
    path("schools/<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("schools/<int:pk>/edit/", views.SchoolUpdateView.as_view(), name="school_update"),
    path("organisation/", views.organisation_overview, name="overview"),
    path("me/", views.profile, name="profile"),
]
