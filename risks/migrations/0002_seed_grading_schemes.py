"""The grading schemes of domain.md as data: LEC (D = L × E × C) and the LS matrix (R = L × S).

Bands: LEC D > 320 red, 160 < D ≤ 320 orange, 70 < D ≤ 160 yellow, 20 < D ≤ 70 blue, D ≤ 20 acceptable;
LS 20–25 red, 9–16 orange, 4–8 yellow, 1–3 blue. Review intervals by level (design choice): red monthly,
orange quarterly, yellow half-yearly, blue and below yearly. Offices may edit all of it in the admin.
"""
from decimal import Decimal

from django.db import migrations

SCHEMES = [
    ("lec", "LEC 作业条件危险性评价法", "lec", True, [
        ("重大风险", "red", 1, "320", False, 30),
        ("较大风险", "orange", 2, "160", False, 91),
        ("一般风险", "yellow", 3, "70", False, 182),
        ("低风险", "blue", 4, "20", False, 365),
        ("可接受风险", "grey", 5, "0", True, 365),
    ]),
    ("ls", "LS 风险矩阵法", "ls", False, [
        ("重大风险", "red", 1, "20", True, 30),
        ("较大风险", "orange", 2, "9", True, 91),
        ("一般风险", "yellow", 3, "4", True, 182),
        ("低风险", "blue", 4, "1", True, 365),
    ]),
]


def seed(apps, schema_editor):
    GradingScheme = apps.get_model("risks", "GradingScheme")
    RiskLevel = apps.get_model("risks", "RiskLevel")
    for code, name, method, is_default, levels in SCHEMES:
        scheme, _ = GradingScheme.objects.get_or_create(
            code=code, defaults={"name": name, "method": method, "is_default": is_default})
        for level_name, colour, rank, bound, inclusive, interval in levels:
            RiskLevel.objects.get_or_create(scheme=scheme, rank=rank, defaults={
                "name": level_name, "colour": colour, "lower_bound": Decimal(bound),
                "lower_inclusive": inclusive, "review_interval_days": interval,
            })


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
