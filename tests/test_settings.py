"""Settings come from the environment: SQLite with nothing set, PostgreSQL through DATABASE_URL, and a
production configuration that passes Django's deployment checks."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.services import require_postgres

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k" + uuid.uuid4().hex + uuid.uuid4().hex + "Z!x@"


def run_manage(*args, env, check=True):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=120, check=check)


VENDOR = "from django.db import connection; connection.ensure_connection(); print('VENDOR', connection.vendor)"


def test_sqlite_is_the_default_with_nothing_configured(tmp_path):
    result = run_manage("shell", "-c", VENDOR, env={"CAMPUS_VAR_DIR": str(tmp_path)})
    assert "VENDOR sqlite" in result.stdout
    assert (tmp_path / "db.sqlite3").exists()


def test_postgresql_is_used_when_database_url_is_set(tmp_path):
    url = require_postgres()
    result = run_manage("shell", "-c", VENDOR + "; print('DB', connection.settings_dict['NAME'])",
                        env={"DATABASE_URL": url, "CAMPUS_VAR_DIR": str(tmp_path)})
    assert "VENDOR postgresql" in result.stdout
    assert f"DB {url.rsplit('/', 1)[1]}" in result.stdout


def test_migrations_apply_on_postgresql_from_scratch(tmp_path):
    base = require_postgres()
    name = f"campus_settings_{uuid.uuid4().hex[:8]}"
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    create = "import psycopg2; c=psycopg2.connect('{}'); c.autocommit=True; c.cursor().execute('{}')"
    subprocess.run([sys.executable, "-c", create.format(admin_url, f"CREATE DATABASE {name}")], check=True)
    try:
        result = run_manage("migrate", "--noinput", env={"DATABASE_URL": f"{base.rsplit('/', 1)[0]}/{name}",
                                                         "CAMPUS_VAR_DIR": str(tmp_path)})
        assert "Applying organizations.0001_initial... OK" in result.stdout
    finally:
        subprocess.run([sys.executable, "-c", create.format(admin_url, f"DROP DATABASE IF EXISTS {name}")],
                       check=True)


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "campus_safety.settings.production",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": STRONG_KEY,
        "DJANGO_ALLOWED_HOSTS": "campus.example.gov.cn",
        "CAMPUS_VAR_DIR": str(tmp_path),
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "campus_safety.settings.production", "CAMPUS_VAR_DIR": str(tmp_path)}
    result = run_manage("check", env=env, check=False)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_demo_seed_is_refused_when_debug_is_off(tmp_path):
    env = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "localhost",
           "CAMPUS_VAR_DIR": str(tmp_path)}
    run_manage("migrate", "--noinput", env=env)
    result = run_manage("seed_demo", env=env, check=False)
    assert result.returncode != 0
    assert "Refusing to seed demo accounts with DEBUG off" in result.stderr


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("0", False), ("", False)])
def test_debug_flag_is_read_from_the_environment(value, expected):
    from campus_safety.settings.base import env_bool

    os.environ["CAMPUS_TEST_FLAG"] = value
    try:
        assert env_bool("CAMPUS_TEST_FLAG") is expected
    finally:
        del os.environ["CAMPUS_TEST_FLAG"]
