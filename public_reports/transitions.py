"""The public report lifecycle as a table.

received → handling (made an incident or a hazard, or merged into one) → handled (answered in public);
received → dismissed (with a reason and the public answer). Reading the contact records an event and
leaves the state as it is.
"""
from django.utils.translation import gettext_lazy as _

from organizations.lifecycle import Lifecycle, Transition

from . import policies
from .models import PublicReportEventKind as Event
from .models import ReportStatus as S

ANY = frozenset(S.values)

REPORT_LIFECYCLE = Lifecycle(
    Transition("to_incident", frozenset({S.RECEIVED}), S.HANDLING, policies.report_triage, Event.TO_INCIDENT,
               _("转为安全事故"), required={"kind": _("请选择事故类型。"), "severity": _("请选择严重程度。"),
                                          "occurred_at": _("请填写发生时间。"), "place": _("请填写发生地点。")}),
    Transition("to_hazard", frozenset({S.RECEIVED}), S.HANDLING, policies.report_triage, Event.TO_HAZARD,
               _("转为隐患"), required={"category": _("请选择隐患类别。"), "location": _("请填写隐患部位。")}),
    Transition("merge", frozenset({S.RECEIVED}), S.HANDLING, policies.report_triage, Event.MERGED,
               _("并入已有记录"), required={"target": _("请选择要并入的事故或隐患。")}),
    Transition("dismiss", frozenset({S.RECEIVED}), S.DISMISSED, policies.report_triage, Event.DISMISSED,
               _("不予受理"), required={"reason": _("请填写不予受理的理由。"),
                                       "public_answer": _("请填写给举报人的公开答复。")}),
    Transition("answer", frozenset({S.HANDLING}), S.HANDLED, policies.report_triage, Event.ANSWERED,
               _("办结答复"), required={"public_answer": _("请填写给举报人的公开答复。")}),
    Transition("read_contact", ANY, None, policies.report_read_contact, Event.CONTACT_READ, _("查看联系方式"),
               refusal=_("只有街道办和教管中心可以查看举报人的联系方式。")),
    bad_state=_("举报当前状态为“%(status)s”，不能进行此操作。"),
)
