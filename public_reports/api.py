"""The API of the triage queue: what its pages show, scoped as they are, every step through the services and
one action per row of the lifecycle table. The reporter's contact is in no serializer: it is returned only by
the `contact` action, which records the reading as the page does."""
import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from campus_safety.api_fields import text_field as _text
from campus_safety.filter_forms import DateRangeForm
from incidents.api import OptionalDateTimeField
from incidents.models import IncidentKind, Severity
from organizations.scoped_views import ScopedViewSetMixin

from . import policies, selectors, services
from .models import PublicReport, PublicReportEvent, ReportKind, ReportStatus
from .transitions import REPORT_LIFECYCLE

class NewestFirst(CursorPagination):
    ordering = ("-submitted_at", "-pk")
    page_size = 50


class ReportSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    incident_number = serializers.SerializerMethodField()
    hazard_number = serializers.SerializerMethodField()

    class Meta:
        model = PublicReport
        fields = ["id", "number", "school", "school_name", "surroundings", "kind", "status", "outcome",
                  "description", "anonymous", "submitted_at", "incident", "incident_number", "hazard",
                  "hazard_number", "triaged_by", "triaged_at", "public_answer", "answered_at",
                  "personal_data_purged_at"]

    def get_incident_number(self, report) -> str:
        return report.incident.number if report.incident_id else ""

    def get_hazard_number(self, report) -> str:
        return report.hazard.number if report.hazard_id else ""


class PublicReportEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicReportEvent
        fields = ["kind", "actor", "from_status", "to_status", "note", "at"]


class ReportDetailSerializer(ReportSerializer):
    photos = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = ReportSerializer.Meta.fields + ["photos", "events", "allowed_actions"]

    def get_photos(self, report) -> list[str]:
        return [reverse("public_reports:triage_photo", args=[report.pk, photo.pk]) for photo in report.photos.all()]

    @extend_schema_field(PublicReportEventSerializer(many=True))
    def get_events(self, report):
        return PublicReportEventSerializer(selectors.report_events(report), many=True).data

    def get_allowed_actions(self, report) -> list[str]:
        return services.allowed_actions(self.context["request"].user, report)


class ReportFilter(django_filters.FilterSet):
    """The triage page's filters, applied by the page's own function (selectors.filter_reports)."""

    queue = django_filters.ChoiceFilter(choices=[(name, name) for name in selectors.QUEUES])
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    date_from = django_filters.DateFilter(label="收到日期起")
    date_to = django_filters.DateFilter(label="收到日期止")
    q = django_filters.CharFilter(label="内容包含，或回执码")
    sub_district = django_filters.NumberFilter(label="街道")

    class Meta:
        model = PublicReport
        fields = ["queue", "status", "kind", "school", "date_from", "date_to", "q", "sub_district"]
        form = DateRangeForm

    def filter_queryset(self, queryset):
        chosen = self.form.cleaned_data
        return selectors.filter_reports(
            queryset, queue=chosen.get("queue") or "", status=chosen.get("status") or "",
            kind=chosen.get("kind") or "", school=chosen.get("school"), date_from=chosen.get("date_from"),
            date_to=chosen.get("date_to"), q=(chosen.get("q") or "").strip(), sub_district=chosen.get("sub_district"))


class ToIncidentSerializer(serializers.Serializer):
    kind = _text(help_text=", ".join(IncidentKind.values))
    severity = _text(help_text=", ".join(Severity.values))
    occurred_at = OptionalDateTimeField()
    place = _text()
    injured = serializers.IntegerField(required=False, default=0, min_value=0)


class ToHazardSerializer(serializers.Serializer):
    category = _text()
    location = _text()
    description = _text()


class MergeSerializer(serializers.Serializer):
    target = _text(help_text="incident:<id> 或 hazard:<id>（本校未办结的）")


class DismissSerializer(serializers.Serializer):
    reason = _text()
    public_answer = _text()


class PublicAnswerSerializer(serializers.Serializer):
    public_answer = _text()


STEPS = {"to_incident": (ToIncidentSerializer, services.report_to_incident),
         "to_hazard": (ToHazardSerializer, services.report_to_hazard),
         "merge": (MergeSerializer, services.report_merge),
         "dismiss": (DismissSerializer, services.report_dismiss),
         "answer": (PublicAnswerSerializer, services.report_answer)}

CONTACT = inline_serializer("PublicReportContact", {
    "name": serializers.CharField(), "contact": serializers.CharField(), "purged": serializers.BooleanField()})


class PublicReportViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """公众举报: the triage queue (the page's filters), a report with its timeline, one action per step, and
    the reporter's contact (POST, recorded, triaging roles only)."""

    queryset = PublicReport.objects.all()
    filterset_class = ReportFilter
    pagination_class = NewestFirst

    def base_queryset(self):
        return selectors.report_rows() if self.action == "list" else selectors.report_detail_queryset()

    def get_serializer_class(self):
        if self.action in STEPS:
            return STEPS[self.action][0]
        return ReportSerializer if self.action == "list" else ReportDetailSerializer

    def list(self, request, *args, **kwargs):
        if not policies.report_read.possible(request.user):
            raise PermissionDenied
        return super().list(request, *args, **kwargs)

    def _detail(self, report):
        report = selectors.report_detail_queryset().get(pk=report.pk)
        return Response(ReportDetailSerializer(report, context=self.get_serializer_context()).data)

    def _step(self, request, name):
        report = self.get_object()
        transition = REPORT_LIFECYCLE[name]
        if not transition.rule.allows(request.user, report):
            raise PermissionDenied(str(transition.refusal) if transition.refusal else _("您无权进行此操作。"))
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        STEPS[name][1](actor=request.user, report=report, **data.validated_data)
        return self._detail(report)

    @extend_schema(request=None, responses=CONTACT, summary="查看举报人联系方式（仅街道办和教管中心，每次查看都记录）")
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        report = self.get_object()
        if not REPORT_LIFECYCLE["read_contact"].rule.allows(request.user, report):
            raise PermissionDenied(str(REPORT_LIFECYCLE["read_contact"].refusal))
        return Response(services.report_read_contact(actor=request.user, report=report))


def _step_action(name):
    def perform(self, request, pk=None):
        return self._step(request, name)

    perform.__name__ = name
    return extend_schema(request=STEPS[name][0], responses=ReportDetailSerializer,
                         summary=str(REPORT_LIFECYCLE[name].label))(
        action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(perform))


for _name in STEPS:
    setattr(PublicReportViewSet, _name, _step_action(_name))
