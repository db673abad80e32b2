"""The API of checklists, sweeps, inspections and self-checks: scoped exactly as the pages, writes through
services, the transitions generated from the tables in transitions.py."""
import json
import re

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from campus_safety.api_fields import OptionalDateField, text_field
from organizations.models import Department, School, SubDistrict
from organizations.scoped_views import ScopedViewSetMixin
from organizations.scoping import visible
from risks import selectors as risk_selectors

from . import forms, policies, selectors, services
from .models import (CAMPAIGN_KINDS, Answer, AnswerPhoto, Campaign, CampaignDepartment, CampaignStatus,
                     ChecklistItem, ChecklistKind, ChecklistTemplate, Inspection, InspectionEvent, InspectionStatus)
from .transitions import CAMPAIGN_LIFECYCLE, INSPECTION_LIFECYCLE

ANSWER_PARSERS = [JSONParser, MultiPartParser, FormParser]
PHOTO_FIELD = re.compile(r"^item-(\d+)-photos$")
ANSWERS_SHAPE = _("检查结果须为 JSON 对象：检查项 id → {\"result\": \"pass|fail|na\", \"note\": \"…\"}。")


def _visible_hazards(context, hazard_ids):
    """The hazards among these this person may open, asked once per response (as risks' API does for risks)."""
    if "_visible_hazards" not in context:
        user = context["request"].user
        ids = {pk for pk in hazard_ids if pk}
        context["_visible_hazards"] = set(
            visible(user, risk_selectors.hazard_rows().filter(pk__in=ids)).values_list("pk", flat=True)) if ids else set()
    return context["_visible_hazards"]


# ---------------------------------------------------------------------------------------------
# Checklists


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "category", "text", "guidance", "direct_judgement"]
        read_only_fields = fields


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "code", "version", "kind", "name", "description", "is_current", "created_at", "items"]
        read_only_fields = fields


class ChecklistTemplateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ChecklistKind.choices)

    class Meta:
        model = ChecklistTemplate
        fields = ["kind", "code"]


