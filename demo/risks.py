"""Demo risks and hazards for Chongyi: risks in all four colours, hazards in every state of the loop.

Everything goes through the services, as the people of demo.organisation would do it; only the
dates of a few rows are moved into the past afterwards so that overdue work and due reviews show.
Runs once: when the demo sub-district already has risks or hazards, it does nothing.
"""
import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from incidents import supervision
from organizations.models import Department, DepartmentKind, School, User
from risks import services
from risks.models import AssigneeKind, GradingScheme, Hazard, HazardSource, Risk

D = Decimal

# school, category, name, location, description, measures, person, scheme, factors (L, E, C) or (L, S)
RISKS = [
    ("涪陵区实验小学", "natural_disaster", "后山边坡滑坡", "学校后山挡墙", "雨季边坡有落石和滑坡迹象，紧邻学生宿舍通道",
     "雨季每日巡查，设置警戒线，强降雨时停止使用后侧通道", "吴娜", "lec", ("6", "6", "15")),
    ("涪陵区实验小学", "traffic", "放学时段校门口交通拥堵", "学校正门中山路路段", "放学高峰家长车辆占道，学生横穿马路",
     "护学岗值守，错峰放学，施划减速带", "张伟", "lec", ("6", "6", "7")),
    ("涪陵区实验小学", "fire", "食堂燃气管道", "食堂操作间", "燃气管道使用年限较长",
     "每月检测，安装燃气泄漏报警器", "刘芳", "lec", ("1", "6", "7")),
    ("涪陵区实验小学", "food", "食堂原料采购", "食堂库房", "原料索证索票不全的可能",
     "落实索证索票和留样制度", "陈静", "ls", ("2", "2")),
    ("崇义小学", "drowning", "周边河道溺水", "学校东侧乌江支流", "学生放学途经河道，夏季有私自下水的可能",
     "设置警示牌，开展防溺水教育，家校联系", "周涛", "ls", ("4", "5")),
    ("崇义小学", "bullying", "校园欺凌", "全校", "高年级学生之间偶有冲突",
     "心理辅导，欺凌防治委员会定期排查", "徐刚", "ls", ("3", "3")),
    ("涪陵第十五中学", "fire", "学生宿舍电气火灾", "学生宿舍楼", "寄宿生 420 人，存在违规使用电器的可能",
     "每周宿舍检查，安装限流装置和烟感报警", "杨洋", "lec", ("3", "10", "15")),
    ("涪陵第十五中学", "chemicals", "实验室危化品", "实验楼二楼危化品室", "存放少量易燃易爆试剂",
     "双人双锁，台账管理，定期清理", "杨洋", "lec", ("1", "3", "15")),
    ("崇义街道中心幼儿园", "facilities", "大型玩具设施", "户外活动场地", "滑梯连接件磨损",
     "每日开园前检查，破损立即停用", "吴娜", "ls", ("2", "3")),
    ("涪陵区第一幼儿园", "public_order", "校门安保", "幼儿园大门", "接送时段人员密集",
     "配备保安和一键报警，门卫登记", "张伟", "ls", ("2", "4")),
]

# school, category, location, description, reporter, target state, grade, assignee, days to deadline
HAZARDS = [
    ("涪陵区实验小学", "fire", "教学楼三楼东侧消防栓", "消防栓箱门损坏，水带缺失", "school", "reported", "", None, None),
    ("涪陵区实验小学", "facilities", "操场东侧围墙", "围墙出现约 2 米长裂缝，有倾斜迹象", "school", "graded", "major", None, None),
    ("崇义小学", "traffic", "校门口人行横道", "斑马线褪色，缺少减速带", "office", "assigned", "general", "police", 12),
    ("涪陵区实验小学", "food", "食堂留样柜", "留样柜温度显示故障", "school", "rectifying", "general", "fooddrug", 5),
    ("涪陵第十五中学", "fire", "学生宿舍 3 号楼", "宿舍走廊电动车违规停放充电", "office", "overdue", "major", "safety", -6),
    ("望涪小学", "health", "饮用水直饮机", "直饮水机滤芯超期未更换", "office", "overdue", "general", "health", -3),
    ("涪陵区实验小学", "public_order", "学校正门监控", "正门监控摄像头损坏，未与派出所联网", "school", "submitted", "general",
     "police", 8),
    ("崇义中学", "facilities", "教学楼窗户防护栏", "防护栏焊接点锈蚀松动", "office", "rejected", "general", "safety", 9),
    ("涪陵区实验小学", "natural_disaster", "后山挡墙排水沟", "排水沟堵塞，雨水漫流冲刷边坡", "school", "closed", "major",
     "school", 10),
    ("崇义街道中心幼儿园", "facilities", "三楼活动室", "幼儿活动室窗户未装限位器", "office", "closed", "general", "edu", 7),
]

