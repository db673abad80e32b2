"""The API of incidents, their aftermath and supervision: scoped exactly as the pages
(organizations.scoped_views), every write through the services, the transitions generated from the tables
(transitions.INCIDENT_LIFECYCLE, supervision.SUPERVISION_LIFECYCLE), so a refusal is a 400 with the page's
messages field by field (campus_safety.api_errors), a person the rule refuses a 403, an outsider a 404."""
from datetime import timedelta

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from campus_safety.api_fields import OptionalDateField, PhotosField
from campus_safety.api_fields import text_field as _text
from campus_safety.filter_forms import DateRangeForm
from organizations.models import Department, School
from organizations.scoped_views import ScopedViewSetMixin
from organizations.scoping import visible
from risks import selectors as risk_selectors

from . import selectors, services, supervision
from .models import (OPEN_CLAIM_STATUSES, Basis, ClaimStatus, Incident, IncidentEvent, IncidentKind, IncidentPhoto,
                     IncidentStatus, InsuranceClaim, Involvement, Measure, Mediation, MediationStatus, Severity,
                     Statement, Supervision, SupervisionEvent, SupervisionRule, SupervisionStatus,
                     mediation_warning_days)
from .supervision import SUPERVISION_LIFECYCLE
from .transitions import INCIDENT_LIFECYCLE


def _codes(choices):
    return ", ".join(choices.values)


def _choice_text(choices):
    """A choice the service checks (and names in the page's words when it is missing or wrong)."""
    return _text(help_text=_codes(choices))


# What the pages' forms say for what cannot be parsed at all (the services judge the rest).
NOT_A_WHOLE_NUMBER = gettext_lazy("请填写整数。")
NOT_A_MOMENT = gettext_lazy("请按“年-月-日 时:分”填写时间。")


class OptionalDateTimeField(serializers.DateTimeField):
    """A moment the service requires or checks: blank or missing reaches the service, which says what is wrong;
    what is no moment at all is refused as the page's form does."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=None, **kwargs)
        self.error_messages["invalid"] = NOT_A_MOMENT

    def to_internal_value(self, value):
        return None if value in ("", None) else super().to_internal_value(value)


@extend_schema_field({"type": "integer", "minimum": 0})
class CountField(serializers.Field):
    """A head count: a whole number reaches the service, which checks its range in the page's words
    ("受伤人数须为 0 到 10000 之间的整数。"); what is no whole number at all is refused as the page's form does."""

    default_error_messages = {"invalid": NOT_A_WHOLE_NUMBER}

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=0, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        text = "" if data is None else str(data).strip()
        if not text:
            return 0
        try:
            return int(text, 10)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return value


class AmountField(serializers.CharField):
    """An amount in yuan as typed: the service parses it and says what is wrong with it."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, allow_null=True, default=None, trim_whitespace=True,
                         help_text="元，最多两位小数，例如 12000 或 12000.50", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            data = str(data)
        return super().to_internal_value(data)


def _visible_hazards(context, hazard_ids):
    """The hazards among these this person may open, asked once per response (as risks' API does for risks)."""
    if "_visible_hazards" not in context:
        ids = {pk for pk in hazard_ids if isinstance(pk, int)}
        shown = set()
        if ids:
            hazards = visible(context["request"].user, risk_selectors.hazard_rows().filter(pk__in=ids))
            shown = set(hazards.values_list("pk", flat=True))
        context["_visible_hazards"] = shown
    return context["_visible_hazards"]


class NewestFirst(CursorPagination):
    ordering = "-id"
    page_size = 50


# ---------------------------------------------------------------------------------------------
# Incidents: reading


class IncidentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reported_by = serializers.StringRelatedField()
    is_first_report_late = serializers.BooleanField(read_only=True)
    is_written_report_late = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "number", "school", "school_name", "kind", "kind_label", "severity", "severity_label",
                  "occurred_at", "place", "injured", "deaths", "status", "status_label", "reported_by",
                  "reported_at", "first_report_due", "written_report_due", "written_report_at",
                  "is_first_report_late", "is_written_report_late", "is_open"]
        read_only_fields = fields

    def get_is_written_report_late(self, incident) -> bool:
        return incident.is_written_report_late()


class InvolvementSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    department_kind = serializers.CharField(source="department.kind", read_only=True)

    class Meta:
        model = Involvement
        fields = ["department", "department_name", "department_kind", "joined_at"]
        read_only_fields = fields


class IncidentPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = IncidentPhoto
        fields = ["id", "content_type", "size", "original_name", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, photo) -> str:
        return reverse("incidents:incident_photo", args=[photo.pk])


class IncidentEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    label = serializers.CharField(source="get_kind_display", read_only=True)
    summary = serializers.SerializerMethodField()
    hazard = serializers.SerializerMethodField()
    data = serializers.SerializerMethodField()

    class Meta:
        model = IncidentEvent
        fields = ["id", "kind", "label", "actor", "at", "happened_at", "from_status", "to_status", "note", "summary",
                  "hazard", "data"]
        read_only_fields = fields

    def get_summary(self, event) -> str:
        """The system's sentence about this step, in the caller's language."""
        return event.summary()

    def _shown_hazard(self, event):
        hazard = (event.data or {}).get("hazard")
        return hazard if hazard in _visible_hazards(self.context, self.context.get("hazard_ids", ())) else None

    def get_hazard(self, event) -> int | None:
        """The hazard this step raised, named only to those who may open it."""
        return self._shown_hazard(event)

    @extend_schema_field({"type": "object"})
    def get_data(self, event):
        data = dict(event.data or {})
        if "hazard" in data and self._shown_hazard(event) is None:
            del data["hazard"]
        return data


class ClaimSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = InsuranceClaim
        fields = ["id", "incident", "insurer", "policy_number", "claim_number", "amount", "status", "status_label",
                  "paid_amount", "filed_on", "settled_on", "is_open"]
        read_only_fields = fields


class MediationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    days_left = serializers.SerializerMethodField()
    near_limit = serializers.SerializerMethodField()
    over_limit = serializers.SerializerMethodField()
    compensation_outstanding = serializers.BooleanField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Mediation
        fields = ["id", "incident", "kind", "kind_label", "mediator", "requested_on", "due_on", "days_left",
                  "near_limit", "over_limit", "status", "status_label", "concluded_on", "outcome", "compensation",
                  "compensation_paid_on", "compensation_outstanding", "is_open"]
        read_only_fields = fields

    def _today(self):
        return self.context.setdefault("_today", timezone.localdate())

    def get_days_left(self, mediation) -> int:
        """Days to the 60-day limit (negative: past it)."""
        return mediation.days_left(self._today())

    def get_near_limit(self, mediation) -> bool:
        return mediation.is_near_limit(self._today())

    def get_over_limit(self, mediation) -> bool:
        return mediation.is_over_limit(self._today())


class StatementSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Statement
        fields = ["id", "kind", "kind_label", "spokesperson", "published_on", "text"]
        read_only_fields = fields


class IncidentDetailSerializer(IncidentSerializer):
    involvements = InvolvementSerializer(many=True, read_only=True)
    photos = IncidentPhotoSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()
    claims = ClaimSerializer(many=True, read_only=True)
    mediations = MediationSerializer(many=True, read_only=True)
    statements = StatementSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    closing_obstacles = serializers.SerializerMethodField()

    class Meta(IncidentSerializer.Meta):
        fields = IncidentSerializer.Meta.fields + [
            "first_account", "written_report", "plan", "plan_activated_at", "guardians_notified_at", "cause",
            "responsibility", "investigated_at", "closed_at", "involvements", "photos", "events", "claims",
            "mediations", "statements", "allowed_actions", "closing_obstacles"]
        read_only_fields = fields

    @extend_schema_field(IncidentEventSerializer(many=True))
    def get_events(self, incident):
        events = list(incident.events.all())
        context = {**self.context, "hazard_ids": [(event.data or {}).get("hazard") for event in events]}
        return IncidentEventSerializer(events, many=True, context=context).data

    def get_allowed_actions(self, incident) -> list[str]:
        """The steps the caller may take now, in the table's order (POST /api/incidents/{id}/{step}/)."""
        return services.allowed_actions(self.context["request"].user, incident)

    def get_closing_obstacles(self, incident) -> list[str]:
        """What keeps the incident from being closed, each in the caller's language."""
        if incident.status == IncidentStatus.CLOSED:
            return []
        return [str(obstacle) for obstacle in services.closing_obstacles(incident)]


