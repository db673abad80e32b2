from django.urls import path

from . import views

app_name = "duties"
urlpatterns = [
    path("", views.DutyTaskListView.as_view(), name="task_list"),
    path("<int:pk>/", views.DutyTaskDetailView.as_view(), name="task_detail"),
    path("<int:pk>/close/", views.DutyTaskCloseView.as_view(), name="task_close"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("completion/", views.completion, name="completion"),
]
