"""The supervision rules as the office starts with them (thresholds are data: the admin changes them).

- three incidents at a school within twelve months: an interview (约谈) with the school;
- a major hazard past its deadline: listed for supervision (挂牌督办), thirty days to rectify;
- a sweep that failed five or more items at a school within the year: an interview.
"""
from django.db import migrations

RULES = [
    {"code": "frequent-incidents", "basis": "incidents", "measure": "interview", "threshold": 3, "window_days": 365,
     "deadline_days": 30},
    {"code": "overdue-major-hazard", "basis": "overdue_major_hazard", "measure": "listed", "threshold": 1,
     "window_days": 365, "deadline_days": 30},
    {"code": "failed-sweep", "basis": "failed_sweep", "measure": "interview", "threshold": 5, "window_days": 365,
     "deadline_days": 30},
]


def seed(apps, schema_editor):
    SupervisionRule = apps.get_model("incidents", "SupervisionRule")
    for rule in RULES:
        SupervisionRule.objects.update_or_create(code=rule["code"], defaults=rule)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
