"""The checklists of the notice, as data: the semi-annual dragnet sweep, the surroundings special
rectification, the 护校安园 campaign and the school's daily self-check. Items with a direct-judgement
case (教育部办公厅《教育系统重大事故隐患判定指南》, 教发厅函〔2024〕20号) make a failed answer a major hazard."""
from django.db import migrations

MAJOR_KINDERGARTEN_FLOOR = "幼儿园、小学一二年级活动用房设在四层及以上或地下、半地下"
MAJOR_EBIKE = "电动自行车在建筑内、楼道、安全出口处停放或充电"
MAJOR_DORM_ALARM = "学生宿舍未设置火灾自动报警系统或独立式火灾探测报警器"
MAJOR_BARS = "门窗设置影响逃生和灭火救援的铁栅栏、防盗网"
MAJOR_EXITS = "安全出口、疏散通道数量不足，或被锁闭、堵塞、占用"
MAJOR_BUILDING = "经鉴定为 C 级、D 级危房的校舍仍在使用"
MAJOR_FOOD = "食堂无食品经营许可证，或使用无合法来源、腐败变质的食品原料"
MAJOR_CHEMICALS = "危险化学品未专库（柜）储存、未双人双锁管理"
MAJOR_BUS = "使用未取得校车标牌的车辆或不具备资质的驾驶人接送学生"
MAJOR_EQUIPMENT = "电梯、锅炉、压力容器等特种设备未经检验或超期未检仍在使用"
MAJOR_GAS = "燃气管道、阀门泄漏，或燃气场所未设置可燃气体报警装置"

