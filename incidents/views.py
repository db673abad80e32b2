from django.http import HttpResponse


def incident_detail(request, pk):  # replaced by the pages
    return HttpResponse("")
