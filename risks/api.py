"""The API of the risk register and the hazard loop: scoped exactly as the browser, writes through services."""
import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from campus_safety.api_fields import OptionalDateField, PhotosField
from campus_safety.api_fields import text_field as _text
from organizations.models import Department, School
from organizations.scoped_views import ScopedViewSetMixin
from organizations.scoping import get_visible_or_404, visible

from . import ledger, policies, selectors, services
from .transitions import HAZARD_LIFECYCLE
from .models import (AssigneeKind, Category, GradingScheme, Hazard, HazardAttachment, HazardEvent, HazardGrade,
                     HazardStatus, Risk,
                     RiskAssessment, RiskStatus)


def _django_errors(error):
    if hasattr(error, "error_dict"):
        return serializers.ValidationError({key: [str(m) for e in errors for m in e.messages]
                                            for key, errors in error.error_dict.items()})
    return serializers.ValidationError({"detail": error.messages})


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = HazardAttachment
        fields = ["id", "kind", "content_type", "size", "original_name", "uploaded_at", "url"]

    def get_url(self, item) -> str:
        return reverse("risks:attachment", args=[item.pk])


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    comment = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    class Meta:
        model = HazardEvent
        fields = ["id", "kind", "actor", "at", "from_status", "to_status", "comment", "summary", "data",
                  "attachments"]

    def get_comment(self, event) -> str:
        return event.comment if event.shows_comment else ""

    def get_summary(self, event) -> str:
        """The system's sentence about this step, in the caller's language."""
        return event.summary()


class HazardSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    reported_by = serializers.CharField(source="reporter_display", read_only=True)
    accepted_by = serializers.StringRelatedField()
    assignee = serializers.CharField(source="assignee_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    is_supervised = serializers.SerializerMethodField()
    risk = serializers.SerializerMethodField()

    class Meta:
        model = Hazard
        fields = ["id", "number", "school", "school_name", "risk", "category", "location", "description", "source",
                  "found_at", "reported_by", "reported_at", "status", "grade", "assignee_kind", "assigned_department",
                  "assignee", "responsible_person", "measures", "deadline", "funds_amount", "funds_source",
                  "contingency_plan", "assigned_at", "submitted_at", "rectification_note", "rejection_count",
                  "accepted_by", "accepted_at", "acceptance_due_on", "is_overdue", "is_supervised"]
        read_only_fields = fields

    def get_risk(self, hazard) -> int | None:
        """The linked risk only for those who may open it (a department assigned the hazard may not)."""
        if hazard.risk_id is None:
            return None
        if "_visible_risks" not in self.context:
            user = self.context["request"].user
            self.context["_visible_risks"] = set(visible(user, Risk.objects.all()).values_list("pk", flat=True))
        return hazard.risk_id if hazard.risk_id in self.context["_visible_risks"] else None

    def get_is_overdue(self, hazard) -> bool:
        return hazard.is_overdue()

    def get_is_supervised(self, hazard) -> bool:
        return hazard.is_supervised()


class HazardDetailSerializer(HazardSerializer):
    events = EventSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(HazardSerializer.Meta):
        fields = HazardSerializer.Meta.fields + ["events", "allowed_actions"]
        read_only_fields = fields

    def get_allowed_actions(self, hazard) -> list[str]:
        return services.allowed_actions(self.context["request"].user, hazard)


class HazardCreateSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    category = serializers.ChoiceField(choices=Category.choices)
    location = _text()
    description = _text()
    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.all(), required=False, allow_null=True)
    photos = PhotosField(required=False)


class GradeSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=HazardGrade.choices, required=False, allow_blank=True, default="")
    comment = _text()


class AssignSerializer(serializers.Serializer):
    assignee_kind = serializers.ChoiceField(choices=AssigneeKind.choices, required=False, allow_blank=True,
                                            default="")
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False,
                                                    allow_null=True, default=None)
    funds_amount = serializers.DecimalField(max_digits=None, decimal_places=None, required=False, allow_null=True,
                                            default=None)
    funds_source = _text()
    responsible_person = _text()
    measures = _text()
    deadline = OptionalDateField()
    contingency_plan = _text()
    comment = _text()


class CommentSerializer(serializers.Serializer):
    comment = _text()


class SubmitSerializer(serializers.Serializer):
    note = _text()
    photos = PhotosField(required=False, default=list)


class RejectSerializer(serializers.Serializer):
    reason = _text()


# The request body of each row of the transition table (a test checks none is missing).
TRANSITION_SERIALIZERS = {"grade": GradeSerializer, "assign": AssignSerializer, "start": CommentSerializer,
                          "submit": SubmitSerializer, "reject": RejectSerializer, "accept": CommentSerializer}


class HazardFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=selectors.STATUS_GROUP_CHOICES + HazardStatus.choices,
                                         method="filter_status")
    grade = django_filters.ChoiceFilter(choices=HazardGrade.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    department = django_filters.NumberFilter(field_name="assigned_department")
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    supervised = django_filters.BooleanFilter(method="filter_supervised")
    found_after = django_filters.DateFilter(field_name="found_at", lookup_expr="date__gte")
    found_before = django_filters.DateFilter(field_name="found_at", lookup_expr="date__lte")
    sub_district = django_filters.NumberFilter(field_name="school__sub_district", label="街道")

    class Meta:
        model = Hazard
        fields = ["status", "grade", "school", "category", "department", "overdue", "supervised"]

    def filter_status(self, queryset, name, value):
        return selectors.filter_hazards(queryset, status=value)

    def filter_overdue(self, queryset, name, value):
        condition = selectors.overdue_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_supervised(self, queryset, name, value):
        condition = selectors.supervised_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)


class LedgerImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True, help_text=_("默认只预览不保存；确认导入时传 false。"))


class LedgerRowSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text=_("Excel 中显示的行号"))
    errors = serializers.ListField(child=serializers.CharField(), source="messages",
                                   help_text=_("每条错误写明行号和单元格所在列"))


class LedgerPreviewRowSerializer(LedgerRowSerializer):
    outcome = serializers.ChoiceField(choices=list(ledger.OUTCOME_LABELS), help_text=_(
        "new 新隐患；closed 销号历史；submitted 待验收；in_progress 整改中；existing 已导入过；error 有错误"))
    outcome_label = serializers.CharField()
    school = serializers.CharField(source="values.school", default="")
    location = serializers.CharField(source="values.location", default="")
    notes = serializers.ListField(child=serializers.CharField())


class LedgerImportResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField(source="is_valid")
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField(source="row_count")
    created = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField())
    header_row = serializers.IntegerField()
    ignored_columns = serializers.ListField(child=serializers.CharField(), help_text=_("这些列不会导入"))
    footnote_rows = serializers.ListField(child=serializers.IntegerField())
    row_errors = LedgerRowSerializer(many=True, source="rows_with_errors")
    preview = LedgerPreviewRowSerializer(many=True, source="rows")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class LedgerActions:
    """隐患台账 in Excel, as the ledger pages offer it: export with the list's filters, the import template,
    and the import (a dry run first, then the same file again with dry_run=false: all rows or none)."""

    @extend_schema(responses={(200, XLSX_TYPE): bytes}, summary="导出隐患台账（.xlsx，与列表同样的筛选）")
    @action(detail=False, methods=["get"], url_path="ledger-export")
    def ledger_export(self, request):
        hazards = self.filter_queryset(self.get_queryset()).order_by("found_at", "pk")
        filters = self.filterset_class(request.GET, queryset=hazards, request=request).form
        chosen = filters.cleaned_data if filters.is_valid() else {}
        return ledger.export_response(hazards, user=request.user, school=chosen.get("school"),
                                      date_from=chosen.get("found_after"), date_to=chosen.get("found_before"))

    @extend_schema(responses={(200, XLSX_TYPE): bytes}, summary="下载台账导入模板（街道办）")
    @action(detail=False, methods=["get"], url_path="ledger-template")
    def ledger_template(self, request):
        if not policies.ledger_import.possible(request.user):
            raise PermissionDenied
        return _xlsx(ledger.import_template(), "hazard-import-template.xlsx")

    @extend_schema(request={"multipart/form-data": LedgerImportSerializer}, responses=LedgerImportResultSerializer,
                   summary="导入隐患台账：先预览（dry_run），再确认导入（街道办）")
    @action(detail=False, methods=["post"], url_path="ledger-import",
            parser_classes=[MultiPartParser, FormParser])
    def ledger_import(self, request):
        if not policies.ledger_import.possible(request.user):
            raise PermissionDenied
        data = LedgerImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload, dry_run = data.validated_data["file"], data.validated_data["dry_run"]
        result = ledger.import_ledger(upload.read(), actor=request.user, dry_run=dry_run,
                                      file_name=(upload.name or "ledger.xlsx").rsplit("/", 1)[-1][:120])
        body = LedgerImportResultSerializer(result).data
        return Response(body, status=status.HTTP_200_OK if result.is_valid else status.HTTP_400_BAD_REQUEST)


class NewestFirst(CursorPagination):
    ordering = "-id"
    page_size = 50


