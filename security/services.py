"""Every change to the zone, patrols, guard posts, cameras, drills, trainings and staffing.

Findings become hazards through risks.services.hazard_report, keyed by what found them; records that
fulfil a duty of the calendar close it through duties.services.duty_task_fulfil.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_safety import uploads
from campus_safety.validation import Errors
from duties import services as duty_services
from organizations.models import School, SchoolKind
from organizations.scoping import get_visible_or_404
from risks import services as risk_services
from risks.selectors import HAZARD_CATEGORIES

from . import geo, policies, staffing
from .models import (Camera, Drill, DrillKind, DrillProblem, Evidence, GuardDuty, GuardSlot, PatrolFinding, PatrolKind,
                     PatrolLog, Premises, PremisesStatus, PremisesType, SchoolGate, Staffing, Training, TrainingKind)

NAME_MAX, ADDRESS_MAX, TEXT_MAX, SHORT_MAX = 120, 200, 500, 60
CATEGORIES = dict(HAZARD_CATEGORIES)

# The duty of the calendar each training fulfils (at a school, or for the sub-district).
TRAINING_DUTIES = {
    TrainingKind.ANTI_TERROR: "police-anti-terror", TrainingKind.FIRE_CLASS: "safety-fire-class",
    TrainingKind.HEALTH_STAFF: "health-staff-training", TrainingKind.CANTEEN_STAFF: "food-canteen-training",
    TrainingKind.PRINCIPALS: "edu-principal-training",
}


def _require(allowed):
    if not allowed:
        raise PermissionDenied(_("您无权进行此操作。"))


def _coordinates(errors, latitude, longitude, system):
    lat, lng = geo.parse_coordinate(latitude), geo.parse_coordinate(longitude)
    for field, message in geo.coordinate_errors(lat, lng).items():
        errors.add(field, message)
    if errors or lat is None or lng is None:
        return None, None
    if system == "wgs84":
        lat, lng = geo.wgs84_to_gcj02(lat, lng)
    return round(float(lat), 6), round(float(lng), 6)


# ---------------------------------------------------------------------------------------------
# Gates and premises


@transaction.atomic
def gate_save(*, actor, school, name, latitude, longitude, gate=None, system="gcj02"):
    """A school's gate where the zone is measured from; every premises is measured again."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.gate_edit.allows(actor, school))
    errors = Errors()
    name = errors.text("name", name, limit=40, required=_("请填写校门名称，例如“正门”。"))
    lat, lng = _coordinates(errors, latitude, longitude, system)
    duplicate = SchoolGate.objects.filter(school=school, name=name).exclude(pk=getattr(gate, "pk", None))
    if name and duplicate.exists():
        errors.add("name", _("本校已有名为“%(name)s”的校门。") % {"name": name})
    errors.raise_if_any()
    gate = gate or SchoolGate(school=school)
    gate.name, gate.latitude, gate.longitude = name, lat, lng
    gate.save()
    for premises in Premises.objects.filter(sub_district=school.sub_district_id, status=PremisesStatus.OPERATING):
        zone_check(premises)
    return gate


@transaction.atomic
def premises_save(*, actor, sub_district, name, type, latitude, longitude, address="", licence_no="", operator="",
                  status=PremisesStatus.OPERATING, premises=None, system="gcj02"):
    """登记或更新场所 (the governance office and law enforcement), then measure it against every gate."""
    _require(policies.premises_edit.allows(actor, sub_district))
    if premises is not None:
        premises = get_visible_or_404(actor, Premises.objects.select_for_update(), pk=premises.pk)
        _require(policies.premises_row_edit.allows(actor, premises))
    errors, lat, lng = premises_check(name=name, type=type, latitude=latitude, longitude=longitude, address=address,
                                      licence_no=licence_no, operator=operator, status=status, system=system)
    clash = Premises.objects.filter(sub_district=sub_district, name=(name or "").strip(),
                                    address=(address or "").strip()).exclude(pk=getattr(premises, "pk", None))
    if name and clash.exists():
        errors.add("name", _("同一地址已登记了同名场所。"))
    errors.raise_if_any()
    premises = premises or Premises(sub_district=sub_district)
    premises.name, premises.type, premises.address = name.strip(), type, (address or "").strip()
    premises.latitude, premises.longitude = lat, lng
    premises.licence_no, premises.operator = (licence_no or "").strip(), (operator or "").strip()
    premises.status, premises.updated_by, premises.updated_at = status, actor, timezone.now()
    premises.save()
    zone_check(premises)
    return premises


