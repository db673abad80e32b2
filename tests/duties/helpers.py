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
