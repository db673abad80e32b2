"""The API's filter backend, in a module of its own: DRF imports it while it builds its generic views."""
from django.forms import ModelChoiceField
from django_filters.rest_framework import DjangoFilterBackend

from .scoping import nameable


class ScopedFilterBackend(DjangoFilterBackend):
    """A filter naming a row (?school=, ?community=...) accepts only rows the caller sees: another sub-district's
    school is "not a valid choice", exactly like an id that does not exist, instead of an empty 200."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for form_field in filterset.form.fields.values():
                if isinstance(form_field, ModelChoiceField):
                    form_field.queryset = nameable(request.user, form_field.queryset)
        return filterset
