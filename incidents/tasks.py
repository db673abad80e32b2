from celery import shared_task

from . import supervision


@shared_task
def supervision_sweep():
    """Flag schools by the supervision rules and list overdue major hazards (挂牌督办); hourly, idempotent."""
    return supervision.supervision_sweep()
