"""Inbox items and outgoing deliveries. Other apps send through notifications.services; this app knows
nothing of them: a caller names each message with a `key`, which makes every send idempotent."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .messages import render


class InboxItem(models.Model):
    """站内消息: one message in one person's inbox. The key makes a repeated send a no-op.

    `message` holds the facts (message ids and parameters, see notifications.messages) and is rendered
    when read, in the reader's language. `title` and `body` are the same text in the default language,
    written once for the admin's search; rows from before `message` existed have only those.
    """

    key = models.CharField(_("消息键"), max_length=200, unique=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="inbox_items",
                                  verbose_name=_("收件人"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    message = models.JSONField(_("消息参数"), default=dict, blank=True,
                               help_text=_("消息标识及其参数，阅读时按读者的语言生成标题和内容。"))
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_unread_idx")]

    def __str__(self):
        return self.title_text

    @property
    def title_text(self):
        return render(self.message["title"]) if "title" in self.message else self.title

    @property
    def body_text(self):
        return render(self.message["body"]) if "body" in self.message else self.body


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("群机器人")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")  # created, waiting for a worker
    SENDING = "sending", _("发送中")  # claimed by a worker; a stale claim is taken over after the lease
    RETRYING = "retrying", _("等待重试")  # the last attempt failed; next_attempt_at says when to try again
    SENT = "sent", _("已发送")  # the channel accepted it
    FAILED = "failed", _("发送失败")  # every attempt failed; shown to the office, may be retried by hand


class Delivery(models.Model):
    """外发消息: one e-mail or one group-robot post, claimed with a conditional UPDATE before it is sent."""

    key = models.CharField(_("消息键"), max_length=200, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("归属"), max_length=100, blank=True, db_index=True,
                             help_text=_("发送方给出的归类，例如 department:3。"))
    address = models.CharField(_("地址"), max_length=500)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    mentions = models.JSONField(_("提醒手机号"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("外发消息")
        verbose_name_plural = _("外发消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="delivery_sent_has_time"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}"


class DeliveryAttempt(models.Model):
    """Append-only: every attempt and its outcome, so a failure can be read after the row moved on."""

    delivery = models.ForeignKey(Delivery, models.CASCADE, related_name="attempt_log", verbose_name=_("外发消息"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    ok = models.BooleanField(_("成功"))
    detail = models.TextField(_("详情"), blank=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["at", "pk"]


class Preference(models.Model):
    """消息设置: which channels a person wants besides the inbox (which always holds everything)."""


    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preference",
                                verbose_name=_("用户"))
    email = models.BooleanField(_("电子邮件"), default=True,
                                help_text=_("有邮箱时，把消息和每日职责提醒汇总发到邮箱。"))
    group_mention = models.BooleanField(_("群机器人@我"), default=True,
                                        help_text=_("本单位群机器人发送每日汇总时@我的手机号。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息设置")
        verbose_name_plural = _("消息设置")

    def __str__(self):
        return str(self.user)
