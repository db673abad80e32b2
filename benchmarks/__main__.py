"""`make bench`: builds a throw-away test database, runs every benchmarks/bench_*.py, and writes the
figures to BENCHMARKS.md. Times are medians of repeated requests through Django's test client on this
machine; query counts are exact."""
import importlib
import os
import pkgutil
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus_safety.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


class Report:
    def __init__(self):
        self.sections = []

    def section(self, title, headers, note=""):
        rows = []
        self.sections.append((title, headers, rows, note))
        return rows


def measure(call, repeat=20):
    """Median milliseconds and the query count of one call."""
    call()  # warm caches and sessions
    with CaptureQueriesContext(connection) as queries:
        call()
    count = len(queries.captured_queries)  # now: every request clears Django's query log
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), count


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    report = Report()
    try:
        modules = pkgutil.iter_modules([str(Path(__file__).parent)])
        names = sorted(m.name for m in modules if m.name.startswith("bench_"))
        for name in names:
            with transaction.atomic():  # each bench builds its own world and leaves nothing behind
                importlib.import_module(f"benchmarks.{name}").run(report, measure)
                transaction.set_rollback(True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    lines = [
        "# Benchmarks", "",
        "Written by `make bench` (`benchmarks/`); do not edit by hand. Times are medians of repeated requests",
        "through Django's test client, in-process, on the machine named below; query counts are exact.",
        "The test suite asserts query counts, never times.", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"database {connection.vendor}. Run on {time.strftime('%Y-%m-%d %H:%M %Z')}.", "",
    ]
    for title, headers, rows, note in report.sections:
        lines += [f"## {title}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
        lines += ["", note, ""] if note else [""]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
