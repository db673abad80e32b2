from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Delivery, DeliveryAttempt, DeliveryStatus, InboxItem, Preference


@admin.register(InboxItem)
class InboxItemAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "key", "recipient__username"]
    readonly_fields = [f.name for f in InboxItem._meta.fields]

    def has_add_permission(self, request):
        return False


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    readonly_fields = ["at", "ok", "detail"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "topic", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "channel"]
    search_fields = ["key", "address", "topic"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    inlines = [AttemptInline]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("重新发送失败的消息"))
    def retry(self, request, queryset):
        count = sum(services.delivery_retry(actor=request.user, delivery_id=pk)
                    for pk in queryset.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True))
        self.message_user(request, _("已重新排队 %(n)s 条。") % {"n": count}, messages.SUCCESS)


# Each person sets their own on 消息设置; the admin only shows them (to answer "why no e-mail?").
@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "group_mention", "updated_at"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "email", "group_mention", "updated_at"]

    def has_add_permission(self, request):
        return False
