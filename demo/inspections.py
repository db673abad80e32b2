"""Demo sweeps and self-checks for Chongyi: a dragnet sweep of last half-year, finished and closed; one of
this half-year still running with a few schools done; a running surroundings campaign; and about a month
of daily self-checks by every school's safety officer, with a few missed days and failed items.

Everything goes through inspections.services, as the people of demo.organisation would do it, each step
at the time it happened (`now=`): the story is played day by day inside the duty calendar's replay
(demo.duties `each_day`), so that opening a sweep or submitting a self-check fulfils that day's duty task
before the next day's reminders are worked out. Runs once: when Chongyi already has a campaign, the story
is empty.
"""
from datetime import datetime, time, timedelta

from django.utils import timezone

from duties import selectors as duty_selectors
from inspections import services
from inspections.models import AnswerResult, Campaign, ChecklistKind, InspectionStatus
from organizations.models import Department, DepartmentKind, LiaisonKind, School, SchoolLiaison, SubDistrict, User

from . import duties as duties_demo
from .organisation import SCHOOLS, officer_username
from .risks import _demo_photo

SUB_DISTRICT = "崇义街道"

# school → failed items (item order in the checklist, what was found); order 4 of the dragnet checklist is a
# direct-judgement case (no fire alarm in a dormitory), so its hazard is major.
PAST_SWEEP_FAILURES = {
    "涪陵第二中学": [(4, "新建 5 号宿舍楼 3 至 5 层寝室未安装独立式火灾探测报警器")],
    "崇义小学": [(6, "教学楼二楼东侧两具灭火器压力不足，应急照明灯不亮")],
    "蓝天幼儿园": [(8, "户外活动区护栏竖杆间距约 15 厘米，大于规范要求")],
    "望州初级中学": [(15, "校门口减速带损坏，上下学高峰无人疏导")],
}
RUNNING_SWEEP_DONE = ["崇义小学", "中山路小学", "涪陵第十五中学", "崇义街道中心幼儿园", "启航教育培训学校"]
RUNNING_SWEEP_FAILURES = {"中山路小学": [(17, "校园东北角两处监控摄像头画面模糊，未与派出所联网")]}
SURROUNDINGS_DONE = ["涪陵区实验小学", "崇义中学"]
SURROUNDINGS_FAILURES = {"涪陵区实验小学": [(4, "放学时段校门口有流动摊贩售卖“三无”食品")]}
# Self-check items that fail now and then (order → what the officer wrote).
SELF_CHECK_FAILURES = {2: "西侧围墙外有人攀爬痕迹，已报告保卫处", 4: "一楼走廊灭火器过期一具",
                       7: "三年级教室一扇窗户合页松动", 8: "放学时段家长车辆占用校门口通道"}


def _at(day, hour, minute=0):
    return min(timezone.make_aware(datetime.combine(day, time(hour, minute))), timezone.now())


def _half_year(day):
    first_month = 1 if day.month <= 6 else 7
    start = day.replace(month=first_month, day=1)
    return start, (start.replace(month=first_month + 5, day=30 if first_month == 1 else 31))


def _half_label(start):
    return f"{start.year}年{'上' if start.month == 1 else '下'}半年"


