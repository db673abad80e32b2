from django.urls import path

from .views import hazards, ledger, register

app_name = "risks"
urlpatterns = [
    path("", register.RiskListView.as_view(), name="risk_list"),
    path("new/", register.risk_create, name="risk_create"),
    path("<int:pk>/", register.RiskDetailView.as_view(), name="risk_detail"),
    path("<int:pk>/assess/", register.risk_assess, name="risk_assess"),
    path("<int:pk>/retire/", register.risk_retire, name="risk_retire"),
    path("schools/<int:school_pk>/print/", register.school_risk_list, name="school_risk_list"),
    path("hazards/", hazards.HazardListView.as_view(), name="hazard_list"),
    path("hazards/report/", hazards.hazard_report, name="hazard_report"),
    path("hazards/inbox/", hazards.HazardInboxView.as_view(), name="hazard_inbox"),
    path("hazards/export.xlsx", ledger.ledger_export, name="ledger_export"),
    path("hazards/import/", ledger.ledger_import, name="ledger_import"),
    path("hazards/import/template.xlsx", ledger.ledger_template, name="ledger_template"),
    path("hazards/<int:pk>/", hazards.HazardDetailView.as_view(), name="hazard_detail"),
    *[path(f"hazards/<int:pk>/{name}/", hazards.hazard_action_view(name), name=f"hazard_{name}")
      for name in hazards.ACTIONS],
    path("attachments/<int:pk>/", hazards.attachment, name="attachment"),
]
