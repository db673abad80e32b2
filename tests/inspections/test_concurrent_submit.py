"""Two people submit the same inspection at the same moment, on PostgreSQL: the row lock lets one submission
through, the other is refused for the state it finds, and every failed item is a hazard exactly once."""
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from inspections import services
from inspections.models import InspectionEventKind, InspectionStatus
from organizations.models import User
from risks.models import Hazard
from tests.services import require_postgres_database

from .helpers import open_sweep, sheet

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_submits_make_one_submission_and_each_failed_item_a_hazard_once(world, monkeypatch):
    require_postgres_database()
    inspection = open_sweep(world, participants={world.education: [world.school]}).inspections.get(
        school=world.school)
    answers = sheet(inspection, fail=(1, 6))
    report = services.risk_services.hazard_report

    def slow_report(**kwargs):
        time.sleep(0.3)  # hold the inspection's lock a while, so the other submit surely arrives meanwhile
        return report(**kwargs)

    monkeypatch.setattr(services.risk_services, "hazard_report", slow_report)
    barrier, outcomes = threading.Barrier(2), []

    def submit(person):
        try:
            actor = User.objects.get(username=person)
            barrier.wait(timeout=10)
            services.inspection_submit(actor=actor, inspection=inspection, answers=answers)
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below, with its type
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(person,)) for person in ("education", "office")]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["bad_status", "submitted"], outcomes
    assert time.monotonic() - started >= 0.6  # the second waited for the first's two hazards

    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SUBMITTED
    assert inspection.events.filter(kind=InspectionEventKind.SUBMITTED).count() == 1
    hazards = Hazard.objects.filter(source_key__startswith=f"inspection:{inspection.pk}:")
    assert hazards.count() == 2 and len(set(hazards.values_list("source_key", flat=True))) == 2
    assert sorted(hazards.values_list("grade", flat=True)) == ["general", "major"]
    failed = inspection.answers.filter(result="fail")
    assert set(failed.values_list("hazard_id", flat=True)) == set(hazards.values_list("pk", flat=True))
