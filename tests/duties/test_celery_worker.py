"""A real Celery worker against real Redis, on the test database: the daily job dispatched through the
broker, and a worker SIGKILLed mid-run and restarted, leaving no duplicate and no lost reminder."""
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from campus_safety.celery import app
from duties import services
from duties.models import DutyDefinition, DutyTask, Reminder, ReminderStatus, SchedulerRun
from notifications.models import InboxItem
from organizations.models import Membership, Role, School, SchoolKind, User
from tests.services import require_redis

from .calendar_world import add_calendar
from .expected import expected
from .helpers import digest_lines

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]
ROOT = Path(__file__).resolve().parents[2]
CLAIM_SECONDS = 3


def database_url():
    """The test database as the worker process must open it (pytest-django's, not the configured one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        assert db["NAME"] != ":memory:" and "mode=memory" not in str(db["NAME"]), "the worker needs a file database"
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.fail(f"no worker database URL for {connection.vendor}")


class Worker:
    """`celery -A campus_safety worker` in its own process group, on a queue of its own."""

    def __init__(self, redis_url, queue, log_dir):
        self.redis_url, self.queue, self.log_dir = redis_url, queue, log_dir
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        self.log = self.log_dir / f"worker-{self.starts}.log"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "campus_safety.settings.test", "DATABASE_URL": database_url(),
               "CELERY_BROKER_URL": self.redis_url, "CELERY_QUEUE": self.queue, "CELERY_TASK_ALWAYS_EAGER": "0",
               "CELERY_VISIBILITY_TIMEOUT": "5", "CLAIM_TIMEOUT_SECONDS": str(CLAIM_SECONDS),
               "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
               "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "campus_safety", "worker", "-Q", self.queue, "-c", "2",
             "-n", f"{self.queue}-{self.starts}@%h", "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while "ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def kill(self):
        """SIGKILL the whole worker (main process and pool children): no shutdown, no acks."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def send(self, name, *args):
        with app.connection_for_write(self.redis_url) as conn:
            app.send_task(name, args=list(args), queue=self.queue, connection=conn)


@pytest.fixture
def worker(tmp_path):
    redis_url = require_redis()
    queue = f"cs-test-{uuid.uuid4().hex[:10]}"
    worker = Worker(redis_url, queue, tmp_path)
    yield worker
    worker.kill()
    redis.Redis.from_url(redis_url).delete(queue)