class IncidentFilter(django_filters.FilterSet):
    """The incident page's filters, applied by the page's own function (selectors.filter_incidents); a range
    that ends before it starts is refused as the page refuses it."""

    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices)
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    late = django_filters.BooleanFilter(label="首报或书面报告迟报")
    open = django_filters.BooleanFilter(label="未结案")
    mediation_alert = django_filters.BooleanFilter(label="调解临近或超过 60 日期限")
    date_from = django_filters.DateFilter(label="发生日期起")
    date_to = django_filters.DateFilter(label="发生日期止")
    q = django_filters.CharFilter(label="地点或情况包含")
    sub_district = django_filters.NumberFilter(label="街道")

    class Meta:
        model = Incident
        fields = ["status", "kind", "severity", "school", "late", "open", "mediation_alert", "date_from", "date_to",
                  "q", "sub_district"]
        form = DateRangeForm

    def filter_queryset(self, queryset):
        chosen = self.form.cleaned_data
        return selectors.filter_incidents(
            queryset, status=chosen.get("status") or "", kind=chosen.get("kind") or "",
            severity=chosen.get("severity") or "", school=chosen.get("school"), late=bool(chosen.get("late")),
            open_only=bool(chosen.get("open")), mediation_alert=bool(chosen.get("mediation_alert")),
            date_from=chosen.get("date_from"), date_to=chosen.get("date_to"), q=(chosen.get("q") or "").strip(),
            sub_district=chosen.get("sub_district"))


# ---------------------------------------------------------------------------------------------
# Incidents: the report and the steps of the table


class IncidentReportSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    kind = _choice_text(IncidentKind)
    severity = _choice_text(Severity)
    occurred_at = OptionalDateTimeField()
    place = _text()
    first_account = _text()
    injured = CountField()
    deaths = CountField()
    photos = PhotosField(required=False, default=list)


class RespondSerializer(serializers.Serializer):
    plan = _text()


class ActSerializer(serializers.Serializer):
    action = _text(help_text="rescue, guardians, police, evacuation, report, other")
    note = _text()
    happened_at = OptionalDateTimeField(help_text="实际发生时间（不填为登记时间）")


class WrittenReportSerializer(serializers.Serializer):
    text = _text()


class NoteSerializer(serializers.Serializer):
    note = _text()


class ConcludeSerializer(serializers.Serializer):
    cause = _text()
    responsibility = _text(help_text="school, not_school, shared, third_party")
    note = _text()


class InvolveSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False,
                                                    allow_null=True, default=None)


class ClaimFileSerializer(serializers.Serializer):
    insurer = _text()
    policy_number = _text()
    claim_number = _text()
    amount = AmountField()
    filed_on = OptionalDateField(help_text="不填为今天")


class ClaimUpdateSerializer(serializers.Serializer):
    target = "claim"  # the service acts on this row of the incident, not on the incident itself

    claim = serializers.PrimaryKeyRelatedField(queryset=InsuranceClaim.objects.all(), help_text="本事故的理赔 id")
    status = _choice_text(ClaimStatus)
    claim_number = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None,
                                         trim_whitespace=False, help_text="不填则不变")
    paid_amount = AmountField()
    settled_on = OptionalDateField(help_text="办结日期（不填为今天）")


class MediateSerializer(serializers.Serializer):
    kind = _text(help_text="people, administrative, arbitration, legal_aid")
    mediator = _text()
    requested_on = OptionalDateField()


class MediationUpdateSerializer(serializers.Serializer):
    target = "mediation"

    mediation = serializers.PrimaryKeyRelatedField(queryset=Mediation.objects.all(), help_text="本事故的调解 id")
    status = _choice_text(MediationStatus)
    outcome = _text()
    concluded_on = OptionalDateField(help_text="结束日期（不填为今天）")
    compensation = AmountField()
    compensation_paid_on = OptionalDateField()


class StatementInputSerializer(serializers.Serializer):
    kind = _text(help_text="clarification, briefing")
    spokesperson = _text()
    text = _text()
    published_on = OptionalDateField(help_text="不填为今天")


