"""The demo's history happens on its own dates, not all at the moment `load_demo` runs.

Results are read quarter by quarter from the events' times (logistics.results), so a demo whose
every event is stamped with today would show a programme that did everything this quarter. The
demo therefore runs each step of a shipment's story with the clock set to the day it happened:
the very same services write the very same events, only their `at` differs. This is for the demo
loader alone; nothing that serves requests ever sets the clock.
"""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.utils import timezone

from inventory.models import UnitEvent
from logistics.models import ShipmentEvent

_EVENT_TIMES = [UnitEvent._meta.get_field("at"), ShipmentEvent._meta.get_field("at")]


@contextmanager
def on(day, *, hour=10):
    """Run the block as if it were `day` at `hour`, local time (never later than now)."""
    moment = min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())
    real = timezone.now
    saved = [field.__dict__.get("_get_default") for field in _EVENT_TIMES]
    timezone.now = lambda: moment
    for field in _EVENT_TIMES:
        field._get_default = timezone.now   # the events' `at` default, read once and cached by Django
    try:
        yield
    finally:
        timezone.now = real
        for field, before in zip(_EVENT_TIMES, saved, strict=True):
            if before is None:
                del field.__dict__["_get_default"]
            else:
                field._get_default = before


def days_after(day, n):
    return day + timedelta(days=n)
