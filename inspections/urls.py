from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", views.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/assign/", views.inspection_assign, name="inspection_assign"),
    path("<int:pk>/correct/", views.inspection_correct, name="inspection_correct"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("self-check/", views.self_check_today, name="self_check_today"),
    path("self-check/overview/", views.self_check_overview, name="self_check_overview"),
]
