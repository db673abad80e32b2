"""Who may do what with public reports (organizations.rules): each rule once, for a row and for many.

The office and the education center triage the reports of their schools, and they alone may read a
reporter's contact (each reading is recorded). Leaders see the queue read-only, without contacts.
"""
from django.db.models import Q

from organizations.rules import Rule

from .models import PublicReport


def _triager(scope):
    return Q(school__sub_district__in=scope.write.sub_districts) | Q(school__sub_district__in=scope.write.overseen)


def _reader(scope):
    return scope.read.q(PublicReport)


report_read = Rule(PublicReport, _reader, name="report_read")
report_triage = Rule(PublicReport, _triager, name="report_triage")
report_read_contact = Rule(PublicReport, _triager, name="report_read_contact")
