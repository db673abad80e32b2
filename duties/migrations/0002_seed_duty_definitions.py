"""The duties of the notice (domain.md, "The duty calendar and reminders"), as editable data.

Created only when missing (by code), so the office's later edits in the admin are never overwritten.
"""
from django.db import migrations

Y, S30, Q14, M7 = [30, 7], [30, 7], [14, 3], [7, 1]
ALL = []
# code, owner_kind, department_kind, title, description, frequency, scope, school_kinds, lead_days, evidence_hint
DUTIES = [
    ("office-dragnet-sweep", "office", "", "组织校园安全隐患拉网式排查",
     "每半年联合教管中心及各部门对辖区所有学校开展一次拉网式排查，建立隐患台账，实行闭环管理。",
     "semi_annual", "sub_district", ALL, S30, "排查方案、检查记录及隐患台账"),
    ("office-analysis-meeting", "office", "", "召开校园安全形势分析会并交办隐患",
     "定期（每季度）召开联席会议分析研判校园安全形势，将排查出的隐患交办相关部门。",
     "quarterly", "sub_district", ALL, Q14, "会议纪要及交办单"),
    ("edu-join-sweep", "department", "education_center", "参与校园安全隐患拉网式排查",
     "配合联席会议办公室开展每半年一次的拉网式排查。", "semi_annual", "sub_district", ALL, S30, "排查记录"),
    ("edu-report-status", "department", "education_center", "向联席会议办公室报告学校风险防控情况",
     "每学期汇总各校安全风险防控工作情况，书面报告联席会议办公室。", "termly", "sub_district", ALL, Q14,
     "书面报告"),
    ("edu-principal-training", "department", "education_center", "在校长、教师培训中开展安全教育",
     "将校园安全纳入校长、教师培训内容。", "annual", "sub_district", ALL, Y, "培训通知、课件及签到表"),
    ("gov-surroundings", "department", "governance", "校园周边环境专项整治",
     "每半年开展校园周边环境专项整治，建立台账，闭环管理。", "semi_annual", "sub_district", ALL, S30,
     "整治方案及整治台账"),
    ("gov-safe-campus-demo", "department", "governance", "指导创建“平安校园”示范学校",
     "每年指导至少一所学校创建“平安校园”示范学校。", "annual", "sub_district", ALL, Y, "创建方案及验收材料"),
    ("gov-assessment", "department", "governance", "校园及周边治安综合治理考核",
     "每年对校园及周边治安综合治理工作进行考核。", "annual", "sub_district", ALL, Y, "考核结果"),
    ("police-patrol", "department", "police", "安全区域巡逻及上下学高峰护学岗",
     "派出所会同交巡警勤务大队，在每个上学日开展校园安全区域巡逻，上学、放学高峰时段在校门口值守。",
     "school_days", "per_school", ALL, [], "巡逻记录"),
    ("police-anti-terror", "department", "police", "指导学校开展反恐防暴培训",
     "每年指导每所学校开展一次反恐防暴培训或演练。", "annual", "per_school", ALL, Y, "培训记录及照片"),
    ("health-monthly-supervision", "department", "health", "学校卫生工作监督检查",
     "每月对学校卫生工作开展监督检查。", "monthly", "per_school", ALL, M7, "监督检查记录"),
    ("health-termly-special", "department", "health", "学校卫生专项监督",
     "每学期对学校卫生开展一次专项监督。", "termly", "per_school", ALL, Q14, "专项监督记录"),
    ("health-drinking-water", "department", "health", "开学前查验饮用水检测情况",
     "每学期开学前查验学校饮用水水质检测报告。", "before_term", "per_school", ALL, M7, "水质检测报告"),
    ("health-tableware-sampling", "department", "health", "食堂餐具消毒抽检",
     "每年对有食堂的学校开展餐具消毒效果抽检。", "annual", "per_canteen_school", ALL, Y, "抽检报告"),
    ("health-staff-check", "department", "health", "食堂从业人员及幼儿园教职工健康体检",
     "每年组织食堂从业人员和幼儿园教职工健康体检。", "annual", "per_school", ALL, Y, "体检汇总表"),
    ("health-student-test", "department", "health", "学生体质健康监测",
     "每年开展学生体质健康监测。", "annual", "per_school", ALL, Y, "监测报告"),
    ("health-staff-training", "department", "health", "学校卫生保健人员培训",
     "每学期培训学校卫生保健人员。", "termly", "sub_district", ALL, Q14, "培训通知及签到表"),
    ("food-supervision", "department", "food_drug", "学校食堂监督指导",
     "每年四次（每季度）对学校食堂开展监督指导。", "quarterly", "per_canteen_school", ALL, Q14, "监督检查记录"),
    ("food-canteen-training", "department", "food_drug", "学校食堂从业人员培训",
     "每年培训学校食堂从业人员。", "annual", "sub_district", ALL, Y, "培训通知及签到表"),
    ("food-seasonal-monitoring", "department", "food_drug", "季节性食品安全风险监测",
     "每季度开展季节性食品安全风险监测。", "quarterly", "sub_district", ALL, Q14, "监测记录"),
    ("safety-fire-class", "department", "safety", "到包校学校上消防安全课",
     "安监办包校人员每学期到所包学校上一次消防安全课。", "termly", "per_contracted_school", ALL, Q14,
     "授课记录及照片"),
    ("safety-fire-drill", "department", "safety", "指导包校学校开展消防演练",
     "每学期指导所包学校开展一次消防疏散演练。", "termly", "per_contracted_school", ALL, Q14, "演练记录及照片"),
    ("community-safety-meeting", "community", "", "召开校园安全稳定工作会议",
     "社区每月召开一次校园安全稳定工作会议。", "monthly", "per_community", ALL, M7, "会议记录"),
    ("community-screening", "community", "", "排查风险隐患和矛盾纠纷",
     "社区每月排查辖区学校周边风险、隐患和矛盾纠纷。", "monthly", "per_community", ALL, M7, "排查记录"),
    ("school-daily-self-check", "school", "", "每日隐患排查整治",
     "学校每个上学日开展安全隐患自查，发现隐患及时整改或上报。", "school_days", "per_school", ALL, [],
     "自查记录"),
    ("school-drill-monthly", "school", "", "应急疏散演练",
     "中小学每月开展一次应急疏散演练（教基一厅〔2014〕2号）。", "monthly", "per_school", ["primary", "secondary"],
     M7, "演练方案、记录及照片"),
    ("school-drill-kindergarten", "school", "", "应急疏散演练（幼儿园）",
     "幼儿园每季度开展一次应急疏散演练（教基一厅〔2014〕2号）。", "quarterly", "per_school", ["kindergarten"],
     Q14, "演练方案、记录及照片"),
    ("school-liability-insurance", "school", "", "校方责任险在保",
     "每年确认校方责任险已投保并在有效期内。", "annual", "per_school", ALL, Y, "保单"),
]


def seed(apps, schema_editor):
    DutyDefinition = apps.get_model("duties", "DutyDefinition")
    for code, owner, dept, title, description, frequency, scope, kinds, lead, hint in DUTIES:
        daily = frequency == "school_days"
        DutyDefinition.objects.get_or_create(code=code, defaults={
            "owner_kind": owner, "department_kind": dept, "title": title, "description": description,
            "frequency": frequency, "scope": scope, "school_kinds": list(kinds), "lead_days": list(lead),
            # A daily duty is a checklist, not a deadline: no reminders, no escalation, a note suffices.
            "remind_on_due": not daily, "overdue_every_days": 0 if daily else 7,
            "escalate_after_days": 0 if daily else None, "evidence_required": not daily, "evidence_hint": hint,
        })


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