def premises_check(*, name, type, latitude, longitude, address="", licence_no="", operator="",
                   status=PremisesStatus.OPERATING, system="gcj02"):
    """What premises_save refuses in these values (uniqueness aside), and the coordinates as stored (GCJ-02):
    (Errors, latitude, longitude). The Excel import checks its rows with it, so it refuses in the same words."""
    errors = _premises_errors(name=name, type=type, address=address, licence_no=licence_no, operator=operator,
                              status=status)
    lat, lng = _coordinates(errors, latitude, longitude, system)
    return errors, lat, lng


def _premises_errors(*, name, type, address, licence_no, operator, status):
    errors = Errors()
    errors.text("name", name, limit=NAME_MAX, required=_("请填写场所名称。"))
    errors.text("address", address, limit=ADDRESS_MAX)
    errors.text("licence_no", licence_no, limit=SHORT_MAX)
    errors.text("operator", operator, limit=SHORT_MAX)
    if not isinstance(type, PremisesType):
        errors.add("type", _("请选择场所类型。"))
    if status not in PremisesStatus.values:
        errors.add("status", _("请选择场所状态。"))
    return errors


def gates_of(school):
    """The points the zone is measured from: the school's gates, or its one recorded gate position."""
    gates = [(gate.name, float(gate.latitude), float(gate.longitude)) for gate in school.gates.all()]
    if not gates and school.gate_latitude is not None:
        gates = [(_("校门"), float(school.gate_latitude), float(school.gate_longitude))]
    return gates


def distance_to(school, premises, gates=None):
    """(metres, gate name) from the school's nearest gate, or (None, "") for a school without a gate."""
    best = (None, "")
    for name, lat, lng in gates if gates is not None else gates_of(school):
        metres = geo.haversine_m(lat, lng, premises.latitude, premises.longitude)
        if best[0] is None or metres < best[0]:
            best = (metres, name)
    return best


def is_violation(premises, metres):
    return (premises.status == PremisesStatus.OPERATING and premises.type.prohibited and metres is not None
            and metres <= premises.type.radius_m)


def zone_check(premises):
    """A prohibited premises inside a school's zone becomes a hazard for that school, once (keyed by the
    premises and the school). The zone is the sub-district's own record, not a person's report: the
    hazard has the zone as its reporter, graded general by the rule, for the office to assign to the
    governance office or law enforcement."""
    found = []
    schools = School.objects.filter(sub_district=premises.sub_district_id, is_active=True).prefetch_related("gates")
    for school in schools:
        metres, gate = distance_to(school, premises)
        if not is_violation(premises, metres):
            continue
        hazard = risk_services.hazard_report(
            actor=None, school=school, category="surroundings", location=premises.name[:120],
            description=_("%(type)s“%(name)s”（%(address)s）距%(gate)s %(metres)d 米，位于 %(radius)d 米学生安全区域内。")
            % {"type": premises.type.name, "name": premises.name, "address": premises.address or "—",
               "gate": gate, "metres": round(metres), "radius": premises.type.radius_m}
            + _("请交办综治办或综合执法支队依法整治。"),
            source=risk_services.HazardSource.SAFETY_ZONE, source_key=f"zone:premises:{premises.pk}:school:{school.pk}",
            rule_grade="general", rule_basis=premises.type.legal_basis or premises.type.name)
        found.append((school, hazard, metres))
    return found


# ---------------------------------------------------------------------------------------------
# Patrols, guard posts, cameras


def _findings(errors, findings, field="findings"):
    cleaned = []
    for number, finding in enumerate(findings or [], start=1):
        category = (finding.get("category") or "").strip()
        if category not in CATEGORIES:
            errors.add(f"{field}-{number}", _("第 %(n)d 条：请选择类别。") % {"n": number})
        location = errors.text(f"{field}-{number}", finding.get("location"), limit=NAME_MAX,
                               required=_("第 %(n)d 条：请填写部位。") % {"n": number})
        description = errors.text(f"{field}-{number}", finding.get("description"), limit=TEXT_MAX,
                                  required=_("第 %(n)d 条：请写明问题。") % {"n": number})
        cleaned.append({"number": number, "category": category, "location": location, "description": description})
    return cleaned


