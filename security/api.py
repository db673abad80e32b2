"""The API of the safety zone, patrols, guard posts, cameras, drills, trainings and staffing: what a page
shows, the API offers, scoped exactly as the pages (organizations.scoped_views), every write through the
services, so a refusal is a 400 with the page's messages field by field (campus_safety.api_errors)."""
import json

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.fields import empty
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils import html

from campus_safety.api_fields import OptionalDateField, PhotosField
from campus_safety.api_fields import text_field as _text
from organizations.models import Department, School, SubDistrict
from organizations.scoped_views import ScopedViewSetMixin, ScopedWritePermission

from . import importer, policies, schematic, selectors, services
from .forms import SYSTEMS
from .models import (Camera, Drill, DrillKind, DrillProblem, GuardDuty, GuardSlot, PatrolFinding, PatrolKind,
                     PatrolLog, Premises, PremisesStatus, PremisesType, SchoolGate, Training, TrainingKind)

SYSTEM_CHOICES = [code for code, _label in SYSTEMS]


# ---------------------------------------------------------------------------------------------
# Fields: what the service checks reaches the service, which says what is wrong in the page's words


def _coordinate():
    """Typed or pasted as text or a number; the service parses it and says what is wrong with it."""
    return serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


def _number():
    return serializers.IntegerField(required=False, allow_null=True, default=None)


class OptionalTimeField(serializers.TimeField):
    """A time the service requires: blank or missing reaches the service, which says what is missing."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=None, **kwargs)

    def to_internal_value(self, value):
        return None if value in ("", None) else super().to_internal_value(value)


def _related(model):
    return serializers.PrimaryKeyRelatedField(queryset=model.objects.all(), required=False, allow_null=True,
                                              default=None)


class FindingInputSerializer(serializers.Serializer):
    category = _text(help_text="risks 的隐患类别代码，例如 fire、traffic、surroundings")
    location = _text()
    description = _text()


@extend_schema_field(FindingInputSerializer(many=True))
class FindingsField(serializers.ListField):
    """A list of findings: JSON in a JSON body, a JSON string in a multipart body."""

    child = FindingInputSerializer()

    def get_value(self, dictionary):
        if html.is_html_input(dictionary):
            return dictionary.get(self.field_name, empty)
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else []
            except ValueError:
                raise serializers.ValidationError(_("请以 JSON 列表提交，例如 [{\"category\": \"fire\", "
                                                    "\"location\": \"…\", \"description\": \"…\"}]。")) from None
        return super().to_internal_value(data)


def _evidence_urls(items):
    return [{"id": item.pk, "name": item.original_name, "content_type": item.content_type, "size": item.size,
             "url": reverse("security:evidence", args=[item.pk])} for item in items]


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


# ---------------------------------------------------------------------------------------------
# Premises types and premises


class PremisesTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PremisesType
        fields = ["id", "code", "name", "prohibited", "radius_m", "supervised", "legal_basis"]


class PremisesTypeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """场所类型 with the radius of each (data shared by the deployment, like school years)."""

    queryset = PremisesType.objects.all()
    serializer_class = PremisesTypeSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None

    @extend_schema(summary="场所类型及禁止半径")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class PremisesSerializer(serializers.ModelSerializer):
    type_name = serializers.CharField(source="type.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Premises
        fields = ["id", "sub_district", "name", "type", "type_name", "address", "latitude", "longitude",
                  "licence_no", "operator", "status", "status_label", "updated_at"]
        read_only_fields = fields


class NearbySchoolSerializer(serializers.Serializer):
    school = serializers.IntegerField(source="school.pk")
    school_name = serializers.CharField(source="school.name")
    metres = serializers.SerializerMethodField()
    gate = serializers.CharField()
    violation = serializers.BooleanField()

    def get_metres(self, row) -> float:
        return round(row["metres"], 1)


class PremisesDetailSerializer(PremisesSerializer):
    schools = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(PremisesSerializer.Meta):
        fields = PremisesSerializer.Meta.fields + ["schools", "can_edit"]
        read_only_fields = fields

    @extend_schema_field(NearbySchoolSerializer(many=True))
    def get_schools(self, premises):
        """Visible schools within 500 m of a gate, nearest first, with the distance and the verdict."""
        return NearbySchoolSerializer(selectors.schools_near(self.context["request"].user, premises), many=True).data

    def get_can_edit(self, premises) -> bool:
        return policies.premises_row_edit.allows(self.context["request"].user, premises)


class PremisesWriteSerializer(serializers.Serializer):
    sub_district = serializers.PrimaryKeyRelatedField(
        queryset=SubDistrict.objects.all(), required=False, allow_null=True, default=None,
        help_text="登记到哪个街道；不填为本人所在街道（修改时忽略）")
    name = _text()
    type = _related(PremisesType)
    address = _text()
    latitude = _coordinate()
    longitude = _coordinate()
    system = serializers.ChoiceField(choices=SYSTEM_CHOICES, default="gcj02",
                                     help_text="坐标系：gcj02（高德、腾讯地图，默认）或 wgs84（手机 GPS，系统换算后保存）")
    licence_no = _text()
    operator = _text()
    status = serializers.ChoiceField(choices=PremisesStatus.choices, default=PremisesStatus.OPERATING)


class PremisesFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PremisesStatus.choices)
    q = django_filters.CharFilter(method="filter_q", label="名称或地址包含")

    class Meta:
        model = Premises
        fields = ["sub_district", "type", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(address__icontains=value)


class PremisesImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True, help_text="默认只预览不保存；确认导入时传 false。")


class PremisesImportRowSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="Excel 中的行号（表头为第 1 行）")
    name = serializers.CharField(source="values.name")
    type = serializers.CharField(source="type_name")
    address = serializers.CharField(source="values.address")
    latitude = serializers.DecimalField(source="values.latitude", max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(source="values.longitude", max_digits=9, decimal_places=6, allow_null=True)
    action = serializers.CharField(help_text="create 或 update（名称和地址与已登记场所相同）")
    violations = serializers.SerializerMethodField()
    errors = serializers.ListField(child=serializers.CharField())

    def get_violations(self, row) -> list[dict]:
        return [{"school": school.pk, "school_name": school.name, "metres": round(metres, 1)}
                for school, metres in row.violations]


class PremisesImportResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField(source="is_valid")
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField(source="row_count")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField())
    preview = PremisesImportRowSerializer(many=True, source="rows")


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=importer.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PremisesWritePermission(ScopedWritePermission):
    """The register is the sub-district's, kept by the office and by the comprehensive-governance office and
    law enforcement, whose write scope holds no sub-district: a premises' writes follow its rule."""

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or policies.premises_row_edit.allows(request.user, obj)


