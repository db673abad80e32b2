"""The incident lifecycle as a table: each row is one transition, its rule and its event.

reported → responding → investigating → aftermath → closed, and closed → aftermath again when reopened.
Rows with no target record a step without moving the state (a timeline action, the written report, an
aftermath item). Closing has one more condition than its row says: every aftermath item done
(services.closing_obstacles names what is open).
"""
from django.utils.translation import gettext_lazy as _

from organizations.lifecycle import Lifecycle, Transition

from . import policies
from .models import IncidentEventKind as Event
from .models import IncidentStatus as S

OPEN = frozenset({S.REPORTED, S.RESPONDING, S.INVESTIGATING, S.AFTERMATH})
UNDER_WAY = frozenset({S.RESPONDING, S.INVESTIGATING, S.AFTERMATH})

INCIDENT_LIFECYCLE = Lifecycle(
    Transition("respond", frozenset({S.REPORTED}), S.RESPONDING, policies.incident_respond, Event.RESPONDED,
               _("启动应急预案"), required={"plan": _("请填写启动的应急预案。")}),
    Transition("act", OPEN, None, policies.incident_act, Event.ACTION, _("记录处置措施"),
               required={"action": _("请选择处置措施类别。"), "note": _("请填写做了什么。")}),
    Transition("written_report", OPEN, None, policies.incident_respond, Event.WRITTEN_REPORT, _("提交书面报告"),
               required={"text": _("请填写书面报告内容。")}),
    Transition("investigate", frozenset({S.RESPONDING}), S.INVESTIGATING, policies.incident_office,
               Event.INVESTIGATING, _("开始调查")),
    Transition("conclude", frozenset({S.INVESTIGATING, S.AFTERMATH}), S.AFTERMATH, policies.incident_office,
               Event.CONCLUDED, _("调查结论与责任认定"),
               required={"cause": _("请填写事故原因。"), "responsibility": _("请选择责任认定。")}),
    Transition("involve", OPEN, None, policies.incident_office, Event.DEPARTMENT_JOINED, _("增加参与部门"),
               required={"department": _("请选择部门。")}),
    Transition("claim", UNDER_WAY, None, policies.incident_respond, Event.CLAIM_FILED, _("校方责任险报案"),
               required={"insurer": _("请填写保险公司。"), "policy_number": _("请填写保单号。"),
                         "amount": _("请填写索赔金额。")}),
    Transition("claim_update", UNDER_WAY, None, policies.incident_respond, Event.CLAIM_UPDATED, _("更新理赔进展"),
               required={"status": _("请选择理赔状态。")}),
    Transition("mediate", UNDER_WAY, None, policies.incident_office, Event.MEDIATION_OPENED, _("登记调解申请"),
               required={"kind": _("请选择调解方式。"), "mediator": _("请填写调解机构。"),
                         "requested_on": _("请填写书面申请日期。")}),
    Transition("mediation_update", UNDER_WAY, None, policies.incident_office, Event.MEDIATION_UPDATED,
               _("更新调解进展"), required={"status": _("请选择调解状态。")}),
    Transition("statement", UNDER_WAY, None, policies.incident_office, Event.STATEMENT, _("登记公开声明"),
               required={"kind": _("请选择声明类别。"), "spokesperson": _("请填写发言人。"),
                         "text": _("请填写声明内容。")}),
    Transition("raise_hazard", OPEN, None, policies.incident_respond, Event.HAZARD_RAISED, _("登记整改隐患"),
               required={"category": _("请选择隐患类别。"), "location": _("请填写隐患部位。"),
                         "description": _("请填写需要整改的内容。")}),
    Transition("close", frozenset({S.AFTERMATH}), S.CLOSED, policies.incident_office, Event.CLOSED, _("结案")),
    Transition("reopen", frozenset({S.CLOSED}), S.AFTERMATH, policies.incident_office, Event.REOPENED,
               _("重新打开"), required={"reason": _("请填写重新打开的原因。")}),
    bad_state=_("事故当前状态为“%(status)s”，不能进行此操作。"),
)
