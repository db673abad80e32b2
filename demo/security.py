"""Demo safety zone, patrols, guard posts, cameras, drills, trainings and staffing for Chongyi.

Everything goes through security.services as the demo people would do it. Around the demo school
(涪陵区实验小学) an internet café 150 m from its main gate is inside the 200 m zone (a hazard), another
250 m away is not, a tobacco shop 40 m away breaks the 50 m rule, and a small hotel 120 m away is
supervised. 崇义小学 is short of guards. Premises are placed by bearing and distance from a school's gate
(positions checked so that each counts only for the school named here).

Idempotent: gates and premises are found by name, rosters and cameras updated in place, staffing set
once, and patrols, drills and trainings recorded only when the sub-district has none yet.
"""
import math
from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duties.selectors import school_days
from organizations.models import Department, DepartmentKind, School, SubDistrict, User
from security import geo, services
from security.models import (Camera, Drill, DrillKind, GuardSlot, PatrolKind, PatrolLog, Premises, PremisesType,
                             SchoolGate, Staffing, Training, TrainingKind)

from .organisation import DEMO_SCHOOL
from .risks import _demo_photo

SHORT_SCHOOL = "崇义小学"

# school, gate name, bearing (degrees from north), metres from the school's recorded gate
GATES = [(DEMO_SCHOOL, "正门", 0, 0), (DEMO_SCHOOL, "东侧门", 90, 60)]

# name, type code, school, bearing, metres, address, operator, licence, status
PREMISES = [
    ("极速网吧", "internet-cafe", DEMO_SCHOOL, 0, 150, "中山路 6 号", "刘勇", "渝网文 500102-0031", "operating"),
    ("星空网咖", "internet-cafe", DEMO_SCHOOL, 300, 250, "中山路 2 号附 3 号", "陈杰", "渝网文 500102-0047", "operating"),
    ("中山路烟酒店", "tobacco", DEMO_SCHOOL, 180, 40, "中山路 20 号", "何平", "烟草专卖 500102-1188", "operating"),
    ("悦来小旅馆", "small-hotel", DEMO_SCHOOL, 45, 120, "中山路 12 号", "罗芳", "特行 500102-0219", "operating"),
    ("快乐电玩城", "game-venue", SHORT_SCHOOL, 90, 110, "兴华中路 80 号", "唐军", "渝文娱 500102-0007", "operating"),
    ("金嗓子 KTV", "entertainment", "涪陵第十五中学", 270, 240, "兴华中路 136 号", "邓华", "渝文娱 500102-0012",
     "operating"),
    ("桥南网吧", "internet-cafe", "崇义中学", 180, 120, "桥南路 90 号", "冯刚", "渝网文 500102-0009", "closed"),
    ("望涪彩票站", "lottery", "望涪小学", 200, 70, "望涪路 15 号", "许梅", "福彩 500102-3321", "operating"),
]

CAMERAS = [
    (DEMO_SCHOOL, "正门", True, True), (DEMO_SCHOOL, "东侧门", False, True), (DEMO_SCHOOL, "操场", True, False),
    (SHORT_SCHOOL, "正门", False, True), ("望涪小学", "正门", True, True),
]

# school, guards, dorm managers, volunteers, gate staffed 24 h, patrols a day
STAFFING = [
    (DEMO_SCHOOL, 5, 0, 12, True, 6),
    (SHORT_SCHOOL, 1, 0, 6, True, 5),  # 1,380 day students need 3 guards (GB/T 29315-2022)
    ("涪陵第十五中学", 4, 3, 10, True, 5),
]


def _at(school, bearing, metres):
    origin = (school.gate_latitude, school.gate_longitude)
    lat, lng = geo.offset(*origin, north_m=metres * math.cos(math.radians(bearing)),
                          east_m=metres * math.sin(math.radians(bearing)))
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def _term_days(today, count):
    """The last `count` school days before today (the calendar's terms and holidays; weekdays without one)."""
    days = school_days(today - timedelta(days=40), today - timedelta(days=1))
    if not days:
        days = [today - timedelta(days=n) for n in range(1, 40) if (today - timedelta(days=n)).weekday() < 5]
        days.reverse()
    return days[-count:]