class RaiseHazardSerializer(serializers.Serializer):
    category = _text(help_text="risks 的隐患类别代码，例如 fire、traffic、facilities")
    location = _text()
    description = _text()


class ReopenSerializer(serializers.Serializer):
    reason = _text()


# The request body of each row of the incident's table (a test checks none is missing); the services are
# services.INCIDENT_SERVICES.
INCIDENT_TRANSITIONS = {
    "respond": RespondSerializer, "act": ActSerializer, "written_report": WrittenReportSerializer,
    "investigate": NoteSerializer, "conclude": ConcludeSerializer, "involve": InvolveSerializer,
    "claim": ClaimFileSerializer, "claim_update": ClaimUpdateSerializer, "mediate": MediateSerializer,
    "mediation_update": MediationUpdateSerializer, "statement": StatementInputSerializer,
    "raise_hazard": RaiseHazardSerializer, "close": NoteSerializer, "reopen": ReopenSerializer,
}


def _url_path(name):
    return name.replace("_", "-")


class IncidentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """安全事故: list (the page's filters, cursor pagination), detail with the timeline and the aftermath, the
    report (multipart with photos), and one action per row of the lifecycle table."""

    queryset = Incident.objects.all()
    filterset_class = IncidentFilter
    pagination_class = NewestFirst
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def base_queryset(self):
        if self.action == "list":
            return selectors.incident_rows()
        return selectors.incident_detail_queryset()

    def get_serializer_class(self):
        if self.action == "create":
            return IncidentReportSerializer
        if self.action in INCIDENT_TRANSITIONS:
            return INCIDENT_TRANSITIONS[self.action]
        return IncidentSerializer if self.action == "list" else IncidentDetailSerializer

    def _detail(self, incident, code=status.HTTP_200_OK):
        incident = selectors.incident_detail_queryset().get(pk=incident.pk)
        return Response(IncidentDetailSerializer(incident, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="事故列表（status、kind、severity、school、late、open、mediation_alert、date_from、"
                           "date_to、q，与事故页面的筛选相同）")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="事故详情：参与部门、照片、处置记录、理赔、调解、声明、可进行的操作、结案前须办结的事项")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request={"application/json": IncidentReportSerializer,
                            "multipart/form-data": IncidentReportSerializer},
                   responses={201: IncidentDetailSerializer},
                   summary="报告事故（照片以 multipart 的 photos 上传，可多张）")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = services.incident_report(actor=request.user, **data.validated_data)
        return self._detail(incident, status.HTTP_201_CREATED)

    def _transition(self, request, name):
        incident = self.get_object()
        transition = INCIDENT_LIFECYCLE[name]
        # The rule first, as the service would: a person it refuses learns nothing from the body's checks.
        if not transition.rule.allows(request.user, incident):
            raise PermissionDenied(str(transition.refusal) if transition.refusal else _("您无权进行此操作。"))
        data = self.get_serializer(data=request.data)
        target = getattr(data, "target", None)
        if target:
            # Only a claim or mediation of this incident may be named (and only one the caller sees).
            data.fields[target].queryset = data.fields[target].queryset.filter(incident=incident)
        data.is_valid(raise_exception=True)
        inputs = dict(data.validated_data)
        if not target:
            inputs["incident"] = incident
        services.INCIDENT_SERVICES[name](actor=request.user, **inputs)
        return self._detail(incident)


def _incident_action(transition):
    def perform(self, request, pk=None):
        return self._transition(request, transition.name)

    perform.__name__ = transition.name
    serializer = INCIDENT_TRANSITIONS[transition.name]
    # extend_schema outside @action: @action replaces the function's kwargs, where the schema is kept.
    return extend_schema(request=serializer, responses=IncidentDetailSerializer, summary=str(transition.label))(
        action(detail=True, methods=["post"], url_path=_url_path(transition.name))(perform))


# One API action per row of the incident's transition table.
for _row in INCIDENT_LIFECYCLE:
    setattr(IncidentViewSet, _row.name, _incident_action(_row))


# ---------------------------------------------------------------------------------------------
# The aftermath, across incidents (read-only lists)


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    open = django_filters.BooleanFilter(method="filter_open", label="未办结")

    class Meta:
        model = InsuranceClaim
        fields = ["incident", "status", "open"]

    def filter_open(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_CLAIM_STATUSES) if value else queryset


