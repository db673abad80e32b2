"""The annual special assessment's formula (年度专项考核计分办法): data the office edits, kept as a history."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import SubDistrict


class AssessmentFormula(models.Model):
    """The weights of one sub-district's assessment as set at one moment; the newest applies, none is changed."""

    scope_paths = {"sub_district": "sub_district", "reference": "sub_district"}

    sub_district = models.ForeignKey(SubDistrict, models.PROTECT, related_name="assessment_formulas",
                                     verbose_name=_("街道"))
    duty_on_time = models.DecimalField(_("职责任务按时完成率权重"), max_digits=5, decimal_places=1,
                                       default=Decimal("40"))
    rectified_on_time = models.DecimalField(_("隐患按时整改率权重"), max_digits=5, decimal_places=1,
                                            default=Decimal("30"))
    sweep_done = models.DecimalField(_("排查任务完成率权重"), max_digits=5, decimal_places=1, default=Decimal("20"))
    incident_on_time = models.DecimalField(_("事故按时报告率权重"), max_digits=5, decimal_places=1,
                                           default=Decimal("10"))
    overdue_penalty = models.DecimalField(_("每处逾期隐患扣分"), max_digits=4, decimal_places=1, default=Decimal("2"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("设置人"))
    set_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("考核计分办法")
        verbose_name_plural = _("考核计分办法")
        ordering = ["-set_at", "-pk"]

    def __str__(self):
        return f"{self.sub_district} · {timezone.localtime(self.set_at):%Y-%m-%d %H:%M}"