@extend_schema(summary="检查表模板（当前版本及其检查项；全系统共用）")
class ChecklistTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklists are reference data of the whole deployment, like the school calendar: the list holds the
    current versions; a detail answers for any version, since an inspection names the one it was filled against."""

    serializer_class = ChecklistTemplateSerializer
    filterset_class = ChecklistTemplateFilter
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        found = selectors.templates() if self.action == "list" else ChecklistTemplate.objects.all()
        return found.prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("order")))


# ---------------------------------------------------------------------------------------------
# Campaigns


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()


class DepartmentProgressSerializer(CountsSerializer):
    department = serializers.IntegerField(source="department_id", allow_null=True)
    department_name = serializers.CharField(source="department__name", allow_null=True)


class ProgressSerializer(CountsSerializer):
    by_department = DepartmentProgressSerializer(many=True)


class CampaignSerializer(serializers.ModelSerializer):
    template_name = serializers.CharField(source="template.name", read_only=True)
    opened_by = serializers.StringRelatedField()
    closed_by = serializers.StringRelatedField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "sub_district", "kind", "template", "template_name", "title", "starts_on", "ends_on",
                  "status", "opened_by", "opened_at", "closed_by", "closed_at", "progress"]
        read_only_fields = fields

    @extend_schema_field(CountsSerializer)
    def get_progress(self, campaign):
        """Schools done / in scope, counted over the inspections the caller sees (one query per page)."""
        row = self.context.get("progress", {}).get(campaign.pk, {"total": 0, "done": 0})
        return {"total": row["total"], "done": row["done"]}


class ParticipantSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    schools = serializers.SerializerMethodField()

    class Meta:
        model = CampaignDepartment
        fields = ["department", "department_name", "schools"]
        read_only_fields = fields

    def get_schools(self, participant) -> list[int]:
        return [school.pk for school in participant.schools.all()]


class FindingSerializer(serializers.ModelSerializer):
    """A failed item of a submitted inspection, and the hazard it became (for those who may open it)."""

    inspection = serializers.IntegerField(source="inspection_id")
    school = serializers.IntegerField(source="inspection.school_id")
    school_name = serializers.CharField(source="inspection.school.name")
    item_text = serializers.CharField(source="item.text")
    category = serializers.CharField(source="item.category")
    direct_judgement = serializers.CharField(source="item.direct_judgement")
    hazard = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = ["id", "inspection", "school", "school_name", "item", "item_text", "category", "direct_judgement",
                  "note", "hazard"]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "nullable": True, "properties": {
        "id": {"type": "integer"}, "number": {"type": "string"}, "grade": {"type": "string"},
        "status": {"type": "string"}}})
    def get_hazard(self, answer):
        shown = _visible_hazards(self.context, self.context.get("hazard_ids", ()))
        if answer.hazard_id not in shown:
            return None
        hazard = answer.hazard
        return {"id": hazard.pk, "number": hazard.number, "grade": hazard.grade, "status": hazard.status}


class CampaignDetailSerializer(CampaignSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = CampaignSerializer.Meta.fields + ["participants", "findings", "allowed_actions"]
        read_only_fields = fields

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, campaign):
        return ProgressSerializer(selectors.campaign_progress(campaign, self.context["request"].user)).data

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, campaign):
        found = list(selectors.findings(self.context["request"].user, campaign))
        context = {**self.context, "hazard_ids": [answer.hazard_id for answer in found]}
        return FindingSerializer(found, many=True, context=context).data

    def get_allowed_actions(self, campaign) -> list[str]:
        return [transition.name for transition in CAMPAIGN_LIFECYCLE.allowed(self.context["request"].user, campaign)]


class ParticipantInputSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    schools = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(), many=True, required=False,
        help_text=_("省略时按页面的默认分工：各部门负责其包校学校，教管中心负责其余学校。"))


class CampaignCreateSerializer(serializers.Serializer):
    sub_district = serializers.PrimaryKeyRelatedField(
        queryset=SubDistrict.objects.all(), required=False, allow_null=True, default=None,
        help_text=_("省略时为本人所在街道。"))
    kind = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text=", ".join(value for value, _label in CAMPAIGN_KINDS))
    title = text_field()
    starts_on = OptionalDateField()
    ends_on = OptionalDateField()
    schools = serializers.PrimaryKeyRelatedField(queryset=School.objects.all(), many=True, required=False,
                                                 help_text=_("省略时为本街道全部在用学校。"))
    participants = ParticipantInputSerializer(many=True, required=False)


class CloseSerializer(serializers.Serializer):
    pass


class TableActions:
    """POST /<id>/<transition>/ for each row of a lifecycle table: the body checked by the transition's
    serializer (photos taken from the files with the answers), then its service; answers with the detail."""

    transitions = {}  # name → (serializer, service)
    row_argument = ""  # the service's keyword for the row

    def _transition(self, request, name):
        row = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        inputs = dict(data.validated_data)
        if "answers" in inputs:
            inputs["photos"] = _photos(request)
        row = self.transitions[name][1](actor=request.user, **{self.row_argument: row}, **inputs)
        return self._detail(row)


def _photos(request):
    """item id → the files posted as item-<id>-photos."""
    return {int(match.group(1)): request.FILES.getlist(key)
            for key in request.FILES for match in [PHOTO_FIELD.match(key)] if match}


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices)
    kind = django_filters.ChoiceFilter(choices=CAMPAIGN_KINDS)

    class Meta:
        model = Campaign
        fields = ["status", "kind"]


# The request body and the service of each row of the campaign's table (a test checks none is missing).
CAMPAIGN_TRANSITIONS = {"close": (CloseSerializer, services.campaign_close)}


class CampaignViewSet(TableActions, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, viewsets.GenericViewSet):
    """排查行动: the sweeps of the sub-district with their progress; the office opens and closes them."""

    queryset = Campaign.objects.all()
    transitions, row_argument = CAMPAIGN_TRANSITIONS, "campaign"
    filterset_class = CampaignFilter

    def base_queryset(self):
        campaigns = Campaign.objects.select_related("template", "opened_by", "closed_by")
        if self.action == "list":
            return campaigns
        return campaigns.prefetch_related(Prefetch(
            "participants", queryset=CampaignDepartment.objects.select_related("department").order_by(
                "department__kind").prefetch_related(Prefetch("schools", queryset=School.objects.order_by("pk")))))

    def get_serializer_class(self):
        if self.action == "create":
            return CampaignCreateSerializer
        if self.action in CAMPAIGN_TRANSITIONS:
            return CAMPAIGN_TRANSITIONS[self.action][0]
        return CampaignSerializer if self.action == "list" else CampaignDetailSerializer

    def _detail(self, campaign, code=status.HTTP_200_OK):
        campaign = self.base_queryset().get(pk=campaign.pk)
        return Response(CampaignDetailSerializer(campaign, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="排查行动列表（含进度：已完成 / 应检学校数）")
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(),
                   "progress": selectors.progress_by_campaign(request.user, [campaign.pk for campaign in page])}
        return self.get_paginated_response(CampaignSerializer(page, many=True, context=context).data)

    @extend_schema(summary="排查行动详情：进度（按部门）、参与部门、发现的问题及其隐患")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignDetailSerializer},
                   summary="发起排查行动（街道办）：每所学校一份检查，交由负责该校的参与部门")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        sub_district = values["sub_district"] or policies.campaign_open.filter(
            request.user, SubDistrict.objects.order_by("pk")).first()
        if sub_district is None:
            raise PermissionDenied(_("您无权进行此操作。"))
        schools = values.get("schools") or None
        in_scope = schools or list(School.objects.filter(sub_district=sub_district, is_active=True))
        given = values.get("participants", [])
        # The page's division of labour among all participants, then the schools a client names for one.
        participants = selectors.default_coverage([entry["department"] for entry in given], in_scope)
        participants.update({entry["department"]: entry["schools"] for entry in given if "schools" in entry})
        kind = values["kind"]
        campaign = services.campaign_open(
            actor=request.user, sub_district=sub_district, kind=kind,
            template=services.current_template(kind) if kind else None, title=values["title"],
            starts_on=values["starts_on"], ends_on=values["ends_on"], schools=schools, participants=participants)
        return self._detail(campaign, status.HTTP_201_CREATED)



# ---------------------------------------------------------------------------------------------
# Inspections


class InspectionSerializer(serializers.ModelSerializer):
    campaign_title = serializers.CharField(source="campaign.title", read_only=True, default=None)
    template_name = serializers.CharField(source="template.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    inspector_name = serializers.CharField(source="inspector", read_only=True, default=None)

    class Meta:
        model = Inspection
        fields = ["id", "kind", "campaign", "campaign_title", "template", "template_name", "school", "school_name",
                  "department", "department_name", "inspector", "inspector_name", "inspected_on", "status",
                  "submitted_by", "submitted_at", "created_at"]
        read_only_fields = fields


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AnswerPhoto
        fields = ["id", "content_type", "size", "original_name", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, photo) -> str:
        return reverse("inspections:photo", args=[photo.pk])


class AnswerSerializer(serializers.ModelSerializer):
    photos = PhotoSerializer(many=True, read_only=True)
    hazard = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = ["id", "item", "result", "note", "hazard", "updated_at", "photos"]
        read_only_fields = fields

    def get_hazard(self, answer) -> int | None:
        """The hazard a failed item became, named only to those who may open it."""
        shown = _visible_hazards(self.context, self.context.get("hazard_ids", ()))
        return answer.hazard_id if answer.hazard_id in shown else None


class InspectionEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = InspectionEvent
        fields = ["id", "kind", "label", "actor", "at", "data"]
        read_only_fields = fields


class SheetGroupSerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    items = ChecklistItemSerializer(many=True)


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="__str__")


class InspectionDetailSerializer(InspectionSerializer):
    sheet = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    events = InspectionEventSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    inspector_candidates = serializers.SerializerMethodField()

    class Meta(InspectionSerializer.Meta):
        fields = InspectionSerializer.Meta.fields + ["sheet", "answers", "events", "allowed_actions",
                                                     "inspector_candidates"]
        read_only_fields = fields

    @extend_schema_field(SheetGroupSerializer(many=True))
    def get_sheet(self, inspection):
        """The checklist's items grouped by category, in order: what the page shows, one card per item."""
        groups = {}
        for item in inspection.template.items.all():
            group = groups.setdefault(item.category, {"category": item.category,
                                                      "label": item.get_category_display(), "items": []})
            group["items"].append(item)
        return SheetGroupSerializer(list(groups.values()), many=True).data

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, inspection):
        answers = list(inspection.answers.all())
        context = {**self.context, "hazard_ids": [answer.hazard_id for answer in answers]}
        return AnswerSerializer(answers, many=True, context=context).data

    def get_allowed_actions(self, inspection) -> list[str]:
        return allowed_actions(self.context["request"].user, inspection)

    @extend_schema_field(CandidateSerializer(many=True))
    def get_inspector_candidates(self, inspection):
        """Whom the office may name as inspector (empty for everyone else, and once submitted)."""
        if "assign" not in allowed_actions(self.context["request"].user, inspection):
            return []
        return CandidateSerializer(services.people_who_may_inspect(inspection), many=True).data


