"""The hazard lifecycle as a table: each row is one transition, its rule and its event.

reported → graded → assigned → rectifying → submitted → closed, with rejection back to rectifying.
Adding a transition is one row here plus its service in services.py (a test checks that every row has
a service, a page and an API action). Listing for supervision (挂牌督办) is not a transition: the
state stays and no person acts; the supervision sweep (incidents.supervision) calls
services.hazards_escalate.
"""
from django.utils.translation import gettext_lazy as _

from organizations.lifecycle import Lifecycle, Transition

from . import policies
from .models import HazardEventKind as Event
from .models import HazardStatus as S

FIVE_IMPLEMENTATIONS = ("funds_amount", "funds_source", "responsible_person", "measures", "deadline",
                        "contingency_plan")

_FIVE = _("交办须落实资金、人员、措施、时限、预案，此项必填。")

HAZARD_LIFECYCLE = Lifecycle(
    Transition("grade", frozenset({S.REPORTED, S.GRADED}), S.GRADED, policies.hazard_office, Event.GRADED,
               _("定级"), required={"grade": _("请选择隐患等级。")}),
    Transition("assign", frozenset({S.GRADED, S.ASSIGNED, S.RECTIFYING}), None, policies.hazard_office,
               Event.ASSIGNED, _("交办（五落实）"),
               required={"assignee_kind": _("请选择整改主体。"), **{name: _FIVE for name in FIVE_IMPLEMENTATIONS}}),
    Transition("start", frozenset({S.ASSIGNED}), S.RECTIFYING, policies.hazard_rectify, Event.STARTED,
               _("开始整改")),
    Transition("submit", frozenset({S.ASSIGNED, S.RECTIFYING}), S.SUBMITTED, policies.hazard_rectify,
               Event.SUBMITTED, _("提交验收"),
               required={"note": _("请填写整改情况说明。"), "photos": _("请上传至少一张整改后照片或证明材料。")}),
    Transition("reject", frozenset({S.SUBMITTED}), S.RECTIFYING, policies.hazard_office, Event.REJECTED,
               _("验收不通过，退回整改"), required={"reason": _("请填写退回原因。")}),
    Transition("accept", frozenset({S.SUBMITTED}), S.CLOSED, policies.hazard_accept, Event.ACCEPTED,
               _("验收通过，销号"), refusal=_("只有街道办可以验收，且验收人不能是整改人本人。")),
    bad_state=_("隐患当前状态为“%(status)s”，不能进行此操作。"),
)
