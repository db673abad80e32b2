"""Builders for the inspection tests: campaigns opened and inspections answered through the services."""
from datetime import date

from inspections import services
from inspections.models import AnswerResult, ChecklistKind, ChecklistTemplate


def dragnet():
    return ChecklistTemplate.objects.get(code="campus-dragnet-sweep", is_current=True)


def open_sweep(world, *, schools=None, participants=None, starts_on=None, title="2026年下半年拉网式排查"):
    return services.campaign_open(
        actor=world.user("office"), sub_district=world.sub_district, kind=ChecklistKind.DRAGNET,
        template=dragnet(), title=title, starts_on=starts_on or date(2026, 11, 1), ends_on=date(2026, 12, 31),
        schools=schools, participants=participants)


def sheet(inspection, *, fail=(), note="发现问题"):
    """Every item answered: pass, except the items whose order is in `fail` (with a note)."""
    return {item.pk: {"result": AnswerResult.FAIL if item.order in fail else AnswerResult.PASS,
                      "note": note if item.order in fail else ""}
            for item in inspection.template.items.all()}


def item(inspection, order):
    return inspection.template.items.get(order=order)
