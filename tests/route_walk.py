"""The data-holding route walk: every route that takes an id is visited with a real row of the world's first
school, by people who must not see it (404, exactly as for an id that does not exist), by read-only roles
(403 or 405 on every write, the row unchanged) and by the row's owner (proof that the row is reachable, so
the 404s mean something).

ROW_ROUTES maps each such route name to a factory that creates its row. A route that takes an id and is
missing here fails `test_every_route_with_an_id_is_in_the_registry`: a new view cannot ship unchecked.
`check_route()` returns the failures of one route as sentences; the tests assert it returns none, and that
it does return some for a deliberately unscoped view (tests/unscoped_urls.py).
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import ManyToOneRel
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

GHOST_ID = "987654"  # an id no test row has: what a real outsider must get matches what this gets
# Outside the school's scope: a school officer and the office of the other sub-district, an account
# without a role, and a department of the same sub-district that does not serve the school.
OUTSIDERS = ("outsider", "outside_office", "nobody", "health")
# Reference data (departments, communities) is readable by every member of its sub-district.
OUTSIDE_THE_SUB_DISTRICT = ("outsider", "outside_office", "nobody")
READ_ONLY = ("leader", "district_leader")
PAGE_WRITES = ("post",)
API_WRITES = ("post", "put", "patch", "delete")
NOT_THERE = (404, 405)
NOT_OFFERED = 302  # a transition page the row's state does not offer now sends its owner back to the row  # 405: the route has no such method at all, whatever the id


@dataclass(frozen=True)
class RowRoute:
    """How to reach one route's row, and who owns it."""

    make: object  # world -> (row, url kwargs); the row is what must not change
    owner: str = "office"  # gets 200 on GET (or, on a POST-only route, anything but 404/405 on POST)
    outsiders: tuple = OUTSIDERS
    read_only_sees: bool = True  # False: read-only roles cannot see the row at all (404, not 403)
    owner_status: int = 200  # what the owner's GET gives (a transition page not offered now redirects: 302)
    note: str = field(default="", compare=False)


# ---------------------------------------------------------------------------------------------
# Row factories: each creates one row in world.school and returns (row, kwargs of the URL).


def _hazard_row(world):
    from risks.models import HazardStatus
    from tests.risks.helpers import make_hazard

    if not hasattr(world, "_walk_hazard"):
        # Assigned to the police: the office owns the loop, the police rectify, health does not serve the school.
        world._walk_hazard = make_hazard(world, HazardStatus.ASSIGNED, to="police")
    return world._walk_hazard


def hazard(world):
    row = _hazard_row(world)
    return row, {"pk": row.pk}


def attachment(world):
    row = _hazard_row(world).attachments.first()
    return row, {"pk": row.pk}


def risk(world):
    from risks import services
    from risks.models import GradingScheme

    row = services.risk_create(
        actor=world.user("office"), school=world.school, category="fire", name="实验室危化品柜", location="实验楼二楼",
        description="危化品存放", control_measures="双人双锁", responsible_person="李老师",
        scheme=GradingScheme.objects.get(code="lec"), likelihood=Decimal("3"), exposure=Decimal("6"),
        severity=Decimal("7"))
    return row, {"pk": row.pk}


def school(world):
    return world.school, {"pk": world.school.pk}


def school_by_school_pk(world):
    return world.school, {"school_pk": world.school.pk}


def department(world):
    return world.police, {"pk": world.police.pk}


def community(world):
    return world.community, {"pk": world.community.pk}


def school_year(world):
    from organizations.models import SchoolYear

    row = SchoolYear.objects.first()
    return row, {"pk": row.pk}


def _duty_task(world):
    from duties.models import DutyDefinition, DutyTask, Frequency, OwnerKind

    if not hasattr(world, "_walk_task"):
        definition = DutyDefinition.objects.create(
            code="walk-police-patrol", title="护校巡逻", owner_kind=OwnerKind.DEPARTMENT, department_kind="police",
            frequency=Frequency.MONTHLY, scope="per_contracted_school")
        today = date.today()
        world._walk_task = DutyTask.objects.create(
            definition=definition, period_key="walk", period_label="本月", opens_on=today,
            due_on=today + timedelta(days=30), sub_district=world.sub_district, school=world.school,
            owner_department=world.police)
    return world._walk_task


def duty_task(world):
    row = _duty_task(world)
    return row, {"pk": row.pk}


