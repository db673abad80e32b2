"""Placeholder until the public pages land (helper writing them)."""
from django.http import HttpResponse


def report_form(request):
    return HttpResponse(status=501)


report_received = report_status = report_form