class HazardViewSet(LedgerActions, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """隐患: list (filters, cursor pagination), detail with timeline, report, and one action per transition."""

    queryset = Hazard.objects.all()
    filterset_class = HazardFilter
    pagination_class = NewestFirst
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def base_queryset(self):
        if self.action in ("list", "ledger_export"):
            return selectors.hazard_rows()
        return selectors.hazard_detail_queryset()

    def get_serializer_class(self):
        return {"list": HazardSerializer, "create": HazardCreateSerializer, **TRANSITION_SERIALIZERS}.get(
            self.action, HazardDetailSerializer)

    def _detail(self, hazard, code=status.HTTP_200_OK):
        hazard = selectors.hazard_detail_queryset().get(pk=hazard.pk)
        return Response(HazardDetailSerializer(hazard, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=HazardCreateSerializer, responses={201: HazardDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = get_visible_or_404(request.user, School.objects.all(), pk=values.pop("school").pk)
        try:
            hazard = services.hazard_report(actor=request.user, school=school, **values)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(hazard, status.HTTP_201_CREATED)

    def _transition(self, request, name):
        hazard = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            hazard = services.HAZARD_SERVICES[name](actor=request.user, hazard=hazard, **data.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(hazard)


def _transition_action(transition):
    def perform(self, request, pk=None):
        return self._transition(request, transition.name)

    perform.__name__ = transition.name
    serializer = TRANSITION_SERIALIZERS[transition.name]
    request_schema = {"multipart/form-data": serializer} if "photos" in serializer().fields else serializer
    # extend_schema outside @action: @action replaces the function's kwargs, where the schema is kept.
    return extend_schema(request=request_schema, responses=HazardDetailSerializer,
                         summary=str(transition.label))(action(detail=True, methods=["post"])(perform))


# One API action per row of the transition table.
for _transition_row in HAZARD_LIFECYCLE:
    setattr(HazardViewSet, _transition_row.name, _transition_action(_transition_row))


class AssessmentSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="level.name")
    colour = serializers.CharField(source="level.colour")
    assessed_by = serializers.StringRelatedField()

    class Meta:
        model = RiskAssessment
        fields = ["id", "scheme", "likelihood", "exposure", "severity", "score", "level", "colour", "note",
                  "assessed_by", "assessed_at"]


class RiskSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    level_name = serializers.CharField(source="level.name", read_only=True)
    colour = serializers.CharField(source="level.colour", read_only=True)

    class Meta:
        model = Risk
        fields = ["id", "school", "school_name", "category", "name", "location", "description", "control_measures",
                  "responsible_department", "responsible_person", "scheme", "level", "level_name", "colour", "score",
                  "next_review_on", "status", "retired_at", "retired_reason"]


class RiskDetailSerializer(RiskSerializer):
    assessments = AssessmentSerializer(many=True, read_only=True)

    class Meta(RiskSerializer.Meta):
        fields = RiskSerializer.Meta.fields + ["assessments"]


class RiskFilter(django_filters.FilterSet):
    colour = django_filters.CharFilter(field_name="level__colour")
    sub_district = django_filters.NumberFilter(field_name="school__sub_district", label="街道")
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices)

    class Meta:
        model = Risk
        fields = ["school", "category", "colour", "status"]


class AssessSerializer(serializers.Serializer):
    scheme = serializers.PrimaryKeyRelatedField(queryset=GradingScheme.objects.filter(is_active=True),
                                                required=False, allow_null=True, default=None)
    likelihood = serializers.DecimalField(max_digits=5, decimal_places=2)
    exposure = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True,
                                        default=None)
    severity = serializers.DecimalField(max_digits=6, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RiskCreateSerializer(AssessSerializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    category = serializers.ChoiceField(choices=Category.choices)
    name = serializers.CharField(max_length=120)
    location = serializers.CharField(max_length=120)
    description = serializers.CharField()
    control_measures = serializers.CharField()
    responsible_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False,
                                                                allow_null=True, default=None)
    responsible_person = serializers.CharField(max_length=50)


class RetireSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RiskViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  viewsets.GenericViewSet):
    """学校安全风险清单: the level is computed from the factors by the risk's scheme, never sent."""

    queryset = Risk.objects.all()
    filterset_class = RiskFilter
    pagination_class = NewestFirst

    def base_queryset(self):
        return selectors.risk_rows() if self.action == "list" else selectors.risk_detail_queryset()

    def get_serializer_class(self):
        return {"list": RiskSerializer, "create": RiskCreateSerializer, "reassess": AssessSerializer,
                "retire": RetireSerializer}.get(self.action, RiskDetailSerializer)

    def _detail(self, risk, code=status.HTTP_200_OK):
        risk = selectors.risk_detail_queryset().get(pk=risk.pk)
        return Response(RiskDetailSerializer(risk, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=RiskCreateSerializer, responses={201: RiskDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = get_visible_or_404(request.user, School.objects.all(), pk=values.pop("school").pk)
        values["scheme"] = values["scheme"] or GradingScheme.objects.get(is_default=True)
        try:
            risk = services.risk_create(actor=request.user, school=school, **values)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(risk, status.HTTP_201_CREATED)

    @extend_schema(request=AssessSerializer, responses=RiskDetailSerializer, summary="重新评估（动态监测）")
    @action(detail=True, methods=["post"])
    def reassess(self, request, pk=None):
        risk = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.risk_reassess(actor=request.user, risk=risk, **data.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(risk)

    @extend_schema(request=RetireSerializer, responses=RiskDetailSerializer, summary="风险销号")
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        risk = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.risk_retire(actor=request.user, risk=risk, **data.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return self._detail(risk)