def _patrol_department(actor, school, department):
    served = [d for d in policies._departments_of_kind(_scope(actor), policies.PATROLLERS)
              if school.liaisons.filter(department=d).exists()]
    if department is None:
        return served[0] if served else None
    return department if department in served else None


def _scope(actor):
    from organizations.scoping import scope_for

    return scope_for(actor)


@transaction.atomic
def patrol_record(*, actor, school, patrolled_on, started_at, ended_at, route, kind=PatrolKind.ZONE, note="",
                  findings=(), department=None):
    """巡逻记录: the police (or traffic brigade) log a patrol of a school's zone from a phone; each finding
    is a hazard; the day's patrol duty of that school is done."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.patrol_record.allows(actor, school))
    errors = Errors()
    department = _patrol_department(actor, school, department)
    if department is None:
        errors.add("department", _("请选择负责该校的巡逻部门。"))
    if kind not in PatrolKind.values:
        errors.add("kind", _("请选择巡逻类别。"))
    if patrolled_on is None:
        errors.add("patrolled_on", _("请填写巡逻日期。"))
    elif patrolled_on > timezone.localdate():
        errors.add("patrolled_on", _("巡逻日期不能晚于今天。"))
    if started_at is None or ended_at is None:
        errors.add("ended_at", _("请填写开始和结束时间。"))
    elif ended_at <= started_at:
        errors.add("ended_at", _("结束时间应晚于开始时间。"))
    route = errors.text("route", route, limit=300, required=_("请填写巡逻路线。"))
    note = errors.text("note", note, limit=TEXT_MAX)
    cleaned = _findings(errors, findings)
    errors.raise_if_any()
    log = PatrolLog.objects.create(school=school, department=department, kind=kind, patrolled_on=patrolled_on,
                                   started_at=started_at, ended_at=ended_at, route=route, note=note,
                                   recorded_by=actor)
    for finding in cleaned:
        item = PatrolFinding.objects.create(log=log, **finding)
        item.hazard = risk_services.hazard_report(
            actor=actor, school=school, category=finding["category"], location=finding["location"],
            description=finding["description"], source=risk_services.HazardSource.PATROL,
            source_key=f"patrol:{log.pk}:finding:{finding['number']}")
        item.save(update_fields=["hazard"])
    duty_services.duty_task_fulfil(
        actor=actor, code="police-patrol", on=patrolled_on, school=school,
        note=_("巡逻 %(start)s—%(end)s：%(route)s") % {"start": started_at.strftime("%H:%M"),
                                                    "end": ended_at.strftime("%H:%M"), "route": route},
        link=reverse("security:school_zone", args=[school.pk]))
    return log


@transaction.atomic
def guard_duty_save(*, actor, school, on, slot, post, staff, department=None):
    """护学岗排班: who stands where at a school in a time slot."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.guard_duty_record.allows(actor, school))
    errors = Errors()
    if on is None:
        errors.add("on", _("请填写日期。"))
    if slot not in GuardSlot.values:
        errors.add("slot", _("请选择时段。"))
    post = errors.text("post", post, limit=SHORT_MAX, required=_("请填写岗位。"))
    staff = errors.text("staff", staff, limit=200, required=_("请填写上岗人员。"))
    if department is not None and department.sub_district_id != school.sub_district_id:
        errors.add("department", _("只能选择本街道的部门。"))
    errors.raise_if_any()
    duty, _created = GuardDuty.objects.update_or_create(
        school=school, on=on, slot=slot, post=post,
        defaults={"staff": staff, "department": department, "recorded_by": actor})
    return duty


@transaction.atomic
def camera_save(*, actor, school, location, networked, working=True, camera=None):
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.camera_edit.allows(actor, school))
    errors = Errors()
    location = errors.text("location", location, limit=100, required=_("请填写监控点位置。"))
    errors.raise_if_any()
    camera = camera or Camera(school=school)
    if camera.school_id != school.pk:
        raise PermissionDenied
    camera.location, camera.networked, camera.working = location, bool(networked), bool(working)
    camera.updated_at = timezone.now()
    camera.save()
    return camera


# ---------------------------------------------------------------------------------------------
# Drills and trainings


