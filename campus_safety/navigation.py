"""The navigation each person sees; one list for the whole site.

An entry is shown when the person may use the page, as the owning app's policy says (superusers see all).
Hiding an entry is a courtesy only: every view asks the same policy on the server as well. Entries of one
area share a group: a group with two or more entries shown is one menu item on a wide screen (opened on
hover or focus, no script) and a heading over its entries on a phone; a group left with one entry is a
plain entry.
"""
from dataclasses import dataclass
from typing import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duties import policies as duty_policies
from incidents import policies as incident_policies
from incidents.models import Supervision
from inspections import policies as inspection_policies
from organizations import policies as organization_policies
from organizations.rules import could_hold
from organizations.scoping import scope_for
from public_reports import policies as public_report_policies
from risks import policies as risk_policies
from security import policies as security_policies


def _everyone(user):
    return True


def _sees_supervisions(user):
    """Whoever could see a supervision record (the office and its leaders, the education center, the schools)."""
    scope = scope_for(user)
    return scope.is_superuser or could_hold(scope.read.q(Supervision))


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    shown: Callable = _everyone
    staff_only: bool = False
    query: str = ""  # e.g. "mine=1": the page opened on this person's own part
    group: str = ""


HAZARDS, INSPECTIONS, SECURITY, DUTIES = _("风险与隐患"), _("排查检查"), _("校园安防"), _("职责日历")
INCIDENTS = _("事故与督导")
SETTINGS = _("更多")


NAV_ITEMS = [
    NavItem(_("工作台"), "home"),
    NavItem(_("综合看板"), "dashboard", organization_policies.sub_district_overview.possible),
    NavItem(_("学校"), "organizations:school_list", organization_policies.school_directory.possible),
    NavItem(_("本校"), "organizations:school_list", organization_policies.own_school.possible),
    NavItem(_("上报隐患"), "risks:hazard_report", risk_policies.hazard_report.possible, group=HAZARDS),
    NavItem(_("待办整改"), "risks:hazard_inbox", risk_policies.hazard_rectify.possible, group=HAZARDS),
    NavItem(_("隐患台账"), "risks:hazard_list", group=HAZARDS),
    NavItem(_("风险清单"), "risks:risk_list", group=HAZARDS),
    NavItem(_("排查行动"), "inspections:campaign_list", inspection_policies.campaign_read.possible, group=INSPECTIONS),
    NavItem(_("检查任务"), "inspections:inspection_list", inspection_policies.inspection_fill.possible,
            query="mine=1", group=INSPECTIONS),
    NavItem(_("今日自查"), "inspections:self_check_today", inspection_policies.self_check.possible, group=INSPECTIONS),
    NavItem(_("自查情况"), "inspections:self_check_overview", inspection_policies.self_check_watch.possible,
            group=INSPECTIONS),
    NavItem(_("安全防护"), "security:school_list", security_policies.zone_read.possible, group=SECURITY),
    NavItem(_("周边场所"), "security:premises_list", security_policies.premises_read.possible, group=SECURITY),
    NavItem(_("巡逻记录"), "security:patrol_new", security_policies.patrol_record.possible, group=SECURITY),
    NavItem(_("演练培训"), "security:drill_list", security_policies.zone_read.possible, group=SECURITY),
    NavItem(_("报告事故"), "incidents:incident_report", incident_policies.incident_report.possible, group=INCIDENTS),
    NavItem(_("事故处置"), "incidents:incident_list", group=INCIDENTS),
    NavItem(_("督导"), "incidents:supervision_list", _sees_supervisions, group=INCIDENTS),
    NavItem(_("公众举报"), "public_reports:triage_list", public_report_policies.report_read.possible, group=INCIDENTS),
    NavItem(_("职责任务"), "duties:task_list", group=DUTIES),
    NavItem(_("职责完成情况"), "duties:completion", duty_policies.completion_read.possible, group=DUTIES),
    NavItem(_("消息"), "notifications:inbox"),
    NavItem(_("组织机构"), "organizations:overview", organization_policies.organisation_read.possible,
            group=SETTINGS),
    NavItem(_("接口文档"), "api-docs", organization_policies.api_docs_read.possible, group=SETTINGS),
    NavItem(_("系统管理"), "admin:index", staff_only=True, group=SETTINGS),
]


def items_for(user):
    if not user.is_authenticated:
        return []
    shown, seen = [], set()
    for item in NAV_ITEMS:
        allowed = user.is_staff if item.staff_only else item.shown(user)
        if allowed and item.url_name not in seen:
            seen.add(item.url_name)
            path = reverse(item.url_name)
            shown.append({"label": item.label, "url": f"{path}?{item.query}" if item.query else path, "path": path,
                          "name": item.url_name, "group": item.group})
    return shown


def grouped(items, current_path=""):
    """The entries in menu order: a plain entry, or {"label", "children", "current"} for a group of two or more."""
    entries, groups = [], {}
    for item in items:
        item = {**item, "current": item["path"] == current_path}
        if not item["group"]:
            entries.append(item)
        elif item["group"] in groups:
            groups[item["group"]]["children"].append(item)
        else:
            groups[item["group"]] = {"label": item["group"], "children": [item]}
            entries.append(groups[item["group"]])
    for group in groups.values():
        group["current"] = any(item["current"] for item in group["children"])
    return [entry["children"][0] if len(entry.get("children", ())) == 1 else entry for entry in entries]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = items_for(user)
    return {"nav_items": items, "nav_entries": grouped(items, request.path), "nav_scope": scope_for(user)}
