from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF would answer a scoped 404 with Django's English text naming the model ("No Hazard matches…"):
    outsiders learn nothing, in the user's language. A service's refusal (Django's ValidationError) is a
    400 with the same messages, field by field, as the forms show."""
    if isinstance(exc, Http404):
        exc = NotFound()
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    return drf_exception_handler(exc, context)