def duty_evidence(world):
    from duties.models import DutyEvidence

    row = DutyEvidence.objects.create(task=_duty_task(world), original_name="记录.pdf",
                                      content_type="application/pdf", size=20, uploaded_by=world.user("police"),
                                      file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="walk.pdf"))
    return row, {"pk": row.pk}


def inbox_item(world):
    from notifications.models import InboxItem

    row = InboxItem.objects.create(key="walk:office", recipient=world.user("office"), title="隐患待定级", body="")
    return row, {"pk": row.pk}


# The safety zone (security): rows of world.school, made through the services as a person would.

GATE_AT = (Decimal("29.703500"), Decimal("107.390600"))


def _gate_row(world):
    from security import services

    if not hasattr(world, "_walk_gate"):
        world._walk_gate = services.gate_save(actor=world.user("office"), school=world.school, name="正门",
                                              latitude=GATE_AT[0], longitude=GATE_AT[1])
    return world._walk_gate


def school_gate(world):
    row = _gate_row(world)
    return row, {"pk": world.school.pk, "gate_pk": row.pk}


def gate(world):
    row = _gate_row(world)
    return row, {"pk": row.pk}


def _camera_row(world):
    from security import services

    if not hasattr(world, "_walk_camera"):
        world._walk_camera = services.camera_save(actor=world.user("office"), school=world.school, location="正门",
                                                  networked=True)
    return world._walk_camera


def school_camera(world):
    row = _camera_row(world)
    return row, {"pk": world.school.pk, "camera_pk": row.pk}


def camera(world):
    row = _camera_row(world)
    return row, {"pk": row.pk}


def premises(world):
    from security import services
    from security.models import PremisesType

    if not hasattr(world, "_walk_premises"):
        _gate_row(world)
        world._walk_premises = services.premises_save(
            actor=world.user("office"), sub_district=world.sub_district, name="星空网吧",
            type=PremisesType.objects.get(code="internet-cafe"), address="中山路 18 号",
            latitude=Decimal("29.704800"), longitude=GATE_AT[1])
    return world._walk_premises, {"pk": world._walk_premises.pk}


def patrol_log(world):
    from datetime import time

    from django.utils import timezone

    from security import services

    row = services.patrol_record(actor=world.user("police"), school=world.school, patrolled_on=timezone.localdate(),
                                 started_at=time(7, 30), ended_at=time(8, 10), route="正门—东侧路口—后门",
                                 findings=[{"category": "traffic", "location": "东侧路口", "description": "减速带损坏"}])
    return row, {"pk": row.pk}


def _drill_row(world):
    from django.utils import timezone

    from security import services

    if not hasattr(world, "_walk_drill"):
        world._walk_drill = services.drill_record(
            actor=world.user("school_officer"), school=world.school, kind="fire", held_on=timezone.localdate(),
            participants=900, duration_min=20, evacuation_seconds=180,
            problems=[{"category": "fire", "location": "教学楼东楼梯", "description": "疏散指示灯不亮"}])
    return world._walk_drill


def drill(world):
    row = _drill_row(world)
    return row, {"pk": row.pk}


def drill_evidence(world):
    from security.models import Evidence

    row = Evidence.objects.create(sub_district=world.sub_district, school=world.school, drill=_drill_row(world),
                                  original_name="演练.pdf", content_type="application/pdf", size=20,
                                  uploaded_by=world.user("school_officer"),
                                  file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="walk.pdf"))
    return row, {"pk": row.pk}


def _campaign(world):
    if not hasattr(world, "_walk_campaign"):
        from tests.inspections.helpers import open_sweep

        world._walk_campaign = open_sweep(world, schools=[world.school],
                                          participants={world.education: [world.school]})
    return world._walk_campaign


def campaign(world):
    row = _campaign(world)
    return row, {"pk": row.pk}


def _sweep_inspection(world):
    return _campaign(world).inspections.get(school=world.school)


def sweep_inspection(world):
    row = _sweep_inspection(world)
    return row, {"pk": row.pk}


def _self_check(world):
    from inspections import services

    if not hasattr(world, "_walk_self_check"):
        world._walk_self_check = services.self_check_start(actor=world.user("school_officer"), school=world.school)
    return world._walk_self_check


def self_check(world):
    row = _self_check(world)
    return row, {"pk": row.pk}


def _answer_photo(inspection, actor):
    from inspections import services
    from tests.risks.helpers import photo

    first = inspection.template.items.order_by("order").first()
    services.inspection_save(actor=actor, inspection=inspection, answers={first.pk: {"result": "pass", "note": ""}},
                             photos={first.pk: [photo("walk.jpg")]})
    return inspection.answers.get(item=first).photos.get()


