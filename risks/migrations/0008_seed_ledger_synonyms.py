"""How offices write their ledgers (隐患台账) in Excel or WPS: column names, categories, grades and statuses
seen in sub-district, school and department ledgers. The export's own headers and labels are known to the
import from the code in every language of the site, so they are not repeated here. Editable in the admin."""
from django.db import migrations

SYNONYMS = {
    "column": {
        "number": ["序号", "隐患编号"],
        "school": ["学校名称", "单位名称", "学校（幼儿园）", "学校/幼儿园", "所属学校", "排查单位", "被检查单位"],
        "found_at": ["排查时间", "检查时间", "发现日期", "排查日期", "检查日期", "发现时间（日期）", "登记时间"],
        "location": ["具体位置", "隐患位置", "部位", "存在部位", "隐患地点"],
        "description": ["隐患内容", "存在问题", "存在的问题", "隐患情况", "问题描述", "主要问题", "隐患具体情况",
                        "隐患问题"],
        "category": ["隐患类别", "隐患类型", "类型", "问题类别", "分类"],
        "grade": ["隐患级别", "等级", "级别", "隐患分级"],
        "reporter": ["排查人", "检查人", "发现人", "登记人"],
        "unit": ["整改责任单位", "责任部门", "整改单位", "整改部门", "责任主体", "整改责任部门"],
        "person": ["整改责任人", "责任人员", "负责人（整改）"],
        "measures": ["整改措施及要求", "整改方案", "整改要求", "整改措施（方案）"],
        "funds": ["整改资金", "资金(元)", "资金（元）", "整改资金(元)", "整改经费", "整改金额", "资金（万元）",
                  "投入资金"],
        "funds_source": ["经费来源", "资金渠道"],
        "deadline": ["完成时限", "整改期限", "整改完成时限", "限期整改时间", "计划完成时间"],
        "contingency_plan": ["应急措施", "防控措施", "整改期间防范措施", "临时防范措施", "预案"],
        "status": ["整改情况", "是否销号", "整改状态", "完成情况", "整改进度", "是否整改"],
        "outcome": ["整改结果说明", "整改完成情况说明", "整改成效"],
        "submitted_at": ["整改完成时间", "完成时间", "实际完成时间"],
        "accepted_by": ["验收人员", "复查人", "销号人", "核查人"],
        "accepted_at": ["验收日期", "销号时间", "销号日期", "复查时间", "核查时间"],
    },
    "category": {
        "fire": ["消防安全", "防火", "火灾"],
        "traffic": ["交通安全", "道路交通"],
        "food": ["食品安全", "食堂", "饮食安全"],
        "public_order": ["治安安全", "治安保卫", "安保", "校园安保", "人防物防技防"],
        "bullying": ["欺凌", "学生欺凌"],
        "natural_disaster": ["自然灾害防范", "防汛", "地质灾害", "气象灾害"],
        "facilities": ["设施设备安全", "校舍安全", "设施安全", "校舍", "设备设施", "用电安全", "电气安全", "特种设备"],
        "health": ["卫生", "疾病防控", "传染病防控", "公共卫生"],
        "drowning": ["防溺水", "溺水防范"],
        "chemicals": ["危险化学品", "危化品管理", "实验室安全"],
        "surroundings": ["校园周边", "周边", "周边治安"],
        "psychological": ["心理", "心理健康教育"],
        "school_bus": ["校车安全", "接送车辆"],
        "other": ["其它", "其他安全"],
    },
    "grade": {
        "general": ["一般", "一般隐患", "较小", "一般事故隐患", "Ⅳ级", "IV级"],
        "major": ["重大", "重大隐患", "较大", "较大隐患", "重大事故隐患"],
    },
    "status": {
        "closed": ["已销号", "已整改", "已验收", "完成", "已完成", "整改完成", "已整改完毕", "销号", "是", "已闭环",
                   "验收合格"],
        "submitted": ["待验收", "已提交验收", "整改完成待验收"],
        "rectifying": ["整改中", "正在整改", "未完成", "部分整改"],
        "assigned": ["未整改", "待整改", "否", "未销号", "已交办"],
    },
}


def seed(apps, schema_editor):
    LedgerSynonym = apps.get_model("risks", "LedgerSynonym")
    for kind, targets in SYNONYMS.items():
        for target, texts in targets.items():
            for text in texts:
                LedgerSynonym.objects.get_or_create(kind=kind, text=text, defaults={"target": target})


def unseed(apps, schema_editor):
    LedgerSynonym = apps.get_model("risks", "LedgerSynonym")
    for kind, targets in SYNONYMS.items():
        for target, texts in targets.items():
            LedgerSynonym.objects.filter(kind=kind, target=target, text__in=texts).delete()


class Migration(migrations.Migration):
    dependencies = [("risks", "0007_ledger_history")]
    operations = [migrations.RunPython(seed, unseed)]
