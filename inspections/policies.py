"""Who may do what with sweeps, inspections and self-checks: each rule once (organizations.rules)."""
from django.db.models import Q

from organizations.models import School, SubDistrict
from organizations.rules import Rule

from .models import Campaign, ChecklistKind, Inspection


def _campaign_opener(scope):
    # The joint meeting office opens the sweeps of its sub-district (the notice, part 3).
    return Q(pk__in=scope.write.sub_districts)


def _campaign_office(scope):
    return Q(sub_district__in=scope.write.sub_districts)


def _campaign_reader(scope):
    # Every member of the sub-district may know a campaign exists (Campaign.scope_paths); the leaders too.
    return Q(sub_district__in=scope.read.member_of | scope.read.sub_districts)


def _inspection_filler(scope):
    # The inspector named for it, the department covering the school, the office; a self-check is the
    # school's own. Only office and department staff can be named (services.people_who_may_inspect), so a
    # read-only leader or a community never passes this rule for being named.
    named = [scope.user.pk] if scope.write.departments or scope.write.sub_districts else []
    return (Q(inspector__in=named) | Q(department__in=scope.write.departments)
            | Q(school__sub_district__in=scope.write.sub_districts)
            | Q(kind=ChecklistKind.SELF_CHECK, school__in=scope.write.own_schools))


def _inspection_mine(scope):
    # What waits for this person: named as inspector, their department covers it, or their own school's
    # self-check (the office may fill any, but only what is given to it is "mine").
    return (Q(inspector=scope.user.pk) | Q(department__in=scope.write.departments)
            | Q(kind=ChecklistKind.SELF_CHECK, school__in=scope.write.own_schools))


def _inspection_office(scope):
    return Q(school__sub_district__in=scope.write.sub_districts)


def _self_checker(scope):
    return Q(pk__in=scope.write.own_schools)


def _self_check_watcher(scope):
    # The office, its leaders and the education center follow which schools checked themselves.
    return Q(pk__in=scope.read.sub_districts) | Q(pk__in=scope.read.overseen)


campaign_read = Rule(Campaign, _campaign_reader, name="campaign_read")
campaign_open = Rule(SubDistrict, _campaign_opener, name="campaign_open")
campaign_close = Rule(Campaign, _campaign_office, name="campaign_close")
inspection_fill = Rule(Inspection, _inspection_filler, name="inspection_fill")
inspection_mine = Rule(Inspection, _inspection_mine, name="inspection_mine")
inspection_assign = Rule(Inspection, _inspection_office, name="inspection_assign")
inspection_correct = Rule(Inspection, _inspection_filler, name="inspection_correct")
self_check = Rule(School, _self_checker, name="self_check")
self_check_watch = Rule(SubDistrict, _self_check_watcher, name="self_check_watch")
