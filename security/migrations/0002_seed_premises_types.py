"""The kinds of premises the notice names around schools, with their radius (data: provinces differ)."""
from django.db import migrations

CAFE = "《互联网上网服务营业场所管理条例》第九条：中学、小学校园周围 200 米范围内不得设立"
NOTICE = "涪崇办发〔2018〕55号：学生安全区域内不得设立"
TOBACCO = "本地规定：中小学校周边 50 米范围内不得设置烟草、酒类、彩票销售点（设计选择，可调整）"

TYPES = [
    ("internet-cafe", "互联网上网服务营业场所（网吧）", True, 200, False, CAFE),
    ("entertainment", "歌舞娱乐场所", True, 200, False, NOTICE),
    ("game-venue", "游艺游戏专营场所", True, 200, False, NOTICE),
    ("polluting", "排放污染物的企业", True, 200, False, NOTICE),
    ("hazardous", "易燃易爆、有毒有害物品生产储存场所", True, 200, False, NOTICE),
    ("tobacco", "烟草销售点", True, 50, False, TOBACCO),
    ("lottery", "彩票销售点", True, 50, False, TOBACCO),
    ("liquor", "酒类销售点", True, 50, False, TOBACCO),
    ("small-hotel", "小旅馆", False, 200, True, "学生安全区域内重点监管"),
    ("newsstand", "书报亭", False, 200, True, "学生安全区域内重点监管"),
    ("audio-video", "音像制品店", False, 200, True, "学生安全区域内重点监管"),
    ("other", "其他场所", False, 200, False, ""),
]


def seed(apps, schema_editor):
    PremisesType = apps.get_model("security", "PremisesType")
    for code, name, prohibited, radius, supervised, basis in TYPES:
        PremisesType.objects.get_or_create(code=code, defaults={
            "name": name, "prohibited": prohibited, "radius_m": radius, "supervised": supervised,
            "legal_basis": basis})


def unseed(apps, schema_editor):
    apps.get_model("security", "PremisesType").objects.filter(
        code__in=[code for code, *_rest in TYPES], premises__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
