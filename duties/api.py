from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action, api_view
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from organizations.scoped_views import ScopedReadOnlyViewSet

from . import policies, selectors, services
from .forms import CompletionFilterForm
from .models import DutyTask
from .selectors import STATUS_FILTERS


class DutyTaskSerializer(serializers.ModelSerializer):
    definition_code = serializers.CharField(source="definition.code", read_only=True)
    title = serializers.CharField(source="definition.title", read_only=True)
    target = serializers.CharField(source="target_label", read_only=True)
    owner = serializers.CharField(source="owner_label", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = DutyTask
        fields = ["id", "definition", "definition_code", "title", "period_key", "period_label", "opens_on",
                  "due_on", "sub_district", "school", "community", "owner_department", "owner_school",
                  "owner_community", "owner", "target", "status", "overdue", "closed_at", "closed_by", "note",
                  "evidence_link"]
        read_only_fields = fields

    def get_overdue(self, task) -> bool:
        return task.is_overdue(timezone.localdate())


class DutyTaskCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")  # the service checks it
    evidence_link = serializers.URLField(required=False, allow_blank=True, max_length=500)
    evidence_files = serializers.ListField(child=serializers.FileField(), required=False)


class DutyTaskFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=[(k, k) for k in STATUS_FILTERS], method="filter_state")
    due_from = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = filters.DateFilter(field_name="due_on", lookup_expr="lte")
    definition_code = filters.CharFilter(field_name="definition__code")
    mine = filters.BooleanFilter(method="filter_mine")
    whose = filters.ChoiceFilter(choices=[(k, k) for k in selectors.WHOSE], method="filter_whose",
                                 label="mine：本人负责；served：联系的学校和单位；all：全部可见")

    class Meta:
        model = DutyTask
        fields = ["status", "definition", "school", "community", "owner_department", "period_key"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(selectors.owned_q(self.request.user)) if value else queryset

    def filter_whose(self, queryset, name, value):
        return selectors.filter_tasks(queryset, status="all", **selectors.whose_filter(self.request.user, value))

    def filter_state(self, queryset, name, value):
        return STATUS_FILTERS[value](queryset, timezone.localdate())


class DutyTaskViewSet(ScopedReadOnlyViewSet):
    """Duty tasks in the caller's scope; the owner closes one with `POST .../close/`."""

    queryset = DutyTask.objects.select_related("definition", "school", "community", "sub_district",
                                               "owner_department", "owner_school", "owner_community")
    serializer_class = DutyTaskSerializer
    filterset_class = DutyTaskFilter

    @extend_schema(request=DutyTaskCloseSerializer, responses=DutyTaskSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def close(self, request, pk=None):
        task = self.get_object()
        data = DutyTaskCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        files = request.FILES.getlist("evidence_files") if hasattr(request, "FILES") else []
        try:
            task = services.duty_task_close(actor=request.user, task=task, note=data.validated_data["note"],
                                            evidence_files=files,
                                            evidence_link=data.validated_data.get("evidence_link", ""))
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(DutyTaskSerializer(task).data)



class CompletionSerializer(serializers.Serializer):
    """Each row: its grouping keys, total, done, on_time, late, overdue, pending and rate (% on time)."""

    by_owner = serializers.ListField(child=serializers.DictField())
    by_duty = serializers.ListField(child=serializers.DictField())
    by_period = serializers.ListField(child=serializers.DictField())


@extend_schema(parameters=[OpenApiParameter("due_from", OpenApiTypes.DATE),
                           OpenApiParameter("due_to", OpenApiTypes.DATE), OpenApiParameter("definition", OpenApiTypes.INT)],
               responses=CompletionSerializer, summary="职责完成情况（街道办、领导）：按责任单位、职责、月份")
@api_view(["GET"])
def completion(request):
    """The figures of the completion page, from the same selector and the same filter form."""
    if not policies.completion_read.possible(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = CompletionFilterForm(request.query_params or {"due_from": date(today.year, 1, 1), "due_to": today})
    if not form.is_valid():
        return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
    figures = selectors.completion(request.user, due_from=form.cleaned_data["due_from"],
                                   due_to=form.cleaned_data["due_to"], definition=form.cleaned_data["definition"],
                                   today=today)
    return Response({key: [_plain(row) for row in rows] for key, rows in figures.items()})


def _plain(row):
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in row.items()}
