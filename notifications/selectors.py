from .models import Delivery, DeliveryStatus, InboxItem


def inbox(user):
    return InboxItem.objects.filter(recipient=user)


def unread_count(user):
    return InboxItem.objects.filter(recipient=user, read_at__isnull=True).count()


def failed_deliveries(topics):
    return Delivery.objects.filter(topic__in=list(topics), status=DeliveryStatus.FAILED)
