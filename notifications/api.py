"""The caller's own inbox over the API, rendered in the caller's language (the language cookie, as for pages)."""
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services


class InboxItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(source="title_text", read_only=True)
    body = serializers.CharField(source="body_text", read_only=True)
    link = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    read_at = serializers.DateTimeField(read_only=True, allow_null=True)


COUNT = inline_serializer("InboxCount", {"count": serializers.IntegerField()})


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("unread", bool, description="Only unread messages when set (any non-empty value).")]))
class InboxViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Only the caller's own messages: another person's message is a 404, like a row out of scope.
    `?unread=1` lists only unread ones."""

    serializer_class = InboxItemSerializer
    filter_backends = []  # nothing to filter but unread, handled below
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        items = selectors.inbox(self.request.user)
        if self.request.query_params.get("unread"):
            items = items.filter(read_at__isnull=True)
        return items

    @extend_schema(responses=COUNT)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request, **kwargs):
        return Response({"count": selectors.unread_count(request.user)})

    @extend_schema(request=None, responses=InboxItemSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None, **kwargs):
        item = services.inbox_item_mark_read(actor=request.user, item_id=pk)
        return Response(InboxItemSerializer(item).data)

    @extend_schema(request=None, responses=COUNT)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request, **kwargs):
        return Response({"count": services.inbox_mark_all_read(actor=request.user)})
