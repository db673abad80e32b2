"""The demo's term of everyday hazards: tens per school in every state, most closed on time, some overdue;
filed through the services once, dated back into the term."""
from collections import Counter
from datetime import date

import pytest
import time_machine

from demo.organisation import seed_organisation
from demo.term import seed_term_hazards
from risks.models import Hazard, HazardEvent, HazardStatus
from tests.duties.helpers import at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


def test_a_term_of_hazards_in_every_state_for_every_school():
    seed_organisation()
    with time_machine.travel(at(TODAY, 10), tick=False):
        filed = seed_term_hazards(TODAY)
        assert seed_term_hazards(TODAY) == 0  # once
    hazards = Hazard.objects.filter(source_key__startswith="demo-term:")
    assert hazards.count() == filed > 400
    per_school = Counter(hazards.values_list("school__name", flat=True))
    assert len(per_school) == 22 and min(per_school.values()) >= 16  # tens of hazards per school
    states = Counter(hazards.values_list("status", flat=True))
    assert set(states) == set(HazardStatus.values)
    assert states[HazardStatus.CLOSED] > filed / 2
    closed = hazards.filter(status=HazardStatus.CLOSED)
    on_time = sum(1 for h in closed if h.accepted_at.date() <= h.deadline)
    assert 0.6 * closed.count() < on_time < closed.count()  # mostly on time, not all
    overdue = [h for h in hazards if h.is_overdue(TODAY)]
    assert overdue
    for hazard in hazards.filter(status=HazardStatus.CLOSED)[:20]:
        assert date(2026, 9, 1) <= hazard.found_at.date() <= hazard.accepted_at.date() <= TODAY
        times = list(HazardEvent.objects.filter(hazard=hazard).order_by("pk").values_list("at", flat=True))
        assert times == sorted(times) and times[0].date() == hazard.found_at.date()


def test_the_terms_messages_are_read_but_the_last_days_are_not():
    from notifications.models import InboxItem

    seed_organisation()
    with time_machine.travel(at(TODAY, 10), tick=False):
        seed_term_hazards(TODAY)
    office = InboxItem.objects.filter(recipient__username="office", key__startswith="hazard-event:")
    unread = office.filter(read_at=None)
    assert office.count() > 100 and 0 < unread.count() < office.count() / 5