@extend_schema(summary="校方责任险理赔（incident、status、open）")
class ClaimViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = InsuranceClaim.objects.all()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    pagination_class = NewestFirst

    def base_queryset(self):
        return InsuranceClaim.objects.select_related("incident__school")


class MediationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MediationStatus.choices)
    alert = django_filters.BooleanFilter(method="filter_alert", label="调解中且临近或超过 60 日期限")

    class Meta:
        model = Mediation
        fields = ["incident", "status", "alert"]

    def filter_alert(self, queryset, name, value):
        """The mediations behind the incident list's mediation alert: open, within the warning days of the
        60-day limit or past it."""
        if not value:
            return queryset
        limit = timezone.localdate() + timedelta(days=mediation_warning_days())
        return queryset.filter(status=MediationStatus.OPEN, due_on__lte=limit)


@extend_schema(summary="调解（incident、status、alert；含期限 due_on、剩余天数 days_left、near_limit）")
class MediationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Mediation.objects.all()
    serializer_class = MediationSerializer
    filterset_class = MediationFilter
    pagination_class = NewestFirst

    def base_queryset(self):
        return Mediation.objects.select_related("incident__school")


# ---------------------------------------------------------------------------------------------
# Supervision


class SupervisionSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rule_code = serializers.CharField(source="rule.code", read_only=True, default=None)
    hazard = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Supervision
        fields = ["id", "school", "school_name", "measure", "measure_label", "basis", "basis_label", "rule",
                  "rule_code", "hazard", "evidence", "reason", "status", "status_label", "flagged_at", "deadline",
                  "held_on", "participants", "findings", "commitments", "closed_on", "closing_note", "is_open",
                  "is_overdue"]
        read_only_fields = fields

    def get_hazard(self, row) -> int | None:
        """The listed hazard, named only to those who may open it."""
        if row.hazard_id is None:
            return None
        ids = self.context.get("hazard_ids") or [row.hazard_id]
        return row.hazard_id if row.hazard_id in _visible_hazards(self.context, ids) else None

    def get_is_overdue(self, row) -> bool:
        return row.is_overdue(self.context.setdefault("_today", timezone.localdate()))


class SupervisionEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SupervisionEvent
        fields = ["id", "kind", "label", "actor", "at", "note", "data"]
        read_only_fields = fields


class EvidenceIncidentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "number", "occurred_at", "kind", "kind_label", "severity", "status"]
        read_only_fields = fields


class SupervisionDetailSerializer(SupervisionSerializer):
    events = SupervisionEventSerializer(many=True, read_only=True)
    incidents = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(SupervisionSerializer.Meta):
        fields = SupervisionSerializer.Meta.fields + ["incidents", "events", "allowed_actions"]
        read_only_fields = fields

    @extend_schema_field(EvidenceIncidentSerializer(many=True))
    def get_incidents(self, row):
        """The incidents the flag rests on, as far as the caller may see them."""
        ids = (row.evidence or {}).get("incidents") or []
        return EvidenceIncidentSerializer(selectors.incidents_of(self.context["request"].user, ids), many=True).data

    def get_allowed_actions(self, row) -> list[str]:
        """The steps the caller may take now (POST /api/supervisions/{id}/{step}/)."""
        return supervision.allowed_actions(self.context["request"].user, row)


class SupervisionFilter(django_filters.FilterSet):
    """The supervision page's filters, applied by the page's own function (selectors.supervision_list)."""

    status = django_filters.ChoiceFilter(choices=SupervisionStatus.choices)
    measure = django_filters.ChoiceFilter(choices=Measure.choices)
    basis = django_filters.ChoiceFilter(choices=Basis.choices)
    open = django_filters.BooleanFilter(label="未办结")
    overdue = django_filters.BooleanFilter(label="超过整改期限")
    sub_district = django_filters.NumberFilter(label="街道")

    class Meta:
        model = Supervision
        fields = ["status", "measure", "basis", "school", "open", "overdue", "sub_district"]

    def filter_queryset(self, queryset):
        chosen = self.form.cleaned_data
        chosen_rows = selectors.supervision_list(
            self.request.user, status=chosen.get("status") or "", measure=chosen.get("measure") or "",
            basis=chosen.get("basis") or "", school=chosen.get("school"), open_only=bool(chosen.get("open")),
            overdue=bool(chosen.get("overdue")), sub_district=chosen.get("sub_district"))
        return queryset.filter(pk__in=chosen_rows.values("pk"))


class SupervisionFlagSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    measure = _choice_text(Measure)
    reason = _text()
    deadline = OptionalDateField(help_text="整改期限；挂牌督办必填")


class InterviewSerializer(serializers.Serializer):
    held_on = OptionalDateField()
    participants = _text()
    findings = _text()
    commitments = _text()


class ExtendSerializer(serializers.Serializer):
    deadline = OptionalDateField()


# The request body of each row of the supervision table (a test checks none is missing); the services are
# supervision.SUPERVISION_SERVICES.
SUPERVISION_TRANSITIONS = {"interview": InterviewSerializer, "dismiss": NoteSerializer, "extend": ExtendSerializer,
                           "lift": NoteSerializer}


class SupervisionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, viewsets.GenericViewSet):
    """督导记录: list (the page's filters), detail with its record and the incidents it rests on, the office's
    flag (约谈 or 挂牌督办), and one action per row of the supervision table."""

    queryset = Supervision.objects.all()
    filterset_class = SupervisionFilter
    pagination_class = NewestFirst

    def base_queryset(self):
        if self.action == "list":
            return selectors.supervision_rows()
        return selectors.supervision_detail_queryset()

    def get_serializer_class(self):
        if self.action == "create":
            return SupervisionFlagSerializer
        if self.action in SUPERVISION_TRANSITIONS:
            return SUPERVISION_TRANSITIONS[self.action]
        return SupervisionSerializer if self.action == "list" else SupervisionDetailSerializer

    def _detail(self, row, code=status.HTTP_200_OK):
        row = selectors.supervision_detail_queryset().get(pk=row.pk)
        return Response(SupervisionDetailSerializer(row, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="督导记录列表（status、measure、basis、school、open、overdue，与督导页面的筛选相同）")
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "hazard_ids": [row.hazard_id for row in page]}
        return self.get_paginated_response(SupervisionSerializer(page, many=True, context=context).data)

    @extend_schema(summary="督导记录详情：处理记录、所依据的事故、可进行的操作")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=SupervisionFlagSerializer, responses={201: SupervisionDetailSerializer},
                   summary="提出督导（街道办）：约谈或挂牌督办")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = supervision.supervision_flag(actor=request.user, **data.validated_data)
        return self._detail(row, status.HTTP_201_CREATED)

    def _transition(self, request, name):
        row = self.get_object()
        transition = SUPERVISION_LIFECYCLE[name]
        if not transition.rule.allows(request.user, row):
            raise PermissionDenied(str(transition.refusal) if transition.refusal else _("您无权进行此操作。"))
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        supervision.SUPERVISION_SERVICES[name](actor=request.user, supervision=row, **data.validated_data)
        return self._detail(row)


def _supervision_action(transition):
    def perform(self, request, pk=None):
        return self._transition(request, transition.name)

    perform.__name__ = transition.name
    return extend_schema(request=SUPERVISION_TRANSITIONS[transition.name], responses=SupervisionDetailSerializer,
                         summary=str(transition.label))(
        action(detail=True, methods=["post"], url_path=_url_path(transition.name))(perform))


# One API action per row of the supervision table.
for _row in SUPERVISION_LIFECYCLE:
    setattr(SupervisionViewSet, _row.name, _supervision_action(_row))


class SupervisionRuleSerializer(serializers.ModelSerializer):
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)

    class Meta:
        model = SupervisionRule
        fields = ["id", "code", "basis", "basis_label", "measure", "measure_label", "threshold", "window_days",
                  "deadline_days", "active"]
        read_only_fields = fields


@extend_schema(summary="督导规则（阈值为数据，由街道办在管理后台调整；全系统共用）")
class SupervisionRuleViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The rules the sweep flags schools by: reference data of the deployment, like the checklists."""

    queryset = SupervisionRule.objects.none()
    serializer_class = SupervisionRuleSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None

    def get_queryset(self):
        return selectors.supervision_rules()
