"""Computing a risk's score and level from a scheme: the level is never typed by hand."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import GradingMethod

D = Decimal

LEC_LIKELIHOOD = [
    (D("10"), _("10 完全可以预料")), (D("6"), _("6 相当可能")), (D("3"), _("3 可能，但不经常")),
    (D("1"), _("1 可能性小，完全意外")), (D("0.5"), _("0.5 很不可能，可以设想")),
    (D("0.2"), _("0.2 极不可能")), (D("0.1"), _("0.1 实际不可能")),
]
LEC_EXPOSURE = [
    (D("10"), _("10 连续暴露")), (D("6"), _("6 每天工作时间内暴露")), (D("3"), _("3 每周一次或偶然暴露")),
    (D("2"), _("2 每月一次暴露")), (D("1"), _("1 每年几次暴露")), (D("0.5"), _("0.5 非常罕见地暴露")),
]
LEC_CONSEQUENCE = [
    (D("100"), _("100 10 人以上死亡")), (D("40"), _("40 3～9 人死亡")), (D("15"), _("15 1～2 人死亡")),
    (D("7"), _("7 严重伤害")), (D("3"), _("3 致残伤害")), (D("1"), _("1 需要救护的轻微伤害")),
]
LS_LIKELIHOOD = [(D(n), label) for n, label in (
    ("5", _("5 极有可能")), ("4", _("4 很可能")), ("3", _("3 可能")), ("2", _("2 较不可能")), ("1", _("1 基本不可能")),
)]
LS_SEVERITY = [(D(n), label) for n, label in (
    ("5", _("5 特别严重")), ("4", _("4 严重")), ("3", _("3 较严重")), ("2", _("2 一般")), ("1", _("1 轻微")),
)]

FACTORS = {
    GradingMethod.LEC: {"likelihood": LEC_LIKELIHOOD, "exposure": LEC_EXPOSURE, "severity": LEC_CONSEQUENCE},
    GradingMethod.LS: {"likelihood": LS_LIKELIHOOD, "severity": LS_SEVERITY},
}


def score_for(method, *, likelihood, severity, exposure=None):
    """The score of one assessment; factors outside the method's scale are refused."""
    factors = FACTORS[method]
    values = {"likelihood": likelihood, "severity": severity, "exposure": exposure}
    for name, scale in factors.items():
        allowed = {value for value, _label in scale}
        if values[name] is None or D(values[name]) not in allowed:
            raise ValidationError({name: _("取值不在该评价方法的取值范围内。")})
    if method == GradingMethod.LEC:
        return D(likelihood) * D(exposure) * D(severity)
    if exposure is not None:
        raise ValidationError({"exposure": _("LS 矩阵法不使用暴露频率。")})
    return D(likelihood) * D(severity)


def level_for(scheme, score, levels=None):
    levels = sorted(levels if levels is not None else scheme.levels.all(), key=lambda level: level.rank)
    for level in levels:
        if level.admits(score):
            return level
    raise ValidationError(_("分级方案“%(scheme)s”没有适用于该分值的等级。"), params={"scheme": scheme})
