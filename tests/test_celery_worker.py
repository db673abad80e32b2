"""The Celery app really talks to a worker through Redis (the broker CI and production use)."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from celery import Celery
from tests.services import require_redis

ROOT = Path(__file__).resolve().parent.parent


def test_a_real_worker_answers_through_redis(tmp_path):
    broker = require_redis()
    name = f"ping-{uuid.uuid4().hex[:8]}@localhost"
    env = {**os.environ, "CELERY_BROKER_URL": broker, "DJANGO_SETTINGS_MODULE": "campus_safety.settings.test",
           "CAMPUS_VAR_DIR": str(tmp_path)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "campus_safety", "worker", "--pool=solo", "-n", name,
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        replies = []
        client = Celery(broker=broker)  # a bare client: the project's app may be on another transport here
        deadline = time.monotonic() + 60
        while not replies and time.monotonic() < deadline and worker.poll() is None:
            replies = client.control.ping(destination=[name], timeout=1.0)
        assert worker.poll() is None, worker.stdout.read()
        assert replies == [{name: {"ok": "pong"}}]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
