"""Real services for the tests that are about them.

A test that needs PostgreSQL, Redis or Chromium calls `require(...)`: on a machine without the
service it is skipped with the reason, loudly; with REQUIRE_SERVICES=1 (CI) the skip is a failure.
"""
import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

REQUIRED = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REDIS_URL = os.environ.get("TEST_REDIS_URL") or (
    os.environ.get("CELERY_BROKER_URL") if os.environ.get("CELERY_BROKER_URL", "").startswith("redis") else None
) or "redis://127.0.0.1:6379/15"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL") or (
    os.environ.get("DATABASE_URL") if os.environ.get("DATABASE_URL", "").startswith("postgres") else None
) or "postgres://postgres@127.0.0.1:5432/postgres"


def _answers(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def _missing(reason):
    if REQUIRED:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(f"SKIPPED FOR A MISSING SERVICE: {reason}")


def require_redis():
    if not _answers(REDIS_URL, 6379):
        _missing(f"Redis does not answer at {REDIS_URL}")
    return REDIS_URL


def require_postgres():
    if not _answers(POSTGRES_URL, 5432):
        _missing(f"PostgreSQL does not answer at {POSTGRES_URL}")
    return POSTGRES_URL


def require_chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)")
    return CHROMIUM


def require_postgres_database():
    """The test database itself must be PostgreSQL: row locks and concurrent transactions are what is tested."""
    from django.db import connection

    require_postgres()
    if connection.vendor != "postgresql":
        _missing(f"the test database is {connection.vendor}, not PostgreSQL "
                 "(run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>)")
