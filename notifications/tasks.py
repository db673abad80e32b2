"""Thin tasks: ids in, a service call, retries owned here."""
from celery import shared_task

from . import services
from .models import Delivery, DeliveryStatus


@shared_task(bind=True, max_retries=None, acks_late=True)
def send_delivery(self, delivery_id):
    status = services.delivery_attempt(delivery_id=delivery_id)
    if status == DeliveryStatus.RETRYING and not self.request.is_eager:
        # An eager retry would run at once, ignoring the delay; in eager runs the sweep retries instead.
        attempts = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True).first() or 1
        raise self.retry(countdown=services.retry_delay(attempts).total_seconds())
    return status


@shared_task(acks_late=True)
def sweep_deliveries():
    """Re-enqueue what is due: a lost message or a worker killed mid-send costs a delay, not a delivery."""
    ids = services.deliveries_due()
    for delivery_id in ids:
        send_delivery.delay(delivery_id)
    return len(ids)
