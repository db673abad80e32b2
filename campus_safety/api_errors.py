from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF would answer a scoped 404 with Django's English text naming the model ("No Hazard matches…"):
    outsiders learn nothing, in the user's language."""
    if isinstance(exc, Http404):
        exc = NotFound()
    return drf_exception_handler(exc, context)