def wait_until(condition, seconds, worker, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n{worker.log.read_text()[-3000:]}")
        time.sleep(0.05)


def all_sent():
    return (Reminder.objects.exists()
            and not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
            and digest_lines() == Reminder.objects.count())


def add_schools(world, count):
    for n in range(count):
        school = School.objects.create(sub_district=world.sub_district, name=f"测试小学{n:02d}",
                                       kind=SchoolKind.PRIMARY)
        officer = User.objects.create_user(username=f"officer{n:02d}", password="x" * 16)
        Membership.objects.create(user=officer, role=Role.SCHOOL_OFFICER, school=school)


def test_the_daily_job_dispatched_twice_through_the_broker_creates_tasks_and_sends_reminders_once(world, worker):
    add_calendar()
    worker.start()
    # Two beat processes firing at once: the worker runs both concurrently (two pool processes).
    worker.send("duties.tasks.run_daily", "2026-09-01")
    worker.send("duties.tasks.run_daily", "2026-09-01")

    wait_until(lambda: SchedulerRun.objects.filter(run_date=date(2026, 9, 1)).exists() and all_sent(), 60, worker,
               "the daily job and its reminders")
    want_tasks, want_reminders = expected(DutyDefinition.objects.all(), date(2026, 9, 1), date(2026, 9, 1))
    assert Counter(DutyTask.objects.values_list("definition__code", flat=True)) == +want_tasks
    assert Reminder.objects.count() == digest_lines() == sum(want_reminders.values()) > 0
    log = worker.log.read_text()
    assert "duties.tasks.send_reminder" in log  # sent by the worker, not in this process
    wait_until(lambda: worker.log.read_text().count("Task duties.tasks.run_daily") >= 4, 30, worker, "both runs")
    assert Reminder.objects.count() == digest_lines() == sum(want_reminders.values())


def test_a_worker_killed_mid_run_and_restarted_leaves_no_duplicate_and_no_lost_reminder(world, worker):
    add_calendar()
    add_schools(world, 25)
    start, end = date(2026, 9, 1), date(2026, 10, 15)
    SchedulerRun.objects.create(run_date=date(2026, 8, 31), finished_at=timezone.now(), trigger="test")
    worker.start()
    worker.send("duties.tasks.run_daily", end.isoformat())  # catches up 45 days

    def mid_run():
        return Reminder.objects.filter(status=ReminderStatus.SENT).count() >= 5
    wait_until(mid_run, 120, worker, "the first reminders to go out")
    worker.kill()
    pending_at_kill = Reminder.objects.exclude(status=ReminderStatus.SENT).count()
    sent_at_kill = Reminder.objects.filter(status=ReminderStatus.SENT).count()
    assert pending_at_kill > 0, "the worker finished before it could be killed: make the run longer"

    worker.start()
    worker.send("duties.tasks.run_daily", end.isoformat())  # the next beat tick

    last_sweep = [0.0]

    def done():
        if time.monotonic() - last_sweep[0] > 1:  # the beat's sweep, every second instead of five minutes
            worker.send("duties.tasks.sweep_reminders")
            last_sweep[0] = time.monotonic()
        return SchedulerRun.objects.filter(run_date=end).exists() and all_sent()
    wait_until(done, 120, worker, "every reminder after the restart")

    want_tasks, want_reminders = expected(DutyDefinition.objects.all(), start, end, extra_schools=25)
    assert Counter(DutyTask.objects.values_list("definition__code", flat=True)) == +want_tasks
    assert Counter(Reminder.objects.values_list("task__definition__code", flat=True)) == +want_reminders
    assert Reminder.objects.count() == sum(want_reminders.values())
    # One digest per person per day, holding each of their reminders of that day exactly once.
    assert set(InboxItem.objects.values_list("key", flat=True)) == {
        services.digest_key(recipient, day)
        for recipient, day in Reminder.objects.values_list("recipient_id", "scheduled_on").distinct()}
    entries = [entry for item in InboxItem.objects.all() for entry in item.message["entries"]]
    assert sorted(entries) == sorted(f"reminder:{pk}" for pk in Reminder.objects.values_list("pk", flat=True))
    assert sorted(SchedulerRun.objects.values_list("run_date", flat=True))[1:][0] == start
    print(f"killed with {sent_at_kill} sent and {pending_at_kill} not yet sent; "
          f"{Reminder.objects.count()} reminders in the end, {Reminder.objects.filter(attempts__gt=1).count()} "
          f"of them claimed more than once")


def test_the_worker_retries_a_group_robot_post_that_answered_500(world, worker):
    from notifications.models import Delivery, DeliveryStatus
    from tests.notifications.robot import OK, Robot

    add_calendar()
    robot = Robot([(500, {"errmsg": "busy"}), OK])
    try:
        world.health.webhook_url = robot.url
        world.health.save()
        worker.start()
        worker.send("duties.tasks.run_daily", "2026-09-01")
        reminders = Reminder.objects.filter(scheduled_on=date(2026, 9, 1))
        wait_until(lambda: reminders.exists() and not reminders.exclude(status="sent").exists(), 60, worker,
                   "the day's reminders in the inboxes")
        worker.send("duties.tasks.send_digests", "2026-09-01")  # the morning digest
        posts = Delivery.objects.filter(channel="webhook", topic=f"department:{world.health.pk}")
        wait_until(lambda: posts.exists() and not posts.exclude(status=DeliveryStatus.SENT).exists(), 60, worker,
                   "the group robot posts, one of them after a retry")
        assert sorted(posts.values_list("attempts", flat=True)) == [1] * (posts.count() - 1) + [2]
        assert len(robot.requests) == posts.count() + 1
        assert "Retry in" in worker.log.read_text()  # Celery's own retry, with its countdown
    finally:
        robot.close()
