"""Serializer fields the API of every app shares: inputs whose presence and limits the services check, so
that a refusal through the API reads like the page's."""
from rest_framework import serializers


def text_field(**kwargs):
    """Text whose presence and length the service checks, so the API refuses with the forms' messages."""
    return serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False, **kwargs)


class OptionalDateField(serializers.DateField):
    """A date the service requires: blank or missing reaches the service, which says what is missing."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=None, **kwargs)

    def to_internal_value(self, value):
        return None if value in ("", None) else super().to_internal_value(value)


class PhotosField(serializers.ListField):
    child = serializers.FileField(allow_empty_file=False)