def allowed_actions(user, inspection):
    """What the inspection page offers this person now: save, submit, correct, assign (in that order)."""
    draft = inspection.status == InspectionStatus.DRAFT
    found = ["save"] if draft and policies.inspection_fill.allows(user, inspection) else []
    found += [transition.name for transition in INSPECTION_LIFECYCLE.allowed(user, inspection)]
    if draft and inspection.campaign_id and policies.inspection_assign.allows(user, inspection):
        found.append("assign")
    return found


@extend_schema_field({"type": "object", "additionalProperties": {"type": "object", "properties": {
    "result": {"type": "string", "enum": ["pass", "fail", "na", ""]}, "note": {"type": "string"}}},
    "example": {"12": {"result": "fail", "note": "安全出口堆放杂物"}, "13": {"result": "pass"}}})
class AnswersField(serializers.Field):
    """Item id → {"result", "note"}: a JSON object, or the same object as a string in a multipart form."""

    def __init__(self, **kwargs):
        super().__init__(required=False, default=dict, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else {}
            except ValueError:
                raise serializers.ValidationError(ANSWERS_SHAPE) from None
        if not isinstance(data, dict):
            raise serializers.ValidationError(ANSWERS_SHAPE)
        answers = {}
        for key, given in data.items():
            if not str(key).isdigit():
                raise serializers.ValidationError(_("检查项不属于此检查表。"))
            if not isinstance(given, dict) or not all(isinstance(given.get(name, ""), str)
                                                      for name in ("result", "note")):
                raise serializers.ValidationError(ANSWERS_SHAPE)
            answers[int(key)] = {"result": given.get("result", ""), "note": given.get("note", "")}
        return answers

    def to_representation(self, value):
        return value


class SheetInputSerializer(serializers.Serializer):
    """The answers given so far; photos come as multipart files named item-<item id>-photos (several allowed)."""

    answers = AnswersField()


class CorrectSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=ChecklistItem.objects.all(), required=False, allow_null=True,
                                              default=None)
    result = serializers.CharField(required=False, allow_blank=True, default="", help_text="pass, fail, na")
    reason = text_field()


