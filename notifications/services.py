"""Sending, for every app: an inbox item and e-mail per person, a group-robot post per department.

Every function takes a caller-chosen `key`; sending twice with the same key does nothing, so a task
that is retried or re-delivered never duplicates a message.
"""
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import messages
from .channels import SENDERS, DeliveryError
from .models import Channel, Delivery, DeliveryAttempt, DeliveryStatus, InboxItem, Preference


def claim_timeout():
    return timedelta(seconds=getattr(settings, "CLAIM_TIMEOUT_SECONDS", 300))


def max_attempts():
    return getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5)


def retry_delay(attempts):
    base = getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


def preference_for(user):
    """The person's channel settings (the defaults, unsaved, until they change one)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def wants_email(user):
    return bool(user.email) and preference_for(user).email


def mentionable(users):
    """The mobile numbers of these people who let the group robot mention them."""
    off = set(Preference.objects.filter(user__in=users, group_mention=False).values_list("user_id", flat=True))
    return [user.phone for user in users if user.phone and user.pk not in off]


@transaction.atomic
def preference_set(*, actor, email, group_mention):
    """A person chooses their own channels; nobody else's."""
    preference, _created = Preference.objects.update_or_create(
        user=actor, defaults={"email": bool(email), "group_mention": bool(group_mention)})
    return preference


def _enqueue(delivery_id):
    from .tasks import send_delivery

    send_delivery.delay(delivery_id)


@transaction.atomic
def notify(*, key, recipient, title, body="", link="", email=True):
    """Put a message in one person's inbox and, when they have an address, queue an e-mail.

    `title` and `body` are texts in the sense of notifications.messages: plain strings stay as they are,
    messages are stored as facts and rendered when the inbox is read, in the reader's language. The
    e-mail is rendered once, now, in the default language."""
    facts = {"title": messages.fact(title), "body": messages.fact(body)}
    title_text, body_text = messages.render_default(facts["title"]), messages.render_default(facts["body"])
    item, _created = InboxItem.objects.get_or_create(key=key, defaults={
        "recipient": recipient, "title": title_text[:200], "body": body_text, "message": facts, "link": link})
    if email and wants_email(recipient):
        text = f"{body_text}\n\n{link}" if link else body_text
        delivery_queue(key=f"{key}:email", channel=Channel.EMAIL, address=recipient.email, subject=title_text,
                       body=text)
    return item


@transaction.atomic
def digest_add(*, key, recipient, title, line, entry, link=""):
    """One message gathering many lines, e.g. a person's duty reminders of a day: the line named `entry` is
    added once (a re-delivered send adds nothing); `title(n)` says how many lines there are. A line added after
    the message was read makes it unread again. E-mail goes later, once, with every line (digest_email)."""
    item = InboxItem.objects.select_for_update().filter(key=key).first()
    if item is None:
        item = InboxItem(key=key, recipient=recipient, link=link, message={})
    entries, lines = list(item.message.get("entries", [])), list(item.message.get("lines", []))
    if entry in entries:
        return item
    entries.append(entry)
    lines.append(messages.fact(line))
    body = []
    for index, part in enumerate(lines):
        body += (["\n", part] if index else [part])
    item.message = {"title": messages.fact(title(len(entries))), "body": body, "entries": entries, "lines": lines}
    item.title = messages.render_default(item.message["title"])[:200]
    item.body = messages.render_default(body)
    item.read_at = None
    item.save()
    return item


@transaction.atomic
def digest_email(*, keys):
    """Queue one e-mail per digest message (of those `keys`) whose reader has an address, with all its lines."""
    for item in InboxItem.objects.filter(key__in=list(keys)).select_related("recipient"):
        if wants_email(item.recipient):
            text = f"{item.body}\n\n{item.link}" if item.link else item.body
            delivery_queue(key=f"{item.key}:email", channel=Channel.EMAIL, address=item.recipient.email,
                           subject=item.title, body=text)


@transaction.atomic
def post_to_group(*, key, webhook_url, content, mentions=(), topic=""):
    """Queue one post to a group robot (the department's chat group), mentioning people by mobile number.
    A group has no one language: the content is rendered once, now, in the default language."""
    return delivery_queue(key=key, channel=Channel.WEBHOOK, address=webhook_url,
                          body=messages.render_default(content),
                          mentions=[m for m in mentions if m], topic=topic)


@transaction.atomic
def delivery_queue(*, key, channel, address, body, subject="", mentions=(), topic=""):
    delivery, created = Delivery.objects.get_or_create(key=key, defaults={
        "channel": channel, "address": address, "subject": subject[:200], "body": body,
        "mentions": list(mentions), "topic": topic,
    })
    if created:
        transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def delivery_attempt(*, delivery_id, now=None):
    """Claim one delivery with a conditional UPDATE, send it, record the outcome. Returns the new status,
    or None when another worker holds it or nothing is due (so a duplicate task message is harmless)."""
    now = now or timezone.now()
    claimable = (
        Q(status=DeliveryStatus.PENDING)
        | Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - claim_timeout())
    )
    claimed = Delivery.objects.filter(claimable, pk=delivery_id).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    delivery = Delivery.objects.get(pk=delivery_id)
    mine = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING, claimed_at=now)
    try:
        SENDERS[delivery.channel](delivery)
    except DeliveryError as exc:
        exhausted = delivery.attempts >= max_attempts()
        status = DeliveryStatus.FAILED if exhausted else DeliveryStatus.RETRYING
        with transaction.atomic():
            mine.update(status=status, last_error=str(exc)[:2000],
                        next_attempt_at=None if exhausted else now + retry_delay(delivery.attempts))
            DeliveryAttempt.objects.create(delivery=delivery, ok=False, detail=str(exc)[:2000])
        return status
    with transaction.atomic():
        mine.update(status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None)
        DeliveryAttempt.objects.create(delivery=delivery, ok=True)
    return DeliveryStatus.SENT


@transaction.atomic
def delivery_retry(*, actor, delivery_id):
    """Staff put a failed delivery back in the queue (after fixing the robot address, say)."""
    if not (actor.is_active and actor.is_staff):
        raise PermissionDenied
    updated = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, next_attempt_at=None, attempts=0)
    if updated:
        transaction.on_commit(lambda: _enqueue(delivery_id))
    return bool(updated)


def deliveries_due(now=None):
    """Ids a sweep should (re-)enqueue: never picked up, due for a retry, or claimed by a worker that died."""
    now = now or timezone.now()
    return list(Delivery.objects.filter(
        Q(status=DeliveryStatus.PENDING)
        | Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - claim_timeout())
    ).values_list("pk", flat=True)[:1000])


@transaction.atomic
def inbox_item_mark_read(*, actor, item_id):
    item = InboxItem.objects.select_for_update().filter(pk=item_id, recipient=actor).first()
    if item is None:
        from django.http import Http404

        raise Http404
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return item


@transaction.atomic
def inbox_mark_all_read(*, actor):
    return InboxItem.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
