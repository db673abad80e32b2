import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus_safety.settings.local")

app = Celery("campus_safety")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The whole beat schedule lives here, one commented entry per job, so operators read it in one place.
app.conf.beat_schedule = {
    # Supervision: overdue major hazards listed (挂牌督办) and schools flagged by the rules, each once; hourly.
    "incidents-supervision-sweep": {"task": "incidents.tasks.supervision_sweep", "schedule": 3600},
    # Duty calendar: materialise duty tasks and reminders for today (catching up missed days), 00:30 local.
    "duties-run-daily": {"task": "duties.tasks.run_daily", "schedule": crontab(hour=0, minute=30)},
    "duties-send-digests": {"task": "duties.tasks.send_digests", "schedule": crontab(hour=8, minute=0)},
    # Reminders and deliveries a crashed worker or a lost message left behind (claims expire first).
    "duties-sweep-reminders": {"task": "duties.tasks.sweep_reminders", "schedule": 300.0},
    # Public reports: reporters' contacts and addresses erased after their retention; 03:10 local.
    "public-reports-purge": {"task": "public_reports.tasks.personal_data_purge",
                             "schedule": crontab(hour=3, minute=10)},
    "notifications-sweep-deliveries": {"task": "notifications.tasks.sweep_deliveries", "schedule": 300.0},
}