class InspectorAssignSerializer(serializers.Serializer):
    inspector = serializers.IntegerField(required=False, allow_null=True, default=None,
                                         help_text=_("检查人的用户 id；为空表示取消指派。"))


# The request body and the service of each row of the inspection's table (a test checks none is missing).
INSPECTION_TRANSITIONS = {"submit": (SheetInputSerializer, services.inspection_submit),
                          "correct": (CorrectSerializer, services.inspection_correct)}


class InspectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ChecklistKind.choices)
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("只看待我检查"))

    class Meta:
        model = Inspection
        fields = ["campaign", "status", "kind", "school", "department", "mine"]

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        # The page's "只看待我检查": drafts given to this person (not every one the office may fill).
        return policies.inspection_mine.filter(self.request.user, queryset).filter(status=InspectionStatus.DRAFT)


class InspectionViewSet(TableActions, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """检查记录: list and detail as the pages; save a draft, submit, correct, assign the inspector."""

    queryset = Inspection.objects.all()
    transitions, row_argument = INSPECTION_TRANSITIONS, "inspection"
    filterset_class = InspectionFilter
    parser_classes = ANSWER_PARSERS

    def base_queryset(self):
        if self.action == "list":
            return selectors.inspection_rows().order_by("status", "-inspected_on", "school__name", "pk")
        return selectors.inspection_detail_queryset()

    def get_serializer_class(self):
        if self.action == "save":
            return SheetInputSerializer
        if self.action == "assign":
            return InspectorAssignSerializer
        if self.action in INSPECTION_TRANSITIONS:
            return INSPECTION_TRANSITIONS[self.action][0]
        return InspectionSerializer if self.action == "list" else InspectionDetailSerializer

    def _detail(self, inspection, code=status.HTTP_200_OK):
        inspection = selectors.inspection_detail_queryset().get(pk=inspection.pk)
        return Response(InspectionDetailSerializer(inspection, context=self.get_serializer_context()).data,
                        status=code)

    @extend_schema(summary="检查记录列表（campaign、status、kind、school、department、mine=待我检查）")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="检查记录详情：检查表、各项结果与照片、事项记录、可进行的操作")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request={"application/json": SheetInputSerializer, "multipart/form-data": SheetInputSerializer},
                   responses=InspectionDetailSerializer,
                   summary="保存草稿（answers 与照片 item-<检查项 id>-photos；提交前不生成隐患）")
    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        inspection = self.get_object()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.inspection_save(actor=request.user, inspection=inspection, answers=data.validated_data["answers"],
                                 photos=_photos(request))
        return self._detail(inspection)

    @extend_schema(request=InspectorAssignSerializer, responses=InspectionDetailSerializer,
                   summary="指派检查人（街道办；须为负责该校的部门或街道办人员）")
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        inspection = self.get_object()
        if not policies.inspection_assign.allows(request.user, inspection):
            raise PermissionDenied(_("您无权进行此操作。"))
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen, inspector = data.validated_data["inspector"], None
        if chosen is not None:
            # Looked up among the candidates only, so another sub-district's person reads like no one.
            inspector = services.people_who_may_inspect(inspection).filter(pk=chosen).first()
            if inspector is None:
                raise ValidationError({"inspector": _("检查人须为负责该校的部门或街道办人员。")})
        services.inspection_assign(actor=request.user, inspection=inspection, inspector=inspector)
        return self._detail(inspection)