class Story:
    """The dated steps of the demo's inspections; play_through(day) plays every step up to that day once."""

    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self.sub_district = SubDistrict.objects.filter(name=SUB_DISTRICT).first()
        self.active = self.sub_district is not None and not Campaign.objects.filter(
            sub_district=self.sub_district).exists()
        self.steps, self.played = None, 0

    # -- playing

    def play_through(self, day):
        if not self.active:
            return 0
        if self.steps is None:
            self.steps = sorted(self._plan(), key=lambda step: step[0])  # after the duty seed's holidays
        before = self.played
        while self.played < len(self.steps) and timezone.localdate(self.steps[self.played][0]) <= day:
            at, action = self.steps[self.played]
            action(at)
            self.played += 1
        return self.played - before

    # -- the plan

    def _plan(self):
        self.users = {u.username: u for u in User.objects.filter(username__in=[
            "office", "edu", "police", *[officer_username(i) for i in range(len(SCHOOLS))]])}
        self.departments = {d.kind: d for d in Department.objects.filter(sub_district=self.sub_district)}
        by_name = {s.name: s for s in School.objects.filter(sub_district=self.sub_district, is_active=True)}
        self.schools = [by_name[row[0]] for row in SCHOOLS if row[0] in by_name]
        police_ids = set(SchoolLiaison.objects.filter(department=self.departments[DepartmentKind.POLICE],
                                                      kind=LiaisonKind.POLICE).values_list("school_id", flat=True))
        self.police_schools = [s for s in self.schools if s.pk in police_ids]
        self.school_days = duty_selectors.school_days(self.today - timedelta(days=400), self.today)
        steps = []
        this_start, _this_end = _half_year(self.today)
        last_start, _last_end = _half_year(this_start - timedelta(days=1))
        # Last half-year's sweep: opened mid-half, every school inspected within two weeks, closed a month on.
        opened = self._school_day_from(last_start + timedelta(days=100))
        steps += self._sweep(
            kind=ChecklistKind.DRAGNET, title=f"{_half_label(last_start)}校园安全隐患拉网式排查", opened=opened,
            ends_on=opened + timedelta(days=30), done=[s.name for s in self.schools], failures=PAST_SWEEP_FAILURES,
            photos=True, close=True,
            participants={self.departments[DepartmentKind.POLICE]: self.police_schools,
                          self.departments[DepartmentKind.EDUCATION_CENTER]: self.schools})
        # This half-year's sweep: opened two weeks ago, a few schools done.
        opened = self._school_day_from(max(this_start, self.today - timedelta(days=14)))
        steps += self._sweep(
            kind=ChecklistKind.DRAGNET, title=f"{_half_label(this_start)}校园安全隐患拉网式排查", opened=opened,
            ends_on=opened + timedelta(days=45), done=RUNNING_SWEEP_DONE, failures=RUNNING_SWEEP_FAILURES,
            participants={self.departments[DepartmentKind.POLICE]: self.police_schools,
                          self.departments[DepartmentKind.EDUCATION_CENTER]: self.schools})
        # The governance office's surroundings campaign, the police covering the schools they guard.
        opened = self._school_day_from(max(this_start, self.today - timedelta(days=20)))
        steps += self._sweep(
            kind=ChecklistKind.SURROUNDINGS, title=f"{_half_label(this_start)}校园周边环境专项整治", opened=opened,
            ends_on=opened + timedelta(days=60), done=SURROUNDINGS_DONE, failures=SURROUNDINGS_FAILURES,
            participants={self.departments[DepartmentKind.POLICE]: self.police_schools,
                          self.departments[DepartmentKind.GOVERNANCE]: self.schools})
        steps += self._self_checks()
        return steps

    def _school_day_from(self, day):
        later = [d for d in self.school_days if d >= day]
        return min(later[0] if later else day, self.today)

    def _sweep(self, *, kind, title, opened, ends_on, done, failures, participants, photos=False, close=False):
        office = self.users["office"]
        state = {}

        def open_campaign(at):
            state["campaign"] = services.campaign_open(
                actor=office, sub_district=self.sub_district, kind=kind, template=services.current_template(kind),
                title=title, starts_on=opened, ends_on=ends_on, participants=participants, now=at)

        steps = [(_at(opened, 9), open_campaign)]
        days = [d for d in self.school_days if opened < d < self.today] or [opened]
        for n, name in enumerate(done):
            day = days[min(n // 3, len(days) - 1)]  # about three schools a day
            steps.append((_at(day, 9 + n % 3 * 2, 30), self._inspect(state, name, n, failures, photos)))
        if close:
            steps.append((_at(ends_on, 17), lambda at: services.campaign_close(
                actor=office, campaign=state["campaign"], now=at)))
        return steps

    def _inspect(self, state, school_name, n, failures, photos):
        def inspect(at):
            inspection = state["campaign"].inspections.select_related("department", "school").get(
                school__name=school_name)
            department = inspection.department
            # The covering department's inspector, now and then the office itself.
            username = {DepartmentKind.POLICE: "police", DepartmentKind.EDUCATION_CENTER: "edu"}.get(
                department.kind if department else None, "office")
            if n % 6 == 5:
                username = "office"
            inspector = self.users[username]
            services.inspection_assign(actor=self.users["office"], inspection=inspection, inspector=inspector,
                                       now=at - timedelta(hours=1))
            failed = dict(failures.get(school_name, []))
            answers = _sheet(inspection, failed)
            chosen = ({item.pk: [_demo_photo(f"item-{item.order}.jpg", (150, 110, 90))]
                       for item in inspection.template.items.all() if item.order in failed} if photos else None)
            services.inspection_submit(actor=inspector, inspection=inspection, answers=answers, photos=chosen,
                                       inspected_on=timezone.localdate(at), now=at)
        return inspect

    def _self_checks(self):
        # Every day of the duty history, so each past self-check task is either fulfilled or missed.
        first = self.today - timedelta(days=duties_demo.history_days(self.today))
        days = [d for d in self.school_days if first <= d < self.today]
        steps = []
        for day in days:
            for index, school in enumerate(self.schools):
                key = index * 7 + day.toordinal()
                missed = key % 19 == 0 or (index == len(self.schools) - 1 and day.weekday() == 4)
                officer = self.users.get(officer_username(index))
                if missed or officer is None:
                    continue
                failing = [2, 4, 7, 8][key % 4] if (index * 3 + day.toordinal()) % 97 == 0 else None
                steps.append((_at(day, 8, 5 + index * 2), self._self_check(officer, school, day, failing)))
        return steps

    def _self_check(self, officer, school, day, failing):
        def check(at):
            inspection = services.self_check_start(actor=officer, school=school, day=day, now=at)
            if inspection.status == InspectionStatus.SUBMITTED:
                return
            failed = {failing: SELF_CHECK_FAILURES[failing]} if failing else {}
            answers = _sheet(inspection, failed, not_applicable={
                5: not school.has_canteen, 6: not school.is_boarding})
            services.inspection_submit(actor=officer, inspection=inspection, answers=answers, inspected_on=day,
                                       now=at + timedelta(minutes=3))
        return check


def _sheet(inspection, failed, not_applicable=None):
    answers = {}
    for item in inspection.template.items.all():
        if item.order in failed:
            answers[item.pk] = {"result": AnswerResult.FAIL, "note": failed[item.order]}
        elif (not_applicable or {}).get(item.order):
            answers[item.pk] = {"result": AnswerResult.NOT_APPLICABLE, "note": ""}
        else:
            answers[item.pk] = {"result": AnswerResult.PASS, "note": ""}
    return answers


def seed_inspections(today=None):
    """The whole story up to yesterday, for a database whose duty history was replayed without it."""
    today = today or timezone.localdate()
    return Story(today).play_through(today - timedelta(days=1))
