import importlib

import pytest
from django.apps import apps as django_apps

from duties.models import DutyDefinition


@pytest.fixture(autouse=True)
def duty_definitions(db):
    """The duties come from a data migration; a transactional test's flush removes them: put them back."""
    if not DutyDefinition.objects.exists():
        importlib.import_module("duties.migrations.0002_seed_duty_definitions").seed(django_apps, None)