def _attach(actor, checked, **owner):
    for upload, content_type in checked:
        Evidence.objects.create(file=uploads.stored_file(upload, content_type), content_type=content_type,
                                size=upload.size, original_name=uploads.display_name(upload), uploaded_by=actor,
                                **owner)


def _evidence(errors, files):
    try:
        return uploads.validate_uploads(files)
    except ValidationError as error:
        for message in error.messages:
            errors.add("evidence", message)
        return []


def _positive(errors, field, value, *, required, limit):
    if value is None:
        if required:
            errors.add(field, _("请填写此项。"))
        return
    if value < 0 or value > limit:
        errors.add(field, _("请填写 0 至 %(limit)d 之间的数字。") % {"limit": limit})


@transaction.atomic
def drill_record(*, actor, school, kind, held_on, participants, duration_min, evacuation_seconds=None,
                 guided_by=None, note="", problems=(), evidence=()):
    """应急演练: the school records a drill; each problem found is a hazard; the drill duty is done."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.drill_record.allows(actor, school))
    errors = Errors()
    if kind not in DrillKind.values:
        errors.add("kind", _("请选择演练类别。"))
    if held_on is None:
        errors.add("held_on", _("请填写演练日期。"))
    elif held_on > timezone.localdate():
        errors.add("held_on", _("演练日期不能晚于今天。"))
    _positive(errors, "participants", participants, required=True, limit=20000)
    _positive(errors, "duration_min", duration_min, required=True, limit=600)
    _positive(errors, "evacuation_seconds", evacuation_seconds, required=False, limit=7200)
    if guided_by is not None and guided_by.sub_district_id != school.sub_district_id:
        errors.add("guided_by", _("只能选择本街道的部门。"))
    note = errors.text("note", note, limit=TEXT_MAX)
    cleaned = _findings(errors, problems, field="problems")
    checked = _evidence(errors, evidence)
    errors.raise_if_any()
    drill = Drill.objects.create(school=school, kind=kind, held_on=held_on, participants=participants,
                                 duration_min=duration_min, evacuation_seconds=evacuation_seconds,
                                 guided_by=guided_by, note=note, recorded_by=actor)
    _attach(actor, checked, sub_district=school.sub_district, school=school, department=guided_by, drill=drill)
    for problem in cleaned:
        item = DrillProblem.objects.create(drill=drill, **problem)
        item.hazard = risk_services.hazard_report(
            actor=actor, school=school, category=problem["category"], location=problem["location"],
            description=problem["description"], source=risk_services.HazardSource.DRILL,
            source_key=f"drill:{drill.pk}:problem:{problem['number']}")
        item.save(update_fields=["hazard"])
    link = reverse("security:drill_detail", args=[drill.pk])
    note_text = _("%(kind)s，%(n)d 人参加。") % {"kind": drill.get_kind_display(), "n": participants}
    code = "school-drill-kindergarten" if school.kind == SchoolKind.KINDERGARTEN else "school-drill-monthly"
    duty_services.duty_task_fulfil(actor=actor, code=code, on=held_on, school=school, note=note_text, link=link)
    if kind == DrillKind.FIRE and guided_by is not None:
        duty_services.duty_task_fulfil(actor=actor, code="safety-fire-drill", on=held_on, school=school,
                                       note=note_text, link=link)
    return drill


@transaction.atomic
def training_record(*, actor, sub_district, kind, held_on, participants, school=None, department=None, trainer="",
                    note="", evidence=()):
    """安全培训 at a school or for the sub-district's schools together; the matching duty is done."""
    if school is not None:
        school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
        _require(policies.training_at_school.allows(actor, school))
        sub_district = school.sub_district
    else:
        _require(policies.training_in_area.allows(actor, sub_district))
    errors = Errors()
    if kind not in TrainingKind.values:
        errors.add("kind", _("请选择培训类别。"))
    if held_on is None:
        errors.add("held_on", _("请填写培训日期。"))
    elif held_on > timezone.localdate():
        errors.add("held_on", _("培训日期不能晚于今天。"))
    _positive(errors, "participants", participants, required=True, limit=20000)
    if department is not None and department.sub_district_id != sub_district.pk:
        errors.add("department", _("只能选择本街道的部门。"))
    trainer = errors.text("trainer", trainer, limit=SHORT_MAX)
    note = errors.text("note", note, limit=TEXT_MAX)
    checked = _evidence(errors, evidence)
    errors.raise_if_any()
    training = Training.objects.create(sub_district=sub_district, school=school, kind=kind, held_on=held_on,
                                       department=department, trainer=trainer, participants=participants, note=note,
                                       recorded_by=actor)
    _attach(actor, checked, sub_district=sub_district, school=school, department=department, training=training)
    if kind in TRAINING_DUTIES:
        duty_services.duty_task_fulfil(
            actor=actor, code=TRAINING_DUTIES[kind], on=held_on, school=school, sub_district=sub_district,
            note=_("%(kind)s，%(n)d 人参加。") % {"kind": training.get_kind_display(), "n": participants},
            link=reverse("security:training_list") + f"?kind={kind}")
    return training