PREMISES_FIELDS = ("name", "type", "address", "latitude", "longitude", "licence_no", "operator", "status")


class PremisesViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """周边场所: list with filters, detail with the schools nearby, register and update (the office, the
    comprehensive-governance office and law enforcement), and the Excel import."""

    queryset = Premises.objects.all()
    filterset_class = PremisesFilter
    permission_classes = [IsAuthenticated, PremisesWritePermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def base_queryset(self):
        return Premises.objects.select_related("type").order_by("name", "pk")

    def get_serializer_class(self):
        return {"list": PremisesSerializer, "create": PremisesWriteSerializer, "update": PremisesWriteSerializer,
                "partial_update": PremisesWriteSerializer, "import_": PremisesImportSerializer}.get(
            self.action, PremisesDetailSerializer)

    def _detail(self, premises, code=status.HTTP_200_OK):
        premises = self.base_queryset().get(pk=premises.pk)
        return Response(PremisesDetailSerializer(premises, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="周边场所列表")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="场所详情（附近学校及距离）")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=PremisesWriteSerializer, responses={201: PremisesDetailSerializer},
                   summary="登记场所（按各校门测距，禁止半径内的登记为隐患）")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        area = values.pop("sub_district") or importer.keeper_area(request.user)
        if area is None:
            raise PermissionDenied
        premises = services.premises_save(actor=request.user, sub_district=area, **values)
        return self._detail(premises, status.HTTP_201_CREATED)

    @extend_schema(request=PremisesWriteSerializer, responses=PremisesDetailSerializer, summary="修改场所")
    def update(self, request, *args, **kwargs):
        premises = self.get_object()
        partial = kwargs.get("partial", False)
        data = self.get_serializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = {field: getattr(premises, field) for field in PREMISES_FIELDS} if partial else {}
        values.update(data.validated_data)
        values.pop("sub_district", None)
        saved = services.premises_save(actor=request.user, sub_district=premises.sub_district, premises=premises,
                                       **values)
        return self._detail(saved)

    @extend_schema(summary="修改场所（部分字段）", request=PremisesWriteSerializer, responses=PremisesDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(responses={(200, importer.XLSX_TYPE): bytes}, summary="下载场所导入模板")
    @action(detail=False, methods=["get"], url_path="import-template")
    def import_template(self, request):
        if importer.keeper_area(request.user) is None:
            raise PermissionDenied
        return _xlsx(importer.template(), "premises-import-template.xlsx")

    @extend_schema(request={"multipart/form-data": PremisesImportSerializer},
                   responses={200: PremisesImportResultSerializer, 400: PremisesImportResultSerializer},
                   summary="从 Excel 导入场所：先预览（dry_run），再确认导入（全部或全不）")
    @action(detail=False, methods=["post"], url_path="import", url_name="import",
            parser_classes=[MultiPartParser, FormParser])
    def import_(self, request):
        if importer.keeper_area(request.user) is None:
            raise PermissionDenied
        data = PremisesImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = importer.import_premises(data.validated_data["file"].read(), actor=request.user,
                                          dry_run=data.validated_data["dry_run"])
        return Response(PremisesImportResultSerializer(result).data,
                        status=status.HTTP_200_OK if result.is_valid else status.HTTP_400_BAD_REQUEST)


# ---------------------------------------------------------------------------------------------
# A school's zone and staffing


class ZoneGateSerializer(serializers.Serializer):
    name = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class ZoneRowSerializer(serializers.Serializer):
    premises = serializers.IntegerField(source="premises.pk")
    name = serializers.CharField(source="premises.name")
    type = serializers.CharField(source="premises.type.code")
    type_name = serializers.CharField(source="premises.type.name")
    radius_m = serializers.IntegerField(source="premises.type.radius_m")
    address = serializers.CharField(source="premises.address")
    metres = serializers.SerializerMethodField()
    gate = serializers.CharField()
    violation = serializers.BooleanField()
    supervised = serializers.BooleanField()

    def get_metres(self, row) -> float:
        return round(row["metres"], 1)


class ZoneSerializer(serializers.Serializer):
    school = serializers.IntegerField()
    school_name = serializers.CharField()
    gates = ZoneGateSerializer(many=True)
    radii = serializers.ListField(child=serializers.IntegerField())
    rows = ZoneRowSerializer(many=True)
    svg = serializers.CharField(allow_null=True, help_text="示意图 SVG 文本（?svg=0 时为 null）")
    svg_url = serializers.CharField(help_text="示意图（image/svg+xml）")


class StaffingRecordSerializer(serializers.Serializer):
    guards = serializers.IntegerField()
    dorm_managers = serializers.IntegerField()
    volunteers = serializers.IntegerField()
    gate_staffed_24h = serializers.BooleanField()
    patrols_per_day = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class StaffingCheckSerializer(serializers.Serializer):
    school = serializers.IntegerField()
    record = StaffingRecordSerializer(allow_null=True)
    required = serializers.DictField(child=serializers.IntegerField(),
                                     help_text="GB/T 29315-2022 的要求：guards、dorm_managers、patrols_per_day")
    missing = serializers.DictField(help_text="缺口：guards、dorm_managers、patrols_per_day 为缺少的数量，"
                                              "gate_staffed_24h 为 true 表示校门未 24 小时值守；符合要求时为空")
    compliant = serializers.BooleanField()
    can_edit = serializers.BooleanField()


class StaffingWriteSerializer(serializers.Serializer):
    guards = _number()
    dorm_managers = _number()
    volunteers = _number()
    gate_staffed_24h = serializers.BooleanField(default=False)
    patrols_per_day = _number()


class ShortfallHazardSerializer(serializers.Serializer):
    hazard = serializers.IntegerField()
    number = serializers.CharField()
    url = serializers.CharField()
    api_url = serializers.CharField()


class SchoolSecurityViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """安全防护 of one school: its zone (gates, premises with distances and verdicts, the schematic) and its
    security staffing against GB/T 29315-2022."""

    queryset = School.objects.all()
    serializer_class = StaffingWriteSerializer

    def base_queryset(self):
        return School.objects.select_related("sub_district")

    @extend_schema(summary="学生安全区域（校门、周边场所距离与判定、示意图）", responses=ZoneSerializer,
                   parameters=[OpenApiParameter("svg", OpenApiTypes.BOOL, description="是否附带 SVG 文本（默认是）")])
    @action(detail=True, methods=["get"])
    def zone(self, request, pk=None):
        school = self.get_object()
        zone = selectors.zone(school)
        with_svg = request.query_params.get("svg", "1").lower() not in ("0", "false", "no")
        return Response(ZoneSerializer({
            "school": school.pk, "school_name": school.name,
            "gates": [{"name": name, "latitude": lat, "longitude": lng} for name, lat, lng in zone["gates"]],
            "radii": zone["radii"], "rows": zone["rows"], "svg": schematic.render(zone) if with_svg else None,
            "svg_url": reverse("security:zone_svg", args=[school.pk])}).data)

    def _staffing(self, school):
        check = services.staffing_check(school)
        return Response(StaffingCheckSerializer({
            "school": school.pk, "record": check["record"], "required": check["required"],
            "missing": check["missing"], "compliant": not check["missing"],
            "can_edit": policies.staffing_edit.allows(self.request.user, school)}).data)

    @extend_schema(methods=["get"], summary="安保力量及 GB/T 29315-2022 核查", responses=StaffingCheckSerializer)
    @extend_schema(methods=["put"], summary="填报安保力量", request=StaffingWriteSerializer,
                   responses=StaffingCheckSerializer)
    @action(detail=True, methods=["get", "put"])
    def staffing(self, request, pk=None):
        school = self.get_object()
        if request.method == "PUT":
            data = self.get_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.staffing_save(actor=request.user, school=school, **data.validated_data)
        return self._staffing(school)

    @extend_schema(summary="将安保力量缺口登记为隐患（每校每年一次）", request=None,
                   responses={201: ShortfallHazardSerializer})
    @action(detail=True, methods=["post"], url_path="staffing/report-shortfall", url_name="report-shortfall")
    def report_shortfall(self, request, pk=None):
        school = self.get_object()
        hazard = services.staffing_report_shortfall(actor=request.user, school=school)
        return Response({"hazard": hazard.pk, "number": hazard.number,
                         "url": reverse("risks:hazard_detail", args=[hazard.pk]),
                         "api_url": reverse("hazard-detail", args=[hazard.pk])}, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Gates and cameras


class GateSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchoolGate
        fields = ["id", "school", "name", "latitude", "longitude"]
        read_only_fields = fields


class GateWriteSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all(), help_text="修改时忽略")
    name = _text()
    latitude = _coordinate()
    longitude = _coordinate()
    system = serializers.ChoiceField(choices=SYSTEM_CHOICES, default="gcj02")


class _WriteThroughService(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Create and update each through one service call; answers with the row as read."""

    read_serializer = None
    write_serializer = None
    fields_kept = ()

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer
        return self.read_serializer

    def _answer(self, row, code=status.HTTP_200_OK):
        return Response(self.read_serializer(self.base_queryset().get(pk=row.pk),
                                             context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(self.save(None, dict(data.validated_data)), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        row = self.get_object()
        partial = kwargs.get("partial", False)
        data = self.get_serializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = {field: getattr(row, field) for field in self.fields_kept} if partial else {}
        values.update(data.validated_data)
        return self._answer(self.save(row, values))


class GateViewSet(_WriteThroughService):
    """校门: the points every school's zone is measured from (the school's office or its officers)."""

    queryset = SchoolGate.objects.all()
    read_serializer, write_serializer = GateSerializer, GateWriteSerializer
    fields_kept = ("name", "latitude", "longitude")
    filterset_fields = ["school"]

    def base_queryset(self):
        return SchoolGate.objects.all()

    def save(self, gate, values):
        school = values.pop("school", None)
        if gate is not None:
            school = gate.school  # a gate stays at its school
        return services.gate_save(actor=self.request.user, school=school, gate=gate, **values)

    @extend_schema(summary="校门列表")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="校门")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="添加校门（重新测算学生安全区域）", responses={201: GateSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(summary="修改校门位置", responses=GateSerializer)
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(summary="修改校门位置（部分字段）", responses=GateSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)


class CameraSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Camera
        fields = ["id", "school", "school_name", "location", "networked", "working", "updated_at"]
        read_only_fields = fields


class CameraWriteSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all(), help_text="修改时忽略")
    location = _text()
    networked = serializers.BooleanField(default=False)
    working = serializers.BooleanField(default=True)


class CameraViewSet(_WriteThroughService):
    """视频监控点: where, and whether networked with the district police command centre."""

    queryset = Camera.objects.all()
    read_serializer, write_serializer = CameraSerializer, CameraWriteSerializer
    fields_kept = ("location", "networked", "working")
    filterset_fields = ["school", "networked", "working"]

    def base_queryset(self):
        return Camera.objects.select_related("school")

    def save(self, camera, values):
        school = values.pop("school", None)
        if camera is not None:
            school = camera.school  # a camera stays at its school
        return services.camera_save(actor=self.request.user, school=school, camera=camera, **values)

    @extend_schema(summary="视频监控点列表")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="视频监控点")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="添加视频监控点", responses={201: CameraSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(summary="修改视频监控点", responses=CameraSerializer)
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(summary="修改视频监控点（部分字段）", responses=CameraSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Patrols and guard posts


class FoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    category = serializers.CharField()
    location = serializers.CharField()
    description = serializers.CharField()
    hazard = serializers.IntegerField(source="hazard_id", allow_null=True)
    hazard_number = serializers.SerializerMethodField()

    def get_hazard_number(self, item) -> str | None:
        return item.hazard.number if item.hazard_id else None


class PatrolLogSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    recorded_by = serializers.StringRelatedField()
    findings = FoundSerializer(many=True, read_only=True)

    class Meta:
        model = PatrolLog
        fields = ["id", "school", "school_name", "department", "department_name", "kind", "patrolled_on",
                  "started_at", "ended_at", "route", "note", "recorded_by", "recorded_at", "findings"]
        read_only_fields = fields


class PatrolCreateSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    kind = serializers.ChoiceField(choices=PatrolKind.choices, default=PatrolKind.ZONE)
    patrolled_on = OptionalDateField()
    started_at = OptionalTimeField()
    ended_at = OptionalTimeField()
    route = _text()
    note = _text()
    department = _related(Department)
    findings = FindingsField(required=False, default=list, help_text="发现的问题，每条登记为一个隐患")


class PatrolFilter(django_filters.FilterSet):
    after = django_filters.DateFilter(field_name="patrolled_on", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="patrolled_on", lookup_expr="lte")

    class Meta:
        model = PatrolLog
        fields = ["school", "department", "kind", "patrolled_on"]


class PatrolLogViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """巡逻记录: the police and the traffic brigade log patrols of the zones of the schools they guard; each
    finding is a hazard and the day's patrol duty of the school is done."""

    queryset = PatrolLog.objects.all()
    filterset_class = PatrolFilter

    def base_queryset(self):
        return PatrolLog.objects.select_related("school", "department", "recorded_by").prefetch_related(
            Prefetch("findings", queryset=PatrolFinding.objects.select_related("hazard")))

    def get_serializer_class(self):
        return PatrolCreateSerializer if self.action == "create" else PatrolLogSerializer

    @extend_schema(summary="巡逻记录列表")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="巡逻记录")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=PatrolCreateSerializer, responses={201: PatrolLogSerializer},
                   summary="记录巡逻（发现的问题登记为隐患，完成当日巡逻任务）")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        log = services.patrol_record(actor=request.user, **data.validated_data)
        log = self.base_queryset().get(pk=log.pk)
        return Response(PatrolLogSerializer(log, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class GuardDutySerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    slot_label = serializers.CharField(source="get_slot_display", read_only=True)

    class Meta:
        model = GuardDuty
        fields = ["id", "school", "school_name", "on", "slot", "slot_label", "post", "staff", "department"]
        read_only_fields = fields


class GuardDutyCreateSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    on = OptionalDateField()
    slot = serializers.ChoiceField(choices=GuardSlot.choices)
    post = _text()
    staff = _text()
    department = _related(Department)


class GuardDutyFilter(django_filters.FilterSet):
    after = django_filters.DateFilter(field_name="on", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="on", lookup_expr="lte")

    class Meta:
        model = GuardDuty
        fields = ["school", "on", "slot", "department"]


class GuardDutyViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """护学岗 and peak-hour rosters per school and school day (saving the same school, day, slot and post again
    replaces who stands there)."""

    queryset = GuardDuty.objects.all()
    filterset_class = GuardDutyFilter

    def base_queryset(self):
        return GuardDuty.objects.select_related("school")

    def get_serializer_class(self):
        return GuardDutyCreateSerializer if self.action == "create" else GuardDutySerializer

    @extend_schema(summary="护学岗排班列表")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=GuardDutyCreateSerializer, responses={201: GuardDutySerializer}, summary="安排护学岗")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        duty = services.guard_duty_save(actor=request.user, **data.validated_data)
        return Response(GuardDutySerializer(self.base_queryset().get(pk=duty.pk)).data,
                        status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Drills and trainings


class ProblemSerializer(FoundSerializer):
    pass


class DrillSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recorded_by = serializers.StringRelatedField()
    problems = ProblemSerializer(many=True, read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Drill
        fields = ["id", "school", "school_name", "kind", "kind_label", "held_on", "participants", "duration_min",
                  "evacuation_seconds", "guided_by", "note", "recorded_by", "recorded_at", "problems", "evidence"]
        read_only_fields = fields

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, drill):
        return _evidence_urls(drill.evidence.all())


class DrillCreateSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    kind = serializers.ChoiceField(choices=DrillKind.choices)
    held_on = OptionalDateField()
    participants = _number()
    duration_min = _number()
    evacuation_seconds = _number()
    guided_by = _related(Department)
    note = _text()
    problems = FindingsField(required=False, default=list, help_text="发现的问题，每条登记为一个隐患")
    evidence = PhotosField(required=False, default=list, help_text="佐证照片或 PDF（multipart）")


class DrillViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    """应急演练: the school records its drills with figures, problems (each a hazard) and evidence; the matching
    duty of the calendar is done."""

    queryset = Drill.objects.all()
    filterset_fields = ["school", "kind", "guided_by"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def base_queryset(self):
        return Drill.objects.select_related("school", "recorded_by").prefetch_related(
            Prefetch("problems", queryset=DrillProblem.objects.select_related("hazard")), "evidence")

    def get_serializer_class(self):
        return DrillCreateSerializer if self.action == "create" else DrillSerializer

    @extend_schema(summary="应急演练列表")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="应急演练详情（问题、佐证材料）")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": DrillCreateSerializer, "application/json": DrillCreateSerializer},
                   responses={201: DrillSerializer},
                   summary="记录应急演练（问题登记为隐患，完成演练任务；佐证材料用 multipart 上传）")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        drill = services.drill_record(actor=request.user, **data.validated_data)
        drill = self.base_queryset().get(pk=drill.pk)
        return Response(DrillSerializer(drill, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class TrainingSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True, default=None)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = ["id", "sub_district", "school", "school_name", "kind", "kind_label", "held_on", "department",
                  "trainer", "participants", "note", "recorded_at", "evidence"]
        read_only_fields = fields

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, training):
        return _evidence_urls(training.evidence.all())


class TrainingCreateSerializer(serializers.Serializer):
    school = _related(School)
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    held_on = OptionalDateField()
    department = _related(Department)
    trainer = _text()
    participants = _number()
    note = _text()
    evidence = PhotosField(required=False, default=list, help_text="佐证照片或 PDF（multipart）")


class TrainingViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """安全培训 at a school, or for the sub-district's schools together (no school)."""

    queryset = Training.objects.all()
    filterset_fields = ["school", "kind", "department"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def base_queryset(self):
        return Training.objects.select_related("school").prefetch_related("evidence")

    def get_serializer_class(self):
        return TrainingCreateSerializer if self.action == "create" else TrainingSerializer

    @extend_schema(summary="安全培训列表")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": TrainingCreateSerializer,
                            "application/json": TrainingCreateSerializer},
                   responses={201: TrainingSerializer}, summary="记录安全培训（完成对应的职责任务）")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = request.user
        area = policies.training_in_area.filter(user, SubDistrict.objects.order_by("pk")).first()
        if values["school"] is None and area is None:
            # As the page says it: a school records its own trainings; sub-district-wide ones are the office's.
            raise serializers.ValidationError({"school": [_("请选择学校：集中培训只能由街道办或部门登记。")]})
        sub_district = area or values["school"].sub_district
        training = services.training_record(actor=user, sub_district=sub_district, **values)
        training = self.base_queryset().get(pk=training.pk)
        return Response(TrainingSerializer(training, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