def sweep_photo(world):
    row = _answer_photo(_sweep_inspection(world), world.user("education"))
    return row, {"pk": row.pk}


def self_check_photo(world):
    row = _answer_photo(_self_check(world), world.user("school_officer"))
    return row, {"pk": row.pk}


def checklist_template(world):
    from inspections.models import ChecklistTemplate

    row = ChecklistTemplate.objects.filter(is_current=True).first()
    return row, {"pk": row.pk}


# Incidents and supervision: rows of world.school, made through the services as a person would.


def _incident_row(world):
    from django.utils import timezone

    from incidents import services
    from tests.risks.helpers import photo

    if not hasattr(world, "_walk_incident"):
        # An intrusion: the police (who serve the school) are concerned; health neither serves it nor is told.
        world._walk_incident = services.incident_report(
            actor=world.user("school_officer"), school=world.school, kind="intrusion", severity="general",
            occurred_at=timezone.now() - timedelta(minutes=30), place="东侧围墙", first_account="一名男子翻墙进入校园，已被保安控制",
            photos=[photo("walk.jpg")])
    return world._walk_incident


def incident(world):
    row = _incident_row(world)
    return row, {"pk": row.pk}


def incident_step(world):
    row = _incident_row(world)
    return row, {"pk": row.pk, "action": "respond"}


def incident_photo(world):
    row = _incident_row(world).photos.get()
    return row, {"pk": row.pk}


def _incident_under_way(world):
    """An incident in its response, with an insurance claim and a mediation (the aftermath's own rows)."""
    from incidents import services

    if not hasattr(world, "_walk_under_way"):
        office = world.user("office")
        row = _incident_row(world)
        services.incident_respond(actor=office, incident=row, plan="防范不法侵害应急预案")
        world._walk_claim = services.claim_file(actor=world.user("school_officer"), incident=row, insurer="人保财险",
                                                policy_number="PA-WALK", amount="800")
        world._walk_mediation = services.mediation_open(actor=office, incident=row, kind="people",
                                                        mediator="崇义街道人民调解委员会", requested_on=date.today())
        world._walk_under_way = row
    return world._walk_under_way


def incident_claim(world):
    row = _incident_under_way(world)
    return world._walk_claim, {"pk": row.pk}


def incident_mediation(world):
    row = _incident_under_way(world)
    return world._walk_mediation, {"pk": row.pk}


def _supervision_row(world):
    from incidents import supervision

    if not hasattr(world, "_walk_supervision"):
        world._walk_supervision = supervision.supervision_flag(
            actor=world.user("office"), school=world.school, measure="interview", reason="本学期两起学生伤害事故")
    return world._walk_supervision


def supervision(world):
    row = _supervision_row(world)
    return row, {"pk": row.pk}


def supervision_step(world):
    row = _supervision_row(world)
    return row, {"pk": row.pk, "action": "interview"}


# Public reports: one about world.school, with a photo and a contact, submitted as a parent would.


def _public_report_row(world):
    from tests.public_reports.builders import submit
    from tests.risks.helpers import photo

    if not hasattr(world, "_walk_public_report"):
        world._walk_public_report = submit(world, kind="bullying", anonymous=False, contact_name="王女士",
                                           contact="13900002222", photos=[photo("walk.jpg")])
    return world._walk_public_report


def public_report(world):
    row = _public_report_row(world)
    return row, {"pk": row.pk}


def public_report_step(world):
    row = _public_report_row(world)
    return row, {"pk": row.pk, "action": "to_hazard"}


def public_report_photo(world):
    row = _public_report_row(world)
    return row.photos.get(), {"pk": row.pk, "photo_id": row.photos.get().pk}


def school_poster(world):
    return world.school, {"school_id": world.school.pk}


# One API action per row of each table (tests/incidents/test_api.py checks the tables and the actions agree).
INCIDENT_STEPS = ("respond", "act", "written_report", "investigate", "conclude", "involve", "claim", "claim_update",
                  "mediate", "mediation_update", "statement", "raise_hazard", "close", "reopen")
