from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from dashboards import api as dashboards_api
from dashboards import views as dashboard_views
from duties import api as duties_api
from incidents import api as incidents_api
from inspections import api as inspections_api
from notifications import api as notifications_api
from organizations import api as organizations_api
from public_reports import api as public_reports_api
from risks import api as risks_api
from security import api as security_api

from . import views

# No ".json" suffix routes: the @action methods take no `format` argument and answered them with a 500;
# `?format=json` and the Accept header choose the renderer instead.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("schools", organizations_api.SchoolViewSet, basename="school")
router.register("departments", organizations_api.DepartmentViewSet, basename="department")
router.register("communities", organizations_api.CommunityViewSet, basename="community")
router.register("school-years", organizations_api.SchoolYearViewSet, basename="school-year")
router.register("hazards", risks_api.HazardViewSet, basename="hazard")
router.register("risks", risks_api.RiskViewSet, basename="risk")
router.register("duty-tasks", duties_api.DutyTaskViewSet, basename="duty-task")
router.register("inbox", notifications_api.InboxViewSet, basename="inbox")
router.register("security/premises-types", security_api.PremisesTypeViewSet, basename="premises-type")
router.register("security/premises", security_api.PremisesViewSet, basename="premises")
router.register("security/schools", security_api.SchoolSecurityViewSet, basename="security-school")
router.register("security/gates", security_api.GateViewSet, basename="gate")
router.register("security/cameras", security_api.CameraViewSet, basename="camera")
router.register("security/patrol-logs", security_api.PatrolLogViewSet, basename="patrol-log")
router.register("security/guard-duties", security_api.GuardDutyViewSet, basename="guard-duty")
router.register("security/drills", security_api.DrillViewSet, basename="drill")
router.register("security/trainings", security_api.TrainingViewSet, basename="training")
router.register("checklist-templates", inspections_api.ChecklistTemplateViewSet, basename="checklist-template")
router.register("campaigns", inspections_api.CampaignViewSet, basename="campaign")
router.register("inspections", inspections_api.InspectionViewSet, basename="inspection")
router.register("self-checks", inspections_api.SelfCheckViewSet, basename="self-check")
router.register("incidents", incidents_api.IncidentViewSet, basename="incident")
router.register("incident-claims", incidents_api.ClaimViewSet, basename="incident-claim")
router.register("mediations", incidents_api.MediationViewSet, basename="mediation")
router.register("supervisions", incidents_api.SupervisionViewSet, basename="supervision")
router.register("supervision-rules", incidents_api.SupervisionRuleViewSet, basename="supervision-rule")
router.register("public-reports", public_reports_api.PublicReportViewSet, basename="public-report")

api_urlpatterns = [
    path("token/", organizations_api.TokenObtainView.as_view(), name="api-token"),
    path("me/", organizations_api.MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("duty-completion/", duties_api.completion, name="api-duty-completion"),
    path("dashboard/", dashboards_api.dashboard, name="api-dashboard"),
    path("dashboard/district/", dashboards_api.district, name="api-dashboard-district"),
    path("assessment/", dashboards_api.assessment_ranking, name="api-assessment"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema", template_name="api_docs.html"),
         name="api-docs"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/district/", dashboard_views.district, name="dashboard_district"),
    path("dashboard/report/", dashboard_views.supervision_report, name="supervision_report"),
    path("dashboard/assessment/", dashboard_views.assessment_ranking, name="assessment"),
    path("dashboard/assessment/formula/", dashboard_views.assessment_formula, name="assessment_formula"),
    path("dashboard/schools/<int:pk>/ledger/", dashboard_views.school_ledger, name="school_ledger_print"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("organizations.urls")),
    path("risks/", include("risks.urls")),
    path("duties/", include("duties.urls")),
    path("inspections/", include("inspections.urls")),
    path("security/", include("security.urls")),
    path("incidents/", include("incidents.urls")),
    path("", include("public_reports.urls")),
    path("inbox/", include("notifications.urls")),
    path("api/", include(api_urlpatterns)),
    path("admin/", admin.site.urls),
]

admin.site.site_header = admin.site.site_title = _("校园安全风险防控系统")
admin.site.index_title = _("系统管理")
