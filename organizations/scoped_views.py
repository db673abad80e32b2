"""Base classes that make every browser view and API endpoint go through organizations.scoping.

Subclasses name their rows with `base_queryset()`; overriding `get_queryset()` is refused at class
creation, so no view can return rows the scoping module did not filter.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from rest_framework import permissions, relations, serializers, viewsets

from .scoping import nameable, scope_for, visible, writable


def _refuse_get_queryset(cls):
    if "get_queryset" in cls.__dict__:
        raise TypeError(f"{cls.__name__} must override base_queryset(), not get_queryset(): scoping is not optional.")


class ScopedViewMixin(LoginRequiredMixin):
    """For Django generic views. `write = True` turns a visible-but-read-only object into a 403."""

    write = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _refuse_get_queryset(cls)

    def base_queryset(self):
        return self.model._default_manager.all()

    def get_queryset(self):
        return visible(self.request.user, self.base_queryset())

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if self.write and not self.may_write(obj):
            raise PermissionDenied
        return obj

    def paginate_queryset(self, queryset, page_size):
        """A stale or mistyped ?page= shows the nearest page instead of a 404 (lists shrink as work is done)."""
        paginator = self.get_paginator(queryset, page_size, orphans=self.get_paginate_orphans(),
                                       allow_empty_first_page=self.get_allow_empty())
        page = paginator.get_page(self.request.GET.get(self.page_kwarg) or self.kwargs.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def may_write(self, obj):
        """Scope only; views whose service checks a role as well narrow this to match the service."""
        return writable(self.request.user, self.base_queryset()).filter(pk=obj.pk).exists()


class ScopedWritePermission(permissions.BasePermission):
    """Read-only roles may not write at all; others only on rows inside their write scope."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        if lookup in getattr(view, "kwargs", {}):
            return True  # an object route: 404 for outsiders first, then has_object_permission
        return not scope_for(request.user).is_read_only

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return writable(request.user, view.base_queryset()).filter(pk=obj.pk).exists()


def scope_related_fields(serializer, user):
    """Foreign keys a client sends are looked up among the rows it sees, so an unseen row "does not exist";
    nested serializers (a list of {department, schools}) are scoped the same way."""
    for field in serializer.fields.values():
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.BaseSerializer):
            if not field.read_only:
                scope_related_fields(field, user)
            continue
        if isinstance(field, relations.ManyRelatedField):
            field = field.child_relation
        if isinstance(field, relations.RelatedField) and not field.read_only and field.queryset is not None:
            field.queryset = nameable(user, field.queryset)


class ScopedViewSetMixin:
    permission_classes = [permissions.IsAuthenticated, ScopedWritePermission]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _refuse_get_queryset(cls)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if not getattr(serializer, "many", False):
            scope_related_fields(serializer, self.request.user)
        return serializer

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return visible(self.request.user, self.base_queryset())


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