DEPARTMENT_OF = {"police": DepartmentKind.POLICE, "fooddrug": DepartmentKind.FOOD_DRUG,
                 "safety": DepartmentKind.SAFETY, "health": DepartmentKind.HEALTH,
                 "edu": DepartmentKind.EDUCATION_CENTER}


def _demo_photo(name, colour):
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    for step in range(0, 480, 40):
        draw.line([(0, step), (640, step + 120)], fill=tuple(max(0, c - 40) for c in colour), width=6)
    draw.rectangle([200, 150, 440, 330], outline=(255, 255, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@transaction.atomic
def seed_risks():
    if (Hazard.objects.filter(school__sub_district__name="崇义街道").exists()
            or Risk.objects.filter(school__sub_district__name="崇义街道").exists()):
        return
    users = {u.username: u for u in User.objects.filter(username__in=[
        "office", "school", "police", "fooddrug", "safety", "health", "edu", "principal"])}
    schools = {s.name: s for s in School.objects.filter(sub_district__name="崇义街道")}
    departments = {d.kind: d for d in Department.objects.filter(sub_district__name="崇义街道")}
    schemes = {s.code: s for s in GradingScheme.objects.all()}
    office = users["office"]

    for index, (school, category, name, location, description, measures, person, scheme, factors) in enumerate(RISKS):
        values = [D(v) for v in factors]
        factor_kwargs = ({"likelihood": values[0], "exposure": values[1], "severity": values[2]} if scheme == "lec"
                         else {"likelihood": values[0], "severity": values[1]})
        risk = services.risk_create(
            actor=office, school=schools[school], category=category, name=name, location=location,
            description=description, control_measures=measures, responsible_person=person,
            scheme=schemes[scheme], note="初次评估", **factor_kwargs)
        if index % 3 == 0:  # some reviews are due, so the reminder list is not empty
            Risk.objects.filter(pk=risk.pk).update(next_review_on=timezone.localdate() - timedelta(days=index + 1))

    today = timezone.localdate()
    for school, category, location, description, reporter, state, grade, assignee, days in HAZARDS:
        school_obj = schools[school]
        actor = users[reporter]
        hazard = services.hazard_report(
            actor=actor, school=school_obj, category=category, location=location,
            description=description, photos=[_demo_photo("before.jpg", (170, 120, 90))],
            source=HazardSource.SELF_CHECK if reporter == "school" else HazardSource.SWEEP)
        if state == "reported":
            continue
        hazard = services.hazard_grade(actor=office, hazard=hazard, grade=grade)
        if state == "graded":
            continue
        to_school = assignee == "school"
        rectifier = users[assignee]  # "school" is the demo officer of 涪陵区实验小学, the only self-rectifying school
        hazard = services.hazard_assign(
            actor=office, hazard=hazard,
            assignee_kind=AssigneeKind.SCHOOL if to_school else AssigneeKind.DEPARTMENT,
            department=None if to_school else departments[DEPARTMENT_OF[assignee]],
            funds_amount=D("2000") if grade == "major" else D("500"), funds_source="学校公用经费",
            responsible_person="分管副校长", measures="按规范修复并复查",
            deadline=today + timedelta(days=days), contingency_plan="整改期间设置警示标志和临时围挡，专人值守",
            now=timezone.now() + timedelta(days=min(0, days - 7)))  # overdue ones were assigned a week before
        if state == "assigned":
            continue
        hazard = services.hazard_start(actor=rectifier, hazard=hazard)
        if state in ("rectifying", "overdue"):
            continue
        hazard = services.hazard_submit(actor=rectifier, hazard=hazard, note="已完成整改，附整改后照片",
                                        photos=[_demo_photo("after.jpg", (90, 160, 110))])
        if state == "submitted":
            continue
        if state == "rejected":
            services.hazard_reject(actor=office, hazard=hazard, reason="整改不彻底，请补充完善后重新提交")
            continue
        services.hazard_accept(actor=office, hazard=hazard, comment="现场核查合格，同意销号")
    # The hourly job: the overdue major hazard is listed (挂牌督办) in the ledger and as a supervision record.
    supervision.supervision_sweep()