CHECKLISTS = [
    ("campus-dragnet-sweep", "dragnet", "校园安全隐患拉网式排查检查表",
     "街道联席会议每半年组织一次，覆盖辖区全部中小学、幼儿园和教育培训机构，不留死角。", [
         ("fire", "安全出口和疏散通道", "数量满足要求，保持畅通，未锁闭、堵塞、占用", MAJOR_EXITS),
         ("fire", "幼儿和低年级学生活动用房楼层", "幼儿园、小学一二年级用房设置楼层符合规定", MAJOR_KINDERGARTEN_FLOOR),
         ("fire", "电动自行车停放充电", "集中停放充电场所设置在室外并有防火分隔", MAJOR_EBIKE),
         ("fire", "学生宿舍火灾报警", "宿舍按规定设置火灾自动报警或独立式火灾探测报警器", MAJOR_DORM_ALARM),
         ("fire", "门窗防护设施", "门窗无影响逃生的铁栅栏、防盗网，或设有从内部易于开启的装置", MAJOR_BARS),
         ("fire", "消防器材和应急照明", "灭火器、消火栓完好有效，应急照明、疏散指示标志正常", ""),
         ("facilities", "校舍安全", "校舍无裂缝、倾斜、渗漏等危险迹象，危房已停用", MAJOR_BUILDING),
         ("facilities", "栏杆、楼梯、围墙", "栏杆高度和间距符合规范，无松动；围墙无倒塌危险", ""),
         ("facilities", "特种设备", "电梯、锅炉等特种设备定期检验并在有效期内", MAJOR_EQUIPMENT),
         ("facilities", "水、电、燃气", "线路无私拉乱接；燃气管道阀门完好，设有可燃气体报警装置", MAJOR_GAS),
         ("food", "食堂证照与原料", "食品经营许可证有效；原料来源可追溯、无腐败变质", MAJOR_FOOD),
         ("food", "食堂从业人员和留样", "从业人员持健康证、每日晨检；每餐留样不少于 125 克、保存 48 小时", ""),
         ("chemicals", "实验室危险化学品", "专库（柜）储存，双人双锁，台账清楚", MAJOR_CHEMICALS),
         ("school_bus", "校车和接送车辆", "校车取得标牌，驾驶人具备资质，不超员", MAJOR_BUS),
         ("traffic", "校门口交通安全", "校门口设有交通标志标线、减速带，上下学高峰有人疏导", ""),
         ("public_order", "门卫和护学岗", "门卫 24 小时值守，外来人员登记；上下学时段护学岗到位", ""),
         ("public_order", "视频监控和一键报警", "校园视频监控全覆盖并正常运行，一键报警与公安联网", ""),
         ("bullying", "防欺凌和心理健康", "有防欺凌工作制度和心理辅导室，开展排查和教育", ""),
         ("drowning", "防溺水", "开展防溺水教育，周边危险水域有警示标志", ""),
         ("natural_disaster", "地质灾害和应急疏散", "周边无滑坡等地质灾害隐患；每月开展应急疏散演练", ""),
         ("health", "卫生防疫和饮用水", "传染病晨午检和因病缺课登记落实；饮用水检测合格", ""),
     ]),
    ("campus-surroundings", "surroundings", "校园周边环境专项整治检查表",
     "综治办每半年牵头开展一次，重点整治学生安全区域（校门 200 米范围）内的突出问题。", [
         ("surroundings", "学生安全区域内互联网上网服务营业场所", "校门 200 米内无网吧", ""),
         ("surroundings", "学生安全区域内娱乐、游戏场所", "校门 200 米内无歌舞娱乐、游艺游戏场所", ""),
         ("surroundings", "有污染或危险的企业", "学校周边无排放污染物、储存危险物品的企业", ""),
         ("surroundings", "占道经营和流动摊贩", "校门口无占道经营、流动摊贩和“三无”食品", ""),
         ("surroundings", "小旅馆、书报亭、音像店", "经营规范，无违规接待未成年人、出售违禁出版物", ""),
         ("surroundings", "烟、酒、彩票销售点", "距校门的距离符合本地规定，不向未成年人销售", ""),
         ("traffic", "校园周边道路交通设施", "交通标志标线、减速带、人行横道、警示标志完好", ""),
         ("traffic", "上下学高峰交通秩序", "交巡警高峰勤务到位，接送车辆停放有序", ""),
         ("surroundings", "违法建筑和噪声", "周边无违法建筑、夜间施工噪声扰民", ""),
         ("public_order", "周边治安巡逻和监控", "周边治安巡逻常态化，视频监控与区公安指挥中心联网", ""),
     ]),
    ("campus-guard", "campus_guard", "“护校安园”专项行动检查表",
     "派出所、交巡警大队组织开展，检查人防、物防、技防和校园周边治安。", [
         ("public_order", "专职保安配备", "按 GB/T 29315-2022 配备：走读生不足 100 人至少 1 名，1000 人以上至少 3 名，"
          "每增 500 人增 1 名", ""),
         ("public_order", "门卫 24 小时值守", "门卫室有人值守，来访登记，外来车辆管控", ""),
         ("public_order", "校园巡逻", "每天巡逻不少于 5 次，有巡逻记录", ""),
         ("public_order", "护学岗和高峰勤务", "上下学时段警力、保安、教师护学岗到位", ""),
         ("public_order", "防冲撞设施", "校门口设置防冲撞隔离设施", ""),
         ("public_order", "安保器械", "配备防暴头盔、防刺背心、钢叉、警棍等", ""),
         ("public_order", "一键报警和视频监控", "一键报警联网公安，视频监控覆盖校门和重点部位并保存 30 天", ""),
         ("public_order", "反恐防暴演练", "每学期开展反恐防暴演练和培训", ""),
     ]),
    ("school-daily-self-check", "self_check", "学校每日安全自查",
     "安全员每个上学日用手机逐项检查，约三分钟。不合格项写明问题并拍照，系统自动登记为隐患。", [
         ("public_order", "校门值守和来访登记", "门卫在岗，外来人员登记，上下学护学岗到位", ""),
         ("public_order", "校园巡查", "上午、下午各巡查一次，重点部位无异常", ""),
         ("fire", "安全出口和疏散通道", "出口未锁闭，通道无堆物", MAJOR_EXITS),
         ("fire", "消防器材和应急照明", "灭火器在位有效，应急灯和疏散指示正常", ""),
         ("food", "食堂", "从业人员晨检、每餐留样、操作间卫生", ""),
         ("facilities", "宿舍", "无违规用电，门锁和值班正常（非寄宿制学校选“不适用”）", ""),
         ("facilities", "教学设施设备", "门窗、栏杆、电器完好，无松动破损", ""),
         ("traffic", "接送秩序", "放学接送有序，校车按时安全运行", ""),
     ]),
]


def seed(apps, schema_editor):
    Template = apps.get_model("inspections", "ChecklistTemplate")
    Item = apps.get_model("inspections", "ChecklistItem")
    for code, kind, name, description, items in CHECKLISTS:
        template, created = Template.objects.get_or_create(
            code=code, version=1, defaults={"kind": kind, "name": name, "description": description})
        if not created:
            continue
        Item.objects.bulk_create([
            Item(template=template, order=order, category=category, text=text, guidance=guidance,
                 direct_judgement=major)
            for order, (category, text, guidance, major) in enumerate(items, start=1)])


def unseed(apps, schema_editor):
    apps.get_model("inspections", "ChecklistTemplate").objects.filter(
        code__in=[code for code, *_rest in CHECKLISTS], version=1, inspections__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
