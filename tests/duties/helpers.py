from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

from duties import tasks as duty_tasks

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=0, minute=30):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def days(start, end):
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def run_on(day):
    """The beat tick of one day, with the clock frozen at 00:30 Beijing time."""
    with time_machine.travel(at(day), tick=False):
        return duty_tasks.run_daily.delay().get()


def digest_lines(**filters):
    """How many reminders the inbox holds: each is one line of its reader's digest of the day."""
    from notifications.models import InboxItem

    return sum(len(item.message.get("entries", [])) for item in InboxItem.objects.filter(
        key__startswith="duty-digest:", **filters))


def run_digest_on(day):
    """The morning digest of one day (e-mail per person, a group-robot post per department), at 08:00."""
    with time_machine.travel(at(day, 8), tick=False):
        return duty_tasks.send_digests.delay(day.isoformat()).get()
