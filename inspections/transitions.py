"""The lifecycles of inspections and campaigns as tables (the shape of risks/transitions.py).

An inspection: draft → submitted; after that only corrections, appended as events. A campaign: open →
closed. Saving a draft and assigning an inspector are not transitions (the state stays draft) but are
checked against the same rules.
"""
from django.utils.translation import gettext_lazy as _

from organizations.lifecycle import Lifecycle, Transition

from . import policies
from .models import CampaignStatus, InspectionEventKind, InspectionStatus

INSPECTION_LIFECYCLE = Lifecycle(
    Transition("submit", frozenset({InspectionStatus.DRAFT}), InspectionStatus.SUBMITTED, policies.inspection_fill,
               InspectionEventKind.SUBMITTED, _("提交检查结果")),
    Transition("correct", frozenset({InspectionStatus.SUBMITTED}), None, policies.inspection_correct,
               InspectionEventKind.CORRECTED, _("更正检查结果"),
               required={"item": _("请选择要更正的检查项。"), "result": _("请选择更正后的结果。"),
                         "reason": _("请填写更正原因。")}),
    bad_state=_("检查记录当前状态为“%(status)s”，不能进行此操作。"),
)

CAMPAIGN_LIFECYCLE = Lifecycle(
    Transition("close", frozenset({CampaignStatus.OPEN}), CampaignStatus.CLOSED, policies.campaign_close,
               "closed", _("结束排查行动")),
    bad_state=_("排查行动当前状态为“%(status)s”，不能进行此操作。"),
)
