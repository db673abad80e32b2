"""The shared world stretched over two school years with holidays, for the calendar tests."""
from datetime import date

from duties.models import Holiday, HolidayKind
from organizations.models import SchoolYear, Term, TermKind

START = date(2026, 9, 1)
END = date(2028, 8, 31)

TERMS = [  # (year, kind, starts, ends); 2026-2027 comes from tests/world.py
    ("2026-2027", TermKind.AUTUMN, date(2026, 9, 1), date(2027, 1, 22)),
    ("2026-2027", TermKind.SPRING, date(2027, 2, 22), date(2027, 7, 2)),
    ("2027-2028", TermKind.AUTUMN, date(2027, 9, 1), date(2028, 1, 21)),
    ("2027-2028", TermKind.SPRING, date(2028, 2, 21), date(2028, 7, 7)),
    ("2028-2029", TermKind.AUTUMN, date(2028, 9, 1), date(2029, 1, 19)),
]
HOLIDAYS = [date(2026, 10, d) for d in range(1, 8)] + [date(2027, 4, 5), date(2028, 5, 1)]
MAKEUP_DAYS = [date(2026, 10, 10)]  # a Saturday with school (调休)


def add_calendar():
    for name, starts in (("2027-2028", date(2027, 9, 1)), ("2028-2029", date(2028, 9, 1))):
        SchoolYear.objects.get_or_create(name=name, defaults={"starts_on": starts,
                                                              "ends_on": date(starts.year + 1, 8, 31)})
    for name, kind, starts, ends in TERMS:
        Term.objects.get_or_create(school_year=SchoolYear.objects.get(name=name), kind=kind,
                                   defaults={"starts_on": starts, "ends_on": ends})
    for day in HOLIDAYS:
        Holiday.objects.create(date=day, kind=HolidayKind.HOLIDAY, name="假日")
    for day in MAKEUP_DAYS:
        Holiday.objects.create(date=day, kind=HolidayKind.MAKEUP_SCHOOL_DAY, name="调休上课")
