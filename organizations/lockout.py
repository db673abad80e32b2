from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

LOCKED_MESSAGE = _("登录失败次数过多，账户已暂时锁定，请稍后再试。")


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """django-axes calls this for a locked-out login: JSON for the API, the Chinese page for browsers."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(LOCKED_MESSAGE)}, status=429)
    return render(request, "registration/locked_out.html", status=429)
