"""Placeholder until the triage pages land (helper writing them)."""
from django.http import HttpResponse


def report_list(request):
    return HttpResponse(status=501)


report_export = report_list


def poster(request, school_id):
    return HttpResponse(status=501)


def report_detail(request, pk):
    return HttpResponse(status=501)


def report_photo(request, pk, photo_id):
    return HttpResponse(status=501)


def report_step(request, pk, action):
    return HttpResponse(status=501)
