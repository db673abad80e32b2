"""A term's worth of everyday hazards in Chongyi, so the office's ledger, dashboard and assessment look like a
real sub-district's: every school has tens of hazards found since the term began, in every state of the loop,
most closed on time, some late, some overdue now.

Each hazard goes through the services as its people would file it, each step on the day it happened in the
term (`now=`, a replayed history; the keyed intake makes a second run add nothing). A fixed random seed: the
same demo on every machine.
"""
import io
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from notifications.models import InboxItem
from organizations.models import Department, DepartmentKind, School, Term, User
from risks import services
from risks.models import AssigneeKind, Hazard, HazardEvent, HazardSource

SEED = 20260901
PER_SCHOOL = (16, 24)
# The share of each end state, in order of the loop (closed is most of a term's work).
STATES = [("reported", 5), ("graded", 5), ("assigned", 8), ("rectifying", 12), ("submitted", 8), ("closed", 62)]
WHO_RECTIFIES = {
    "fire": DepartmentKind.SAFETY, "natural_disaster": DepartmentKind.SAFETY, "chemicals": DepartmentKind.SAFETY,
    "facilities": DepartmentKind.SAFETY, "traffic": DepartmentKind.POLICE, "public_order": DepartmentKind.POLICE,
    "surroundings": DepartmentKind.POLICE, "school_bus": DepartmentKind.POLICE, "food": DepartmentKind.FOOD_DRUG,
    "health": DepartmentKind.HEALTH, "bullying": DepartmentKind.EDUCATION_CENTER,
    "psychological": DepartmentKind.EDUCATION_CENTER, "drowning": DepartmentKind.EDUCATION_CENTER,
}
STAFF = {DepartmentKind.SAFETY: "safety", DepartmentKind.POLICE: "police", DepartmentKind.FOOD_DRUG: "fooddrug",
         DepartmentKind.HEALTH: "health", DepartmentKind.EDUCATION_CENTER: "edu"}
FINDINGS = {
    "fire": [("教学楼{n}楼消防通道", "消防通道堆放桌椅杂物"), ("实验楼灭火器箱", "灭火器压力表指针在红区"),
             ("学生宿舍{n}号楼", "应急照明灯不亮")],
    "traffic": [("校门口路段", "上下学时段家长车辆占道停放"), ("校门外人行横道", "斑马线褪色")],
    "food": [("食堂后厨", "生熟砧板未分开使用"), ("食堂库房", "部分原料无索证索票")],
    "facilities": [("操场{n}号篮球架", "篮球架底座螺栓松动"), ("教学楼{n}楼走廊", "护栏高度不足 1.1 米"),
                   ("体育器材室", "单杠立柱锈蚀")],
    "health": [("{n}号饮水机", "饮水机滤芯超期未更换"), ("卫生室", "消毒记录不全")],
    "public_order": [("学校正门", "门卫未登记外来人员"), ("围墙西侧", "监控有盲区")],
    "natural_disaster": [("后侧挡墙", "挡墙排水孔堵塞")],
    "bullying": [("{n}年级", "学生反映课间被高年级同学推搡")],
    "surroundings": [("校门外{n}0 米", "流动摊贩售卖三无食品")],
}


def _aware(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (120, 150, 170)).save(buffer, "JPEG", quality=70)
    return SimpleUploadedFile("after.jpg", buffer.getvalue(), content_type="image/jpeg")


@transaction.atomic
def seed_term_hazards(today=None):
    """Returns how many hazards were filed (none on a second run)."""
    today = today or timezone.localdate()
    term = Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    if term is None or Hazard.objects.filter(source_key__startswith="demo-term:").exists():
        return 0
    rng = random.Random(SEED)
    users = {u.username: u for u in User.objects.filter(username__in=[
        "office", "school", "safety", "police", "fooddrug", "health", "edu"])}
    departments = {d.kind: d for d in Department.objects.filter(sub_district__name="崇义街道")}
    office, filed = users["office"], 0
    span = (today - timedelta(days=3) - term.starts_on).days
    for school in School.objects.filter(sub_district__name="崇义街道", is_active=True).order_by("name"):
        for n in range(rng.randint(*PER_SCHOOL)):
            category = rng.choice(list(FINDINGS))
            location, description = rng.choice(FINDINGS[category])
            found = term.starts_on + timedelta(days=rng.randint(0, span))
            state = rng.choices([s for s, _w in STATES], weights=[w for _s, w in STATES])[0]
            hazard = services.hazard_report(
                actor=office, school=school, category=category, location=location.format(n=n % 5 + 1),
                description=description, source=rng.choice([HazardSource.SWEEP, HazardSource.SELF_CHECK]),
                source_key=f"demo-term:{school.pk}:{n}", found_at=_aware(found, 9), now=_aware(found, 9))
            filed += 1
            if state != "reported":
                hazard = services.hazard_grade(actor=office, hazard=hazard, now=_aware(found, 15),
                                               grade="major" if rng.random() < 0.12 else "general")
            if state not in ("reported", "graded"):
                kind = WHO_RECTIFIES.get(category, DepartmentKind.SAFETY)
                assigned = found + timedelta(days=1)
                deadline = assigned + timedelta(days=rng.choice([7, 10, 15, 20, 30]))
                hazard = services.hazard_assign(
                    actor=office, hazard=hazard, assignee_kind=AssigneeKind.DEPARTMENT, department=departments[kind],
                    funds_amount=Decimal(rng.choice([0, 300, 800, 2000])), funds_source="学校公用经费",
                    responsible_person="分管负责人", measures="按规范整改并复查", deadline=deadline,
                    contingency_plan="整改期间设置警示标志，专人看护", now=_aware(assigned, 10))
                rectifier = users[STAFF[kind]]
                if state != "assigned":
                    hazard = services.hazard_start(actor=rectifier, hazard=hazard,
                                                   now=_aware(assigned + timedelta(days=1), 9))
                if state in ("submitted", "closed"):
                    # Most are done before the deadline; one in six a few days after it.
                    done = deadline + timedelta(days=rng.randint(1, 5)) if rng.random() < 0.17 else \
                        assigned + timedelta(days=rng.randint(2, max(2, (deadline - assigned).days - 1)))
                    done = max(min(done, today - timedelta(days=1)), assigned + timedelta(days=1))
                    hazard = services.hazard_submit(actor=rectifier, hazard=hazard, note="已整改，附整改后照片",
                                                    photos=[_photo()], now=_aware(done, 16))
                if state == "closed":
                    services.hazard_accept(actor=office, hazard=hazard, comment="现场复核合格，同意销号",
                                           now=_aware(min(done + timedelta(days=1), today), 10))
    _read_what_is_past(today)
    return filed


def _read_what_is_past(today):
    """A term of use leaves its messages read: those of the term's hazard steps older than three days are."""
    old = set(HazardEvent.objects.filter(hazard__source_key__startswith="demo-term:",
                                         at__lt=_aware(today - timedelta(days=3), 0)).values_list("pk", flat=True))
    stale = [item.pk for item in InboxItem.objects.filter(key__startswith="hazard-event:", read_at=None).only("key")
             if int(item.key.split(":")[1]) in old]
    InboxItem.objects.filter(pk__in=stale).update(read_at=timezone.now())
