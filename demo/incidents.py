"""Demo incidents and supervision for Chongyi: an incident in every stage of its life, the aftermath items
that keep incidents open, and the supervision the rules raise.

Everything goes through incidents.services as the demo people would do it, each step at the time it
happened (`now=`): 涪陵区实验小学 has just reported an injury; 望涪小学 is responding to a suspected food
poisoning; 崇义中学's laboratory fire is under investigation; 涪陵第十五中学's dormitory fall waits for its
liability insurance claim; 崇义小学 had three incidents within twelve months (one in mediation eight days
before its 60-day limit), so the supervision sweep flags it for an interview; 涪陵区实验中学 was not at
fault for a disturbance at its gate and said so in a clarification statement; 桥南小学's food poisoning
was closed and reopened. The overdue major hazard of demo.risks is listed (挂牌督办) by the same sweep.

Runs once: when Chongyi already has incidents, only the (idempotent) supervision sweep runs again.
"""
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from incidents import services, supervision
from incidents.models import Incident
from organizations.models import School, User

from .organisation import SCHOOLS, officer_username
from .risks import _demo_photo

SUB_DISTRICT = "崇义街道"
FREQUENT_SCHOOL = "崇义小学"  # three incidents in twelve months: flagged for an interview
NOT_AT_FAULT_SCHOOL = "涪陵区实验中学"
MEDIATION_DAYS_AGO = 52  # requested 52 days ago: eight days left of the 60-day limit


class _Clock:
    def __init__(self, today):
        self.today = today
        self.now = timezone.now()

    def at(self, days_ago, hour, minute=0):
        """A moment `days_ago` days before today, never later than now."""
        moment = timezone.make_aware(datetime.combine(self.today - timedelta(days=days_ago), time(hour, minute)))
        return min(moment, self.now)

    def ago(self, minutes):
        return self.now - timedelta(minutes=minutes)


@transaction.atomic
def seed_incidents(today=None):
    today = today or timezone.localdate()
    if not Incident.objects.filter(school__sub_district__name=SUB_DISTRICT).exists():
        _Story(today).play()
    return supervision.supervision_sweep()