@transaction.atomic
def seed_security(today=None):
    today = today or timezone.localdate()
    chongyi = SubDistrict.objects.get(name="崇义街道")
    schools = {s.name: s for s in School.objects.filter(sub_district=chongyi)}
    users = {u.username: u for u in User.objects.filter(username__in=["office", "school", "police", "law", "safety"])}
    departments = {d.kind: d for d in Department.objects.filter(sub_district=chongyi)}
    types = {t.code: t for t in PremisesType.objects.all()}
    demo = schools[DEMO_SCHOOL]

    for school_name, name, bearing, metres in GATES:
        if not SchoolGate.objects.filter(school=schools[school_name], name=name).exists():
            lat, lng = _at(schools[school_name], bearing, metres)
            services.gate_save(actor=users["school"], school=schools[school_name], name=name, latitude=lat,
                               longitude=lng)

    for name, code, school_name, bearing, metres, address, operator, licence, status in PREMISES:
        if not Premises.objects.filter(sub_district=chongyi, name=name, address=address).exists():
            lat, lng = _at(schools[school_name], bearing, metres)
            services.premises_save(actor=users["law"], sub_district=chongyi, name=name, type=types[code],
                                   latitude=lat, longitude=lng, address=address, operator=operator,
                                   licence_no=licence, status=status)

    for school_name, location, networked, working in CAMERAS:
        school = schools[school_name]
        camera = Camera.objects.filter(school=school, location=location).first()
        if camera is None:
            services.camera_save(actor=users["office"], school=school, location=location, networked=networked,
                                 working=working)

    for school_name, guards, dorm, volunteers, gate_24h, patrols in STAFFING:
        if not Staffing.objects.filter(school=schools[school_name]).exists():
            services.staffing_save(actor=users["office"], school=schools[school_name], guards=guards,
                                   dorm_managers=dorm, volunteers=volunteers, gate_staffed_24h=gate_24h,
                                   patrols_per_day=patrols)

    # 护学岗 of this week (Monday to Friday) at the demo school's main gate, morning and afternoon.
    monday = today - timedelta(days=today.weekday())
    for n in range(5):
        for slot, staff in ((GuardSlot.MORNING, "张伟（派出所）、保安 李明、家长志愿者 2 名"),
                            (GuardSlot.AFTERNOON, "交巡警 1 名、保安 王强、教师 2 名")):
            services.guard_duty_save(actor=users["police"], school=demo, on=monday + timedelta(days=n), slot=slot,
                                     post="正门", staff=staff, department=departments[DepartmentKind.POLICE])

    if not PatrolLog.objects.filter(school__sub_district=chongyi).exists():
        _patrols(users["police"], [demo, schools["望涪小学"]], _term_days(today, 3))
    if not Drill.objects.filter(school__sub_district=chongyi).exists():
        _drills(users, schools, departments, today)
    if not Training.objects.filter(sub_district=chongyi).exists():
        _trainings(users, chongyi, demo, departments, today)


def _patrols(police, schools, days):
    for index, day in enumerate(days):
        for school in schools:
            findings = []
            if index == 0 and school.name == DEMO_SCHOOL:
                findings = [{"category": "traffic", "location": "正门东侧路口",
                             "description": "放学时段路口减速带损坏，车辆车速较快"}]
            services.patrol_record(actor=police, school=school, patrolled_on=day, started_at=time(7, 20),
                                   ended_at=time(8, 10), route="正门—东侧路口—中山路—后山步道", kind=PatrolKind.ZONE,
                                   note="校门口秩序良好", findings=findings)
            services.patrol_record(actor=police, school=school, patrolled_on=day, started_at=time(16, 20),
                                   ended_at=time(17, 0), route="正门护学岗", kind=PatrolKind.PEAK)


def _drills(users, schools, departments, today):
    demo = schools[DEMO_SCHOOL]
    services.drill_record(
        actor=users["school"], school=demo, kind=DrillKind.FIRE, held_on=today - timedelta(days=12),
        participants=2080, duration_min=25, evacuation_seconds=236, guided_by=departments[DepartmentKind.SAFETY],
        note="全校师生参加，安监办现场指导。",
        problems=[{"category": "fire", "location": "教学楼二楼西侧楼梯",
                   "description": "疏散指示标志被展板遮挡，学生在楼梯口拥堵"}],
        evidence=[_demo_photo("fire-drill.jpg", (190, 90, 70))])
    services.drill_record(
        actor=users["school"], school=demo, kind=DrillKind.EARTHQUAKE, held_on=today - timedelta(days=40),
        participants=2100, duration_min=20, evacuation_seconds=198, note="按预案有序疏散至操场。",
        evidence=[_demo_photo("earthquake-drill.jpg", (80, 120, 170))])
    services.drill_record(
        actor=users["office"], school=schools[SHORT_SCHOOL], kind=DrillKind.LANDSLIDE,
        held_on=today - timedelta(days=20), participants=1300, duration_min=18, evacuation_seconds=240)


def _trainings(users, chongyi, demo, departments, today):
    services.training_record(
        actor=users["police"], sub_district=chongyi, school=demo, kind=TrainingKind.ANTI_TERROR,
        held_on=today - timedelta(days=18), department=departments[DepartmentKind.POLICE], trainer="张伟",
        participants=160, note="反恐防暴知识讲座和防暴器械使用演示。",
        evidence=[_demo_photo("anti-terror.jpg", (70, 110, 90))])
    services.training_record(
        actor=users["safety"], sub_district=chongyi, school=demo, kind=TrainingKind.FIRE_CLASS,
        held_on=today - timedelta(days=25), department=departments[DepartmentKind.SAFETY], trainer="杨洋",
        participants=420, note="高年级消防安全课：灭火器使用和火场逃生。")
    services.training_record(
        actor=users["office"], sub_district=chongyi, kind=TrainingKind.PRINCIPALS,
        held_on=today - timedelta(days=30), department=departments[DepartmentKind.EDUCATION_CENTER],
        trainer="区教委安全科", participants=44, note="全街道校长、安全员校园安全集中培训。")