# ---------------------------------------------------------------------------------------------
# Staffing


@transaction.atomic
def staffing_save(*, actor, school, guards, dorm_managers, volunteers, gate_staffed_24h, patrols_per_day):
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.staffing_edit.allows(actor, school))
    errors = Errors()
    for field, value in (("guards", guards), ("dorm_managers", dorm_managers), ("volunteers", volunteers),
                         ("patrols_per_day", patrols_per_day)):
        _positive(errors, field, value, required=True, limit=500)
    errors.raise_if_any()
    record, _created = Staffing.objects.update_or_create(school=school, defaults={
        "guards": guards, "dorm_managers": dorm_managers, "volunteers": volunteers,
        "gate_staffed_24h": bool(gate_staffed_24h), "patrols_per_day": patrols_per_day,
        "updated_by": actor, "updated_at": timezone.now()})
    return record


def staffing_check(school, record=None):
    """What GB/T 29315-2022 asks of this school and what is missing (guards, dorm managers, gate, patrols)."""
    record = record if record is not None else Staffing.objects.filter(school=school).first()
    boarders = school.boarder_count if school.is_boarding else 0
    required = {"guards": staffing.guards_required(max(school.student_count - boarders, 0)),
                "dorm_managers": staffing.dorm_managers_required(boarders),
                "patrols_per_day": staffing.PATROLS_PER_DAY}
    if record is None:
        return {"required": required, "missing": dict(required, gate_staffed_24h=True), "record": None}
    missing = staffing.shortfall(students=school.student_count, boarders=boarders, guards=record.guards,
                                 dorm_managers=record.dorm_managers)
    if record.patrols_per_day < staffing.PATROLS_PER_DAY:
        missing["patrols_per_day"] = staffing.PATROLS_PER_DAY - record.patrols_per_day
    if not record.gate_staffed_24h:
        missing["gate_staffed_24h"] = True
    return {"required": required, "missing": missing, "record": record}


@transaction.atomic
def staffing_report_shortfall(*, actor, school, today=None):
    """The shortfall as a hazard of the school, once a year (keyed by the school and the year)."""
    school = get_visible_or_404(actor, School.objects.all(), pk=school.pk)
    _require(policies.staffing_edit.allows(actor, school))
    check = staffing_check(school)
    if not check["missing"]:
        raise ValidationError(_("该校安保力量符合 GB/T 29315-2022 的要求，无需登记隐患。"))
    today = today or timezone.localdate()
    parts = []
    missing = check["missing"]
    if "guards" in missing:
        parts.append(_("专职保安缺 %(n)d 名（应不少于 %(required)d 名）") % {
            "n": missing["guards"], "required": check["required"]["guards"]})
    if "dorm_managers" in missing:
        parts.append(_("宿舍管理员缺 %(n)d 名") % {"n": missing["dorm_managers"]})
    if "patrols_per_day" in missing:
        parts.append(_("每日巡逻少于 %(n)d 次") % {"n": staffing.PATROLS_PER_DAY})
    if "gate_staffed_24h" in missing:
        parts.append(_("校门未 24 小时值守"))
    return risk_services.hazard_report(
        actor=actor, school=school, category="public_order", location=_("安保力量"),
        description=_("安保力量不足（GB/T 29315-2022）：%(parts)s。") % {"parts": "；".join(parts)},
        source=risk_services.HazardSource.INSPECTION, source_key=f"staffing:{school.pk}:{today.year}")