class _Story:
    def __init__(self, today):
        self.clock = _Clock(today)
        self.schools = {s.name: s for s in School.objects.filter(sub_district__name=SUB_DISTRICT)}
        officers = {officer_username(i): name for i, (name, *_rest) in enumerate(SCHOOLS)}
        users = {u.username: u for u in User.objects.filter(
            username__in=["office", "police", *officers])}
        self.office, self.police = users["office"], users["police"]
        self.officer = {officers[username]: user for username, user in users.items() if username in officers}

    def play(self):
        self.just_reported()
        self.responding()
        self.investigating()
        self.claim_open()
        self.frequent()
        self.not_at_fault()
        self.reopened()

    # -- helpers

    def report(self, school, *, kind, severity, occurred, reported, place, account, injured=0, by=None,
               photos=()):
        return services.incident_report(
            actor=by or self.officer[school], school=self.schools[school], kind=kind, severity=severity,
            occurred_at=occurred, place=place, first_account=account, injured=injured, photos=photos, now=reported)

    def respond(self, incident, plan, at, *actions):
        officer = self.officer[incident.school.name]
        incident = services.incident_respond(actor=officer, incident=incident, plan=plan, now=at)
        for minutes, action, note in actions:  # typed in as they happen, or with the plan if done before it
            happened = incident.occurred_at + timedelta(minutes=minutes)
            incident = services.incident_act(actor=officer, incident=incident, action=action, note=note,
                                             happened_at=happened, now=max(at, happened))
        return incident

    def written(self, incident, text, at):
        return services.incident_written_report(actor=self.officer[incident.school.name], incident=incident,
                                                text=text, now=at)

    def investigate_and_conclude(self, incident, *, started, concluded, cause, responsibility):
        incident = services.incident_investigate(actor=self.office, incident=incident, now=started,
                                                 note="街道安监办、教管中心联合调查")
        return services.incident_conclude(actor=self.office, incident=incident, cause=cause,
                                          responsibility=responsibility, now=concluded)

    # -- the incidents

    def just_reported(self):
        c = self.clock
        self.report("涪陵区实验小学", kind="injury", severity="general", occurred=c.ago(40), reported=c.ago(25),
                    place="操场东侧单杠区", injured=1, photos=[_demo_photo("scene.jpg", (160, 150, 120))],
                    account="体育课上一名四年级学生从单杠摔落，左臂疼痛，校医已固定，正通知家长。")

    def responding(self):
        c = self.clock
        incident = self.report(
            "望涪小学", kind="food_poisoning", severity="serious", occurred=c.ago(200), reported=c.ago(170),
            place="学校食堂", injured=6,
            account="午餐后六名学生出现呕吐、腹痛，已停止供餐并封存留样，学生送社区卫生服务中心。")
        incident = self.respond(incident, "学校食品安全事故应急预案", c.ago(165),
                                (20, "rescue", "六名学生由校医陪同送社区卫生服务中心观察治疗"),
                                (40, "guardians", "班主任电话通知六名学生家长"),
                                (45, "other", "封存当日留样和剩余饭菜，暂停食堂供餐"))

    def investigating(self):
        c = self.clock
        incident = self.report(
            "崇义中学", kind="fire", severity="general", occurred=c.at(6, 14, 10), reported=c.at(6, 15, 25),
            place="实验楼二楼化学实验室",
            account="化学实验室通风橱电源线短路起火，教师用灭火器扑灭，学生已疏散，无人员受伤。")
        incident = self.respond(incident, "学校火灾事故应急预案", c.at(6, 15, 30),
                                (2, "evacuation", "实验楼学生按疏散路线撤离至操场"),
                                (8, "rescue", "教师使用干粉灭火器将火扑灭"))
        self.written(incident, "实验室电气火灾书面报告：起火经过、处置和损失情况。", c.at(5, 10))
        incident = services.incident_investigate(actor=self.office, incident=incident, now=c.at(5, 14),
                                                 note="安监办现场勘查电气线路")
        services.incident_raise_hazard(actor=self.office, incident=incident, category="fire",
                                       location="实验楼二楼化学实验室通风橱",
                                       description="通风橱电源线老化，插座负荷过大", now=c.at(5, 15))

    def claim_open(self):
        c = self.clock
        incident = self.report(
            "涪陵第十五中学", kind="injury", severity="serious", occurred=c.at(30, 21, 40), reported=c.at(30, 22, 5),
            place="学生宿舍 3 号楼楼梯", injured=1,
            account="晚自习后一名寄宿生在宿舍楼梯滑倒，右腿骨折，宿管员已送医。")
        incident = self.respond(incident, "学生伤害事故应急预案", c.at(30, 22, 10),
                                (10, "rescue", "宿管员和值班教师拨打 120 送区人民医院"),
                                (20, "guardians", "值班教师通知学生家长到医院"))
        self.written(incident, "宿舍楼梯学生摔伤书面报告。", c.at(29, 11))
        incident = self.investigate_and_conclude(
            incident, started=c.at(28, 9), concluded=c.at(27, 16), responsibility="school",
            cause="宿舍楼梯防滑条脱落未及时更换，夜间照明不足。")
        services.incident_raise_hazard(actor=self.office, incident=incident, category="facilities",
                                       location="学生宿舍 3 号楼楼梯", description="防滑条脱落，楼梯间照明不足",
                                       now=c.at(27, 16, 30))
        officer = self.officer["涪陵第十五中学"]
        claim = services.claim_file(actor=officer, incident=incident, insurer="中国人寿财产保险涪陵支公司",
                                    policy_number="XFZR-2026-0415", amount="38000", now=c.at(25, 10))
        services.claim_update(actor=officer, claim=claim, status="reviewing", claim_number="BA2026110902",
                              now=c.at(20, 15))

    def frequent(self):
        c, school = self.clock, FREQUENT_SCHOOL
        # 1. A traffic accident at the gate, long closed; its lesson is a hazard in the ledger.
        incident = self.report(school, kind="traffic", severity="general", occurred=c.at(250, 16, 40),
                               reported=c.at(250, 17, 0), place="学校正门兴华中路路段", injured=1,
                               account="放学时一名学生被电动车撞倒，膝盖擦伤，已送医检查。")
        incident = self.respond(incident, "道路交通事故应急预案", c.at(250, 17, 5),
                                (5, "police", "护学岗民警到场，控制肇事电动车驾驶人"),
                                (15, "guardians", "班主任通知学生家长"))
        self.written(incident, "校门口交通事故书面报告。", c.at(249, 10))
        incident = self.investigate_and_conclude(incident, started=c.at(248, 9), concluded=c.at(240, 15),
                                                 responsibility="third_party",
                                                 cause="电动车驾驶人在校门口逆行超速，负全部责任。")
        services.incident_raise_hazard(actor=self.office, incident=incident, category="traffic",
                                       location="学校正门兴华中路路段", description="校门口缺少减速带和隔离护栏",
                                       now=c.at(240, 16))
        services.incident_close(actor=self.office, incident=incident, note="交警已作出责任认定，善后完毕",
                                now=c.at(235, 10))
        # 2. Bullying, in mediation with eight days left of the limit.
        incident = self.report(school, kind="violence", severity="general", occurred=c.at(110, 12, 20),
                               reported=c.at(110, 12, 50), place="教学楼三楼男厕所", injured=1,
                               account="午休时两名六年级学生推搡殴打一名五年级学生，致其面部受伤。")
        incident = self.respond(incident, "校园欺凌事件处置预案", c.at(110, 13, 0),
                                (35, "rescue", "校医处置伤口"), (40, "guardians", "通知三名学生家长到校"))
        services.incident_act(actor=self.police, incident=incident, action="police",
                              note="派出所民警到校了解情况，开展法治教育", now=c.at(109, 10))
        self.written(incident, "校园欺凌事件书面报告。", c.at(109, 11))
        self.investigate_and_conclude(incident, started=c.at(108, 9), concluded=c.at(100, 15),
                                      responsibility="shared", cause="学生间矛盾未及时发现，午休巡查缺位。")
        services.mediation_open(actor=self.office, incident=incident, kind="people", mediator="崇义街道人民调解委员会",
                                requested_on=self.clock.today - timedelta(days=MEDIATION_DAYS_AGO),
                                now=c.at(MEDIATION_DAYS_AGO, 10))
        # 3. An injury in a PE lesson, closed quickly.
        incident = self.report(school, kind="injury", severity="general", occurred=c.at(15, 10, 5),
                               reported=c.at(15, 10, 30), place="操场跑道", injured=1,
                               account="体育课跑步时一名学生摔倒扭伤脚踝，校医已冰敷处理。")
        incident = self.respond(incident, "学生伤害事故应急预案", c.at(15, 10, 35),
                                (5, "rescue", "校医冰敷固定"), (20, "guardians", "通知家长接回就医"))
        self.written(incident, "体育课学生扭伤书面报告。", c.at(14, 16))
        incident = self.investigate_and_conclude(incident, started=c.at(13, 9), concluded=c.at(12, 15),
                                                 responsibility="school", cause="课前热身不充分。")
        services.incident_close(actor=self.office, incident=incident, note="学生已康复返校", now=c.at(8, 10))

    def not_at_fault(self):
        c = self.clock
        incident = self.report(
            NOT_AT_FAULT_SCHOOL, kind="disturbance", severity="general", occurred=c.at(40, 8, 0),
            reported=c.at(40, 8, 20), place="学校正门",
            account="一名学生周末在家中突发疾病住院，十余名亲属聚集校门口拉横幅，要求学校赔偿。")
        incident = self.respond(incident, "校闹事件应急处置预案", c.at(40, 8, 25),
                                (10, "police", "派出所民警到场维持秩序"),
                                (30, "report", "向街道办和教管中心报告"))
        self.written(incident, "校门口聚集事件书面报告。", c.at(39, 15))
        incident = self.investigate_and_conclude(
            incident, started=c.at(38, 9), concluded=c.at(30, 16), responsibility="not_school",
            cause="学生系周末在家中发病，与学校管理无关；学校不承担责任。")
        services.statement_record(actor=self.office, incident=incident, kind="clarification", spokesperson="王敏",
                                  text="经调查，该生系周末在家中发病，学校已尽到管理职责，不承担责任。"
                                       "对在校门口聚集滋事的行为，公安机关已依法处置。", now=c.at(29, 10))
        services.incident_close(actor=self.office, incident=incident, note="澄清声明已发布", now=c.at(25, 10))

    def reopened(self):
        c = self.clock
        incident = self.report(
            "桥南小学", kind="food_poisoning", severity="general", occurred=c.at(70, 13, 0), reported=c.at(70, 13, 30),
            place="学校食堂", injured=3, account="午餐后三名学生腹泻，已送医，食堂留样已封存。")
        incident = self.respond(incident, "学校食品安全事故应急预案", c.at(70, 13, 35),
                                (20, "rescue", "送社区卫生服务中心"), (30, "guardians", "通知家长"))
        self.written(incident, "食堂学生腹泻事件书面报告。", c.at(69, 11))
        incident = self.investigate_and_conclude(incident, started=c.at(68, 9), concluded=c.at(64, 15),
                                                 responsibility="school", cause="凉拌菜加工时生熟未分开。")
        mediation = services.mediation_open(actor=self.office, incident=incident, kind="administrative",
                                            mediator="崇义街道教管中心", requested_on=c.today - timedelta(days=63),
                                            now=c.at(63, 10))
        services.mediation_update(actor=self.office, mediation=mediation, status="agreed",
                                  outcome="学校承担三名学生医疗费", compensation="4200",
                                  concluded_on=c.today - timedelta(days=58), now=c.at(58, 16))
        services.mediation_update(actor=self.office, mediation=mediation, status="agreed",
                                  outcome="学校承担三名学生医疗费", compensation="4200",
                                  concluded_on=c.today - timedelta(days=58),
                                  compensation_paid_on=c.today - timedelta(days=55), now=c.at(55, 10))
        incident = services.incident_close(actor=self.office, incident=incident, note="赔偿已支付", now=c.at(50, 10))
        services.incident_reopen(actor=self.office, incident=incident, now=c.at(10, 9),
                                 reason="一名学生家长反映孩子仍有肠胃不适，申请复查费用。")