SUPERVISION_STEPS = ("interview", "dismiss", "extend", "lift")
# A campaign is known to every member of its sub-district (its inspections are scoped on their own).
CAMPAIGN_OUTSIDERS = OUTSIDE_THE_SUB_DISTRICT
# Reports reach a school and its serving departments only as the incident or hazard they become.
PUBLIC_REPORT_OUTSIDERS = (*OUTSIDERS, "police", "school_officer")
PUBLIC_REPORT = "a public report: the office and the education center triage it; the school and the police do not see it"
PUBLIC_REPORT_STEPS = ("to_incident", "to_hazard", "merge", "dismiss", "answer")
SWEEP = "the covering department (education) fills it; the office assigns and owns it too"

ROW_ROUTES = {
    "organizations:school_detail": RowRoute(school),
    "organizations:school_update": RowRoute(school),
    "risks:risk_detail": RowRoute(risk),
    "risks:risk_assess": RowRoute(risk),
    "risks:risk_retire": RowRoute(risk),
    "risks:school_risk_list": RowRoute(school_by_school_pk),
    "risks:hazard_detail": RowRoute(hazard),
    "risks:hazard_grade": RowRoute(hazard, owner_status=NOT_OFFERED),
    "risks:hazard_assign": RowRoute(hazard),
    "risks:hazard_start": RowRoute(hazard, owner="police"),
    "risks:hazard_submit": RowRoute(hazard, owner="police"),
    "risks:hazard_reject": RowRoute(hazard, owner_status=NOT_OFFERED),
    "risks:hazard_accept": RowRoute(hazard, owner_status=NOT_OFFERED),
    "risks:attachment": RowRoute(attachment),
    "duties:task_detail": RowRoute(duty_task, owner="police"),
    "duties:task_close": RowRoute(duty_task, owner="police", owner_status=NOT_OFFERED),
    "duties:evidence": RowRoute(duty_evidence, owner="police"),
    "notifications:open": RowRoute(inbox_item, read_only_sees=False,
                                   note="a message is its recipient's alone, read-only roles included"),
    "inbox-read": RowRoute(inbox_item, read_only_sees=False,
                           note="a message is its recipient's alone, read-only roles included"),
    "school-detail": RowRoute(school),
    "department-detail": RowRoute(department, outsiders=OUTSIDE_THE_SUB_DISTRICT),
    "community-detail": RowRoute(community, outsiders=OUTSIDE_THE_SUB_DISTRICT),
    "school-year-detail": RowRoute(school_year, outsiders=(),
                                   note="school years and terms are the calendar of the whole deployment"),
    "hazard-detail": RowRoute(hazard),
    "hazard-grade": RowRoute(hazard),
    "hazard-assign": RowRoute(hazard),
    "hazard-start": RowRoute(hazard, owner="police"),
    "hazard-submit": RowRoute(hazard, owner="police"),
    "hazard-reject": RowRoute(hazard),
    "hazard-accept": RowRoute(hazard),
    "risk-detail": RowRoute(risk),
    "risk-reassess": RowRoute(risk),
    "risk-retire": RowRoute(risk),
    "duty-task-detail": RowRoute(duty_task, owner="police"),
    "duty-task-close": RowRoute(duty_task, owner="police"),
    "security:school_zone": RowRoute(school),
    "security:zone_svg": RowRoute(school),
    "security:gate_new": RowRoute(school),
    "security:gate_edit": RowRoute(school_gate),
    "security:camera_new": RowRoute(school),
    "security:camera_edit": RowRoute(school_camera),
    "security:staffing": RowRoute(school),
    "security:staffing_report": RowRoute(school, owner_status=NOT_OFFERED),
    "security:premises_detail": RowRoute(premises, outsiders=OUTSIDE_THE_SUB_DISTRICT,
                                         note="the register is reference data of the sub-district's members"),
    "security:premises_edit": RowRoute(premises, outsiders=OUTSIDE_THE_SUB_DISTRICT,
                                       note="members see the register; only its keepers edit it (403)"),
    "security:drill_detail": RowRoute(drill, owner="school_officer"),
    "security:evidence": RowRoute(drill_evidence, owner="school_officer"),
    "security-school-zone": RowRoute(school),
    "security-school-staffing": RowRoute(school),
    "security-school-report-shortfall": RowRoute(school),
    "premises-detail": RowRoute(premises, outsiders=OUTSIDE_THE_SUB_DISTRICT,
                                note="the register is reference data of the sub-district's members"),
    "gate-detail": RowRoute(gate, outsiders=OUTSIDE_THE_SUB_DISTRICT,
                            note="gates are where the sub-district's zones are measured from: reference data"),
    "camera-detail": RowRoute(camera),
    "patrol-log-detail": RowRoute(patrol_log, owner="police"),
    "drill-detail": RowRoute(drill, owner="school_officer"),
    "inspections:campaign_detail": RowRoute(campaign, outsiders=CAMPAIGN_OUTSIDERS),
    "inspections:campaign_close": RowRoute(campaign, outsiders=CAMPAIGN_OUTSIDERS, owner_status=NOT_OFFERED),
    "inspections:inspection_detail": RowRoute(sweep_inspection, owner="education", note=SWEEP),
    "inspections:inspection_assign": RowRoute(sweep_inspection, note=SWEEP, owner_status=NOT_OFFERED),
    "inspections:inspection_correct": RowRoute(sweep_inspection, owner="education", note=SWEEP,
                                               owner_status=NOT_OFFERED),
    "inspections:photo": RowRoute(sweep_photo, owner="education", note=SWEEP),
    "checklist-template-detail": RowRoute(checklist_template, outsiders=(),
                                          note="checklists are reference data of the whole deployment"),
    "campaign-detail": RowRoute(campaign, outsiders=CAMPAIGN_OUTSIDERS),
    "campaign-close": RowRoute(campaign, outsiders=CAMPAIGN_OUTSIDERS),
    "inspection-detail": RowRoute(sweep_inspection, owner="education", note=SWEEP),
    "inspection-save": RowRoute(sweep_inspection, owner="education", note=SWEEP),
    "inspection-submit": RowRoute(sweep_inspection, owner="education", note=SWEEP),
    "inspection-correct": RowRoute(sweep_inspection, owner="education", note=SWEEP),
    "inspection-assign": RowRoute(sweep_inspection, note=SWEEP),
    "incidents:incident_detail": RowRoute(incident),
    "incidents:incident_step": RowRoute(incident_step),
    "incidents:incident_photo": RowRoute(incident_photo),
    "incidents:supervision_detail": RowRoute(supervision),
    "incidents:supervision_step": RowRoute(supervision_step),
    "incident-detail": RowRoute(incident),
    **{f"incident-{name.replace('_', '-')}": RowRoute(incident) for name in INCIDENT_STEPS},
    "supervision-detail": RowRoute(supervision),
    **{f"supervision-{name}": RowRoute(supervision) for name in SUPERVISION_STEPS},
    "school_ledger_print": RowRoute(school, note="a school's ledger to print: whoever sees the school"),
    "public_reports:poster": RowRoute(school_poster, note="a school's poster: whoever sees the school prints it"),
    "public_reports:triage_detail": RowRoute(public_report, outsiders=PUBLIC_REPORT_OUTSIDERS, note=PUBLIC_REPORT),
    "public_reports:triage_photo": RowRoute(public_report_photo, outsiders=PUBLIC_REPORT_OUTSIDERS,
                                            note=PUBLIC_REPORT),
    "public_reports:triage_step": RowRoute(public_report_step, outsiders=PUBLIC_REPORT_OUTSIDERS,
                                           owner_status=NOT_OFFERED, note=PUBLIC_REPORT),
    "public-report-detail": RowRoute(public_report, outsiders=PUBLIC_REPORT_OUTSIDERS, note=PUBLIC_REPORT),
    "public-report-contact": RowRoute(public_report, outsiders=PUBLIC_REPORT_OUTSIDERS, note=PUBLIC_REPORT),
    **{f"public-report-{name.replace('_', '-')}": RowRoute(public_report, outsiders=PUBLIC_REPORT_OUTSIDERS,
                                                           note=PUBLIC_REPORT) for name in PUBLIC_REPORT_STEPS},
}

