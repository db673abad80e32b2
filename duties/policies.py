"""Who may do what in the duty calendar: each rule once, for one row and for many (organizations.rules)."""
from django.db.models import Q

from organizations.models import SubDistrict
from organizations.rules import Rule

from .models import DutyTask


def _task_owner(scope):
    # The owner closes its task: the department, the school itself, the community, or for a duty of the
    # sub-district as a whole, the office.
    return (
        Q(owner_department__in=scope.write.departments)
        | Q(owner_school__in=scope.write.own_schools)
        | Q(owner_community__in=scope.write.communities)
        | Q(owner_department__isnull=True, owner_school__isnull=True, owner_community__isnull=True,
            sub_district__in=scope.write.sub_districts)
    )


def _scheduler_watcher(scope):
    # The office watches the daily job of its sub-district (the last successful run on its workbench).
    return Q(pk__in=scope.write.sub_districts)


def _completion_reader(scope):
    # The office and the leaders read the completion figures of the sub-districts they oversee.
    return Q(pk__in=scope.read.sub_districts)


duty_task_close = Rule(DutyTask, _task_owner, name="duty_task_close")
completion_read = Rule(SubDistrict, _completion_reader, name="completion_read")
scheduler_watch = Rule(SubDistrict, _scheduler_watcher, name="scheduler_watch")
