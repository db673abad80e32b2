"""Thin Celery tasks: the beat tick, one send task per reminder, and a sweep for what a crash left."""
from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True)
def run_daily(day=None, trigger="beat"):
    """Materialise and remind for every day since the last successful run, then queue the sends."""
    today = date.fromisoformat(day) if day else None
    result = services.run_daily(today=today, trigger=trigger)
    for reminder_id in result.to_send:
        send_reminder.delay(reminder_id)
    return {"days": len(result.days), "tasks": result.tasks_created, "reminders": result.reminders_created}


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def send_reminder(self, reminder_id):
    try:
        return services.reminder_send(reminder_id=reminder_id)
    except Exception as exc:  # noqa: BLE001 - a database hiccup: the claim expires and we try again
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=services.conf.claim_timeout().total_seconds() + 5)


@shared_task(acks_late=True)
def send_digests(day=None):
    """The morning digest of the day's reminders: e-mail per person, a group-robot post per department."""
    return services.digests_deliver(day=date.fromisoformat(day) if day else timezone.localdate())


@shared_task(acks_late=True)
def sweep_reminders():
    """Queue reminders never picked up or claimed by a worker that died (after the claim lease)."""
    ids = services.reminders_to_send()
    for reminder_id in ids:
        send_reminder.delay(reminder_id)
    return len(ids)
