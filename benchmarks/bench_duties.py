"""The daily duty job on the Chongyi demo organisation (22 schools, 6 communities, all duties)."""
import statistics
import time
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duties import services
from demo import organisation as demo


def _timed(call):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, len(queries.captured_queries)


def run(report, measure):
    demo.seed_organisation()
    rows = report.section("Duty calendar: the daily job", [
        "run", "days", "tasks created", "reminders created", "ms", "queries"],
        note="`run_daily` materialises and plans reminders; sending is separate (below). The first day is the "
             "autumn term start, when termly and term-start duties fall due for every school.")
    result, ms, queries = _timed(lambda: services.run_daily(today=date(2026, 9, 1), catch_up=False))
    rows.append(["term start 2026-09-01", 1, result.tasks_created, result.reminders_created, f"{ms:.0f}", queries])
    result, ms, queries = _timed(lambda: services.run_daily(today=date(2026, 9, 1), catch_up=False))
    rows.append(["same day again", 1, result.tasks_created, result.reminders_created, f"{ms:.0f}", queries])
    per_day = []
    for offset in range(1, 31):
        result, ms, queries = _timed(lambda o=offset: services.run_daily(today=date(2026, 9, 1) + timedelta(days=o),
                                                                           catch_up=False))
        per_day.append((result, ms, queries))
    rows.append(["30 ordinary days, median per day", 30,
                 sum(r.tasks_created for r, _, _ in per_day), sum(r.reminders_created for r, _, _ in per_day),
                 f"{statistics.median(ms for _, ms, _ in per_day):.0f}",
                 int(statistics.median(q for _, _, q in per_day))])
    result, ms, queries = _timed(lambda: services.run_daily(today=date(2026, 10, 8), catch_up=True))
    rows.append(["catch-up after a 7-day outage", len(result.days), result.tasks_created, result.reminders_created,
                 f"{ms:.0f}", queries])

    sending = report.section("Duty calendar: sending reminders",
                             ["reminders", "ms per reminder", "queries per reminder"])
    pending = services.reminders_to_send()[:200]
    _, ms, queries = _timed(lambda: [services.reminder_send(reminder_id=pk) for pk in pending])
    sending.append([len(pending), f"{ms / max(len(pending), 1):.1f}", f"{queries / max(len(pending), 1):.1f}"])
