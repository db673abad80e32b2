import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus_safety.settings.local")

app = Celery("campus_safety")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The whole beat schedule lives here, one commented entry per job, so operators read it in one place.
app.conf.beat_schedule = {
    # risks: overdue major hazards are listed for supervision (挂牌督办), each once; hourly, idempotent.
    "risks-escalate-overdue-hazards": {"task": "risks.tasks.escalate_overdue_hazards", "schedule": 3600},
}