# A school's self-check is another kind of row on the inspection routes: its school's officers own it, and the
# departments that merely serve the school (the police here) do not see it. Walked as well as ROW_ROUTES.
SELF_CHECK_OUTSIDERS = (*OUTSIDERS, "police")
SELF_CHECK = "a school's own daily self-check"
# Page addresses that only take a POST send a GET back to their row's page (a reload, a language switch).
GOES_BACK = {"inspections:inspection_assign", "inspections:inspection_correct"}
EXTRA_ROWS = [
    (name, RowRoute(factory, owner="school_officer", outsiders=SELF_CHECK_OUTSIDERS, note=SELF_CHECK,
                    owner_status=NOT_OFFERED if name in GOES_BACK else 200))
    for name, factory in [
        ("inspections:inspection_detail", self_check), ("inspections:inspection_assign", self_check),
        ("inspections:inspection_correct", self_check), ("inspections:photo", self_check_photo),
        ("inspection-detail", self_check), ("inspection-save", self_check), ("inspection-submit", self_check),
        ("inspection-correct", self_check), ("inspection-assign", self_check),
    ]
]
# An incident's claim and mediation are named in the body of their steps: the walk holds those rows too.
EXTRA_ROWS += [
    ("incident-claim-update", RowRoute(incident_claim, note="a claim, named in the body of its incident's step")),
    ("incident-mediation-update", RowRoute(incident_mediation,
                                           note="a mediation, named in the body of its incident's step")),
]