def _transition_action(transition, transitions, response):
    def perform(self, request, pk=None):
        return self._transition(request, transition.name)

    perform.__name__ = transition.name
    serializer = transitions[transition.name][0]
    request_schema = ({"application/json": serializer, "multipart/form-data": serializer}
                      if "answers" in serializer().fields else serializer)
    # extend_schema outside @action: @action replaces the function's kwargs, where the schema is kept.
    return extend_schema(request=request_schema, responses=response,
                         summary=str(transition.label))(action(detail=True, methods=["post"])(perform))


# One API action per row of each transition table.
for _viewset, _lifecycle, _transitions, _response in (
        (CampaignViewSet, CAMPAIGN_LIFECYCLE, CAMPAIGN_TRANSITIONS, CampaignDetailSerializer),
        (InspectionViewSet, INSPECTION_LIFECYCLE, INSPECTION_TRANSITIONS, InspectionDetailSerializer)):
    for _row in _lifecycle:
        setattr(_viewset, _row.name, _transition_action(_row, _transitions, _response))


# ---------------------------------------------------------------------------------------------
# The daily self-check


class SelfCheckStartSerializer(serializers.Serializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())


class SelfCheckDaySerializer(serializers.Serializer):
    school = serializers.IntegerField(source="school.pk")
    school_name = serializers.CharField(source="school.name")
    school_days = serializers.IntegerField()
    done = serializers.IntegerField()
    missed = serializers.ListField(child=serializers.DateField())


class SelfCheckOverviewSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    missed_today = serializers.ListField(child=serializers.IntegerField(), help_text=_("今天尚未自查的学校 id。"))
    schools = SelfCheckDaySerializer(many=True)


class SelfCheckViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """学校每日自查: a school's check of the day, and the office's view of who missed which school days."""

    queryset = Inspection.objects.filter(kind=ChecklistKind.SELF_CHECK)
    serializer_class = SelfCheckStartSerializer

    @extend_schema(request=SelfCheckStartSerializer, responses=InspectionDetailSerializer,
                   summary="今日自查：首次调用时创建，之后返回同一份（学校安全员、校长）")
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.self_check_start(actor=request.user, school=data.validated_data["school"],
                                               day=timezone.localdate())
        inspection = selectors.inspection_detail_queryset().get(pk=inspection.pk)
        return Response(InspectionDetailSerializer(inspection, context=self.get_serializer_context()).data)

    @extend_schema(parameters=[OpenApiParameter("date_from", OpenApiTypes.DATE),
                               OpenApiParameter("date_to", OpenApiTypes.DATE)],
                   responses=SelfCheckOverviewSerializer,
                   summary="每日自查情况（街道办、领导、教管中心）：各校上学日、已自查天数与缺查日期")
    @action(detail=False, methods=["get"])
    def overview(self, request):
        """The figures of the overview page, from the same selector and the same range form (92 days at most)."""
        if not selectors.may_watch_self_checks(request.user):
            raise PermissionDenied(_("您无权进行此操作。"))
        today = timezone.localdate()
        form = forms.SelfCheckRangeForm(request.query_params or {"date_from": today.replace(day=1), "date_to": today})
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        rows = selectors.self_check_days(request.user, date_from, date_to)
        return Response(SelfCheckOverviewSerializer({
            "date_from": date_from, "date_to": date_to, "schools": rows,
            "missed_today": [row["school"].pk for row in rows if today in row["missed"]]}).data)
