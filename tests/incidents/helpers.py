"""Builders for the incident tests: incidents and supervision records walked through the real services."""
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from incidents import services, supervision
from incidents.models import (ClaimStatus, IncidentStatus, InsuranceClaim, Mediation, MediationKind,
                              MediationStatus, Measure, SupervisionStatus)
from organizations.models import Department, DepartmentKind

# The order of an incident's life; each state is reached from the one before it.
STAGES = [IncidentStatus.REPORTED, IncidentStatus.RESPONDING, IncidentStatus.INVESTIGATING,
          IncidentStatus.AFTERMATH, IncidentStatus.CLOSED]


def department(world, kind, name=None):
    """A department of the world's sub-district the world does not have (安监办, 司法所, ...)."""
    names = {DepartmentKind.SAFETY: "安监办", DepartmentKind.JUDICIAL: "司法所",
             DepartmentKind.LAW_ENFORCEMENT: "综合执法支队", DepartmentKind.TRAFFIC: "交巡警中队",
             DepartmentKind.GOVERNANCE: "综治办", DepartmentKind.FOOD_DRUG: "食药监所"}
    return Department.objects.get_or_create(sub_district=world.sub_district, kind=kind,
                                            defaults={"name": name or names[kind]})[0]


def report(world, *, by="school_officer", school=None, kind="injury", severity="general", occurred_at=None,
           now=None, **extra):
    now = now or timezone.now()
    values = dict(place="教学楼二楼东侧楼梯", first_account="课间两名学生在楼梯追逐摔倒，一人手臂擦伤，校医已处置。",
                  injured=1)
    values.update(extra)
    return services.incident_report(
        actor=world.user(by), school=school or world.school, kind=kind, severity=severity,
        occurred_at=occurred_at or now - timedelta(minutes=30), now=now, **values)


def make_incident(world, status=IncidentStatus.REPORTED, *, kind="injury", school=None, responsibility="school",
                  written=True, occurred_at=None):
    """An incident brought to `status` by the people who would do it in life: the school reports and
    responds and writes its report, the office investigates, concludes and closes."""
    school = school or world.school
    reporter = "school_officer" if school == world.school else "office"
    incident = report(world, by=reporter, school=school, kind=kind, occurred_at=occurred_at)
    if status == IncidentStatus.REPORTED:
        return incident
    incident = services.incident_respond(actor=world.user(reporter), incident=incident, plan="校园伤害事故应急预案")
    if written:
        incident = services.incident_written_report(actor=world.user(reporter), incident=incident,
                                                    text="事故经过、伤情和处置情况的书面报告。")
    if status == IncidentStatus.RESPONDING:
        return incident
    office = world.user("office")
    incident = services.incident_investigate(actor=office, incident=incident)
    if status == IncidentStatus.INVESTIGATING:
        return incident
    incident = services.incident_conclude(actor=office, incident=incident, cause="楼梯间追逐打闹，课间巡查不到位。",
                                          responsibility=responsibility)
    if status == IncidentStatus.AFTERMATH:
        return incident
    return services.incident_close(actor=office, incident=incident)


def settled_claim(incident):
    """A claim already settled (a row: the services cannot file one before the response starts)."""
    today = timezone.localdate()
    return InsuranceClaim.objects.create(incident=incident, insurer="中国人寿", policy_number="XF-2026-001",
                                         amount=Decimal("3000.00"), status=ClaimStatus.PAID,
                                         paid_amount=Decimal("2800.00"), filed_on=today, settled_on=today)


def concluded_mediation(incident):
    today = timezone.localdate()
    return Mediation.objects.create(incident=incident, kind=MediationKind.PEOPLE, mediator="人民调解委员会",
                                    requested_on=today, due_on=Mediation.due_for(today),
                                    status=MediationStatus.FAILED, concluded_on=today, outcome="调解不成")


def make_supervision(world, status, *, school=None):
    """A supervision record the office flagged by hand, brought to `status`."""
    office = world.user("office")
    today = timezone.localdate()
    measure = Measure.LISTED if status in (SupervisionStatus.LISTED, SupervisionStatus.LIFTED) else Measure.INTERVIEW
    record = supervision.supervision_flag(actor=office, school=school or world.school, measure=measure,
                                          reason="本学期连续发生学生伤害事故",
                                          deadline=today + timedelta(days=30) if measure == Measure.LISTED else None)
    if status == SupervisionStatus.INTERVIEWED:
        record = supervision.supervision_interview(actor=office, supervision=record, held_on=today,
                                                   participants="校长、安全员", findings="课间巡查缺位",
                                                   commitments="一周内完善课间巡查制度")
    elif status == SupervisionStatus.DISMISSED:
        record = supervision.supervision_dismiss(actor=office, supervision=record, note="事故系校外原因")
    elif status == SupervisionStatus.LIFTED:
        record = supervision.supervision_lift(actor=office, supervision=record, note="整改完成")
    return record


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