# ---------------------------------------------------------------------------------------------
# The URLconf


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield namespace, entry


def routes_with_ids(urlconf=None):
    """(route name, kwarg names) of every named route that takes a lookup; Django admin is walked elsewhere."""
    found = set()
    for namespace, pattern in _walk(get_resolver(urlconf).url_patterns):
        if namespace == "admin" or pattern.name is None:
            continue
        names = tuple(pattern.pattern.regex.groupindex)
        if set(names) - {"format"}:
            found.add((f"{namespace}:{pattern.name}" if namespace else pattern.name, names))
    return sorted(found)


def unregistered_routes(urlconf=None):
    """Routes that take an id and have no factory: nobody would check them."""
    return sorted({name for name, _kwargs in routes_with_ids(urlconf)} - set(ROW_ROUTES))


# ---------------------------------------------------------------------------------------------
# The check


def _client(world, name, api):
    user = world.user(name)
    if api:
        client = APIClient()
        client.force_authenticate(user)
    else:
        client = Client()
        client.force_login(user)
    return client


def _request(client, method, url, api):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    if api:
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url, {})


def snapshot(row):
    """The row's own columns and how many rows hang off it (events, assessments, evidence...)."""
    model = type(row)
    values = model._default_manager.filter(pk=row.pk).values().first()
    children = {}
    for relation in model._meta.get_fields():
        if isinstance(relation, ManyToOneRel) and not relation.many_to_many:
            children[relation.name] = relation.related_model._default_manager.filter(
                **{relation.field.name: row.pk}).count()
    return values, children


def check_route(world, name, kwarg_names, spec=None, urlconf=None):
    """Visit one route with its row as outsiders, read-only roles and the owner; return what went wrong."""
    spec = spec or ROW_ROUTES[name]
    row, kwargs = spec.make(world)
    kwargs = {key: kwargs.get(key, "json" if key == "format" else None) for key in kwarg_names}
    missing = [key for key, value in kwargs.items() if value is None]
    if missing:
        return [f"{name}: the registry's factory gives no value for {missing}"]
    url = reverse(name, kwargs=kwargs, urlconf=urlconf)
    ghost = reverse(name, kwargs={k: v if k == "format" else GHOST_ID for k, v in kwargs.items()}, urlconf=urlconf)
    api = url.startswith("/api/")
    methods = ("get", *API_WRITES) if api else ("get", *PAGE_WRITES)
    failures = []
    before = snapshot(row)

    for person in spec.outsiders:
        client = _client(world, person, api)
        for method in methods:
            got = _request(client, method, url, api).status_code
            expected = _request(client, method, ghost, api).status_code
            if got != expected or got not in NOT_THERE:
                failures.append(f"{name}: {person} {method.upper()} {url} gave {got}; an id that does not exist "
                                f"gives {expected}, and both must be 404 (or 405 where the method does not exist)")

    for person in READ_ONLY:
        client = _client(world, person, api)
        for method in methods[1:]:
            got = _request(client, method, url, api).status_code
            allowed = (403, 405) if spec.read_only_sees else NOT_THERE
            if got not in allowed:
                failures.append(f"{name}: read-only {person} {method.upper()} {url} gave {got}, not one of {allowed}")

    if snapshot(row) != before:
        failures.append(f"{name}: the row changed after requests by people who may not change it")

    owner = _client(world, spec.owner, api)
    got = _request(owner, "get", url, api).status_code
    if got == 405:
        got = _request(owner, "post", url, api).status_code
        if got in NOT_THERE:
            failures.append(f"{name}: owner {spec.owner} POST {url} gave {got}: the row is not reachable, "
                            "so the outsiders' 404s prove nothing")
    elif got != spec.owner_status:
        failures.append(f"{name}: owner {spec.owner} GET {url} gave {got}, not {spec.owner_status}: the row is "
                        "not reachable, "
                        "so the outsiders' 404s prove nothing")
    return failures
