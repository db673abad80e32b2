from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .models import Preference


@login_required
def inbox(request):
    items = selectors.inbox(request.user)
    if request.GET.get("unread"):
        items = items.filter(read_at__isnull=True)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page_obj": page, "object_list": page.object_list, "is_paginated": page.has_other_pages(),
        "paginator": page.paginator, "only_unread": bool(request.GET.get("unread")),
    })


@login_required
def open_item(request, pk):
    """Opening a message marks it read and follows its link (only links inside this site)."""
    item = services.inbox_item_mark_read(actor=request.user, item_id=pk)
    if item.link and url_has_allowed_host_and_scheme(item.link, allowed_hosts={request.get_host()}):
        return redirect(item.link)
    return render(request, "notifications/item.html", {"item": item})


@login_required
@require_http_methods(["GET", "POST"])
def mark_all_read(request):
    if request.method != "POST":
        return redirect("notifications:inbox")
    count = services.inbox_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(count)s 条消息标为已读。") % {"count": count})
    return redirect("notifications:inbox")


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email", "group_mention"]


@login_required
def preference(request):
    """消息设置: the person's own channels. The inbox always holds everything; urgent events arrive at once."""
    current = services.preference_for(request.user)
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.preference_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("消息设置已保存。"))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form, "has_email": bool(request.user.email),
                                                           "has_phone": bool(request.user.phone)})
