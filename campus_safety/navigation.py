"""The navigation each person sees, from their roles; one list for the whole site.

An entry is shown when the person holds one of its roles (superusers see all). Hiding an entry is a
courtesy only: every view checks scope and role on the server as well.
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Role
from organizations.scoping import scope_for

EVERYONE = frozenset(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset = EVERYONE
    staff_only: bool = False


NAV_ITEMS = [
    NavItem(_("工作台"), "home"),
    NavItem(_("学校"), "organizations:school_list",
            frozenset({Role.OFFICE, Role.DEPARTMENT, Role.COMMUNITY, Role.LEADER, Role.DISTRICT_LEADER})),
    NavItem(_("本校"), "organizations:school_list", frozenset({Role.SCHOOL_OFFICER, Role.PRINCIPAL})),
    NavItem(_("上报隐患"), "risks:hazard_report",
            frozenset({Role.SCHOOL_OFFICER, Role.PRINCIPAL, Role.OFFICE, Role.DEPARTMENT, Role.COMMUNITY})),
    NavItem(_("待办整改"), "risks:hazard_inbox", frozenset({Role.DEPARTMENT, Role.SCHOOL_OFFICER, Role.PRINCIPAL})),
    NavItem(_("隐患台账"), "risks:hazard_list", EVERYONE),
    NavItem(_("风险清单"), "risks:risk_list", EVERYONE),
    NavItem(_("组织机构"), "organizations:overview",
            frozenset({Role.OFFICE, Role.DEPARTMENT, Role.LEADER, Role.DISTRICT_LEADER})),
    NavItem(_("职责任务"), "duties:task_list"),
    NavItem(_("职责完成情况"), "duties:completion", frozenset({Role.OFFICE, Role.LEADER, Role.DISTRICT_LEADER})),
    NavItem(_("消息"), "notifications:inbox"),
    NavItem(_("接口文档"), "api-docs", frozenset({Role.OFFICE})),
    NavItem(_("系统管理"), "admin:index", frozenset(), staff_only=True),
]


def items_for(user):
    if not user.is_authenticated:
        return []
    scope = scope_for(user)
    shown, seen = [], set()
    for item in NAV_ITEMS:
        allowed = (user.is_staff if item.staff_only else scope.is_superuser or bool(scope.roles & item.roles))
        if allowed and item.url_name not in seen:
            seen.add(item.url_name)
            shown.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
    return shown


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": items_for(user), "nav_scope": scope_for(user)}
