"""The navigation each person sees; one list for the whole site.

An entry is shown when the person may use the page, as the owning app's policy says (superusers see all).
Hiding an entry is a courtesy only: every view asks the same policy on the server as well.

Entries of a group share one menu (a `<details>` dropdown on a wide screen, a titled block in the phone's
menu); a group is placed where its first shown entry is, and a group with one shown entry is a plain link.
"""
from dataclasses import dataclass
from typing import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duties import policies as duty_policies
from organizations import policies as organization_policies
from organizations.scoping import scope_for
from risks import policies as risk_policies
from security import policies as security_policies


def _everyone(user):
    return True


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    shown: Callable = _everyone
    staff_only: bool = False
    group: str = ""


GROUPS = {
    "hazards": _("隐患风险"),
    "security": _("校园安防"),
    "duties": _("职责"),
    "more": _("更多"),
}

NAV_ITEMS = [
    NavItem(_("工作台"), "home"),
    NavItem(_("学校"), "organizations:school_list", organization_policies.school_directory.possible),
    NavItem(_("本校"), "organizations:school_list", organization_policies.own_school.possible),
    NavItem(_("上报隐患"), "risks:hazard_report", risk_policies.hazard_report.possible, group="hazards"),
    NavItem(_("待办整改"), "risks:hazard_inbox", risk_policies.hazard_rectify.possible, group="hazards"),
    NavItem(_("隐患台账"), "risks:hazard_list", group="hazards"),
    NavItem(_("风险清单"), "risks:risk_list", group="hazards"),
    NavItem(_("安全防护"), "security:school_list", security_policies.zone_read.possible, group="security"),
    NavItem(_("周边场所"), "security:premises_list", security_policies.premises_read.possible, group="security"),
    NavItem(_("巡逻记录"), "security:patrol_new", security_policies.patrol_record.possible, group="security"),
    NavItem(_("演练培训"), "security:drill_list", security_policies.zone_read.possible, group="security"),
    NavItem(_("职责任务"), "duties:task_list", group="duties"),
    NavItem(_("职责完成情况"), "duties:completion", duty_policies.completion_read.possible, group="duties"),
    NavItem(_("消息"), "notifications:inbox"),
    NavItem(_("组织机构"), "organizations:overview", organization_policies.organisation_read.possible, group="more"),
    NavItem(_("接口文档"), "api-docs", organization_policies.api_docs_read.possible, group="more"),
    NavItem(_("系统管理"), "admin:index", staff_only=True, group="more"),
]


def items_for(user):
    if not user.is_authenticated:
        return []
    shown, seen = [], set()
    for item in NAV_ITEMS:
        allowed = user.is_staff if item.staff_only else item.shown(user)
        if allowed and item.url_name not in seen:
            seen.add(item.url_name)
            shown.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name,
                          "group": item.group})
    return shown


def menu_for(items, path=""):
    """The shown entries as the menu bar: links, and groups {"key", "label", "links", "current"} (not "items":
    a template would find a dict's items() method on every link)."""
    menu, groups = [], {}
    for item in items:
        item = dict(item, current=item["url"] == path)
        if not item["group"]:
            menu.append(item)
        elif item["group"] in groups:
            groups[item["group"]]["links"].append(item)
        else:
            groups[item["group"]] = {"key": item["group"], "label": GROUPS[item["group"]], "links": [item]}
            menu.append(groups[item["group"]])
    for group in groups.values():
        group["current"] = any(item["current"] for item in group["links"])
    return [entry["links"][0] if "links" in entry and len(entry["links"]) == 1 else entry for entry in menu]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = items_for(user)
    return {"nav_items": items, "nav_menu": menu_for(items, request.path), "nav_scope": scope_for(user)}
