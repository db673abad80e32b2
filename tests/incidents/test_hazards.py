"""An incident and the risk register: what must change becomes a hazard once per category (keyed intake), and
a report puts the school's risks of the matching categories up for review today."""
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents import services
from incidents.models import IncidentEvent, IncidentEventKind, IncidentStatus
from risks import services as risk_services
from risks.models import Hazard, HazardSource, Risk
from tests.risks.helpers import lec

from .helpers import make_incident, report

pytestmark = pytest.mark.django_db


def raise_hazard(world, incident, category="facilities", by="office"):
    return services.incident_raise_hazard(actor=world.user(by), incident=incident, category=category,
                                          location="教学楼二楼东侧楼梯", description="楼梯防滑条脱落，扶手松动")


def test_an_incident_files_a_hazard_once_per_category(world):
    incident = make_incident(world, IncidentStatus.RESPONDING)
    hazard = raise_hazard(world, incident, by="school_officer")
    assert (hazard.school, hazard.source, hazard.source_key, hazard.category) == (
        world.school, HazardSource.INCIDENT, f"incident:{incident.pk}:facilities", "facilities")
    assert hazard.found_at == incident.occurred_at and hazard.reported_by == world.user("school_officer")
    event = IncidentEvent.objects.get(incident=incident, kind=IncidentEventKind.HAZARD_RAISED)
    assert event.data == {"hazard": hazard.pk, "hazard_number": hazard.number, "category": "facilities"}
    assert event.summary() == f"隐患 {hazard.number}"

    events = IncidentEvent.objects.filter(incident=incident).count()
    with pytest.raises(ValidationError) as refused:
        raise_hazard(world, incident)
    assert refused.value.message_dict == {"category": [f"本事故已登记该类别的整改隐患（{hazard.number}）。"]}
    assert Hazard.objects.count() == 1 and IncidentEvent.objects.filter(incident=incident).count() == events

    # The intake is keyed: the ledger's own door with the same key gives the same hazard back.
    again = risk_services.hazard_report(actor=world.user("office"), school=world.school, category="facilities",
                                        location="别处", description="别的描述", source=HazardSource.INCIDENT,
                                        source_key=f"incident:{incident.pk}:facilities")
    assert again.pk == hazard.pk and Hazard.objects.count() == 1

    other_category = raise_hazard(world, incident, category="public_order")
    other_incident = raise_hazard(world, make_incident(world, IncidentStatus.REPORTED))
    assert len({hazard.pk, other_category.pk, other_incident.pk}) == 3 and Hazard.objects.count() == 3


def test_a_bad_category_or_missing_text_files_nothing(world):
    incident = make_incident(world)
    with pytest.raises(ValidationError) as refused:
        services.incident_raise_hazard(actor=world.user("office"), incident=incident, category="weather",
                                       location="操场", description="积水")
    assert refused.value.message_dict == {"category": ["请选择隐患类别。"]}
    with pytest.raises(ValidationError) as refused:
        services.incident_raise_hazard(actor=world.user("office"), incident=incident, category="fire",
                                       location=" ", description="")
    assert refused.value.message_dict == {"location": ["请填写隐患部位。"], "description": ["请填写需要整改的内容。"]}
    assert not Hazard.objects.exists()
    assert not IncidentEvent.objects.filter(kind=IncidentEventKind.HAZARD_RAISED).exists()


def _risk(world, school, category, name):
    return risk_services.risk_create(
        actor=world.user("office"), school=school, category=category, name=name, location="全校",
        description="风险描述", control_measures="管控措施", responsible_person="李老师", scheme=lec(),
        likelihood=D("3"), exposure=D("6"), severity=D("7"))


def test_a_report_puts_the_schools_risks_of_the_kind_up_for_review_today(world):
    today = timezone.localdate()
    stairs = _risk(world, world.school, "facilities", "楼梯踩踏")
    fire = _risk(world, world.school, "fire", "食堂燃气")
    elsewhere = _risk(world, world.other_school, "facilities", "围墙倾斜")
    overdue = _risk(world, world.school, "facilities", "大型玩具")
    Risk.objects.filter(pk=overdue.pk).update(next_review_on=today - timedelta(days=3))
    retired = _risk(world, world.school, "facilities", "旧校舍")
    risk_services.risk_retire(actor=world.user("office"), risk=retired, reason="校舍已拆除")
    planned = {risk.pk: Risk.objects.get(pk=risk.pk).next_review_on for risk in (stairs, fire, elsewhere, retired)}
    assert all(day > today for day in planned.values())

    incident = report(world, kind="injury")
    after = {risk.pk: risk.next_review_on for risk in Risk.objects.all()}
    assert after[stairs.pk] == today
    assert after[overdue.pk] == today - timedelta(days=3)  # moved forward, never back
    assert after[fire.pk] == planned[fire.pk] and after[elsewhere.pk] == planned[elsewhere.pk]
    assert after[retired.pk] == planned[retired.pk]
    assert IncidentEvent.objects.get(incident=incident, kind=IncidentEventKind.REPORTED).data["risks_to_review"] == [
        stairs.pk]

    report(world, kind="fire")
    assert Risk.objects.get(pk=fire.pk).next_review_on == today
    assert Risk.objects.get(pk=elsewhere.pk).next_review_on == planned[elsewhere.pk]


def test_an_incident_of_a_kind_without_categories_moves_no_risk(world):
    risk = _risk(world, world.school, "facilities", "楼梯踩踏")
    incident = report(world, kind="other")
    assert Risk.objects.get(pk=risk.pk).next_review_on == risk.next_review_on
    assert IncidentEvent.objects.get(incident=incident, kind=IncidentEventKind.REPORTED).data["risks_to_review"] == []
