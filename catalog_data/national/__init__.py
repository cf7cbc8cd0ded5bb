"""The national demo (`manage.py load_demo --scale national`): a whole country's data on top of the demo.

All 20 regions with their real districts and cities, about 7,500 institutions inside their areas,
a million units across the catalogue with some five million events, and 30,000 shipments, in every
status the life cycles allow. It is what the page benchmark (`scripts/bench_pages.py`) measures on.
Smaller runs (`--units 2000`) keep the proportions: a shipment per 33 units, 7,500 institutions per
million units (at least 60).

Generated in bulk (`bulk`: COPY on PostgreSQL) in one transaction, a chunk of shipments at a time;
run again, it adds nothing (the national shipments are there).
"""

import queue
import random
import threading
import time
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection, transaction

from inventory.models import Institution, Item, Room, Unit, UnitEvent
from logistics.models import Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit

from . import areas, histories, institutions
from .bulk import Ids, constraints_after, is_postgres, timestamp

VERSION = 1  # raise when the generated data changes: the benchmark reloads a database of another version
SEED = 8709
CHUNK = 1000  # shipments written at a time: bounded memory, long COPYs
def tell_all(world, scale, count, chunks):
    """Every shipment's story, a chunk at a time into `chunks`; None when done, or the error."""
    try:
        rng = world.rng
        sizes = histories.sizes(scale.units, count, rng)
        statuses = histories.statuses(count, rng)
        span = histories.END - histories.START
        for first in range(0, count, CHUNK):
            for number in range(first, min(first + CHUNK, count)):
                when = int(histories.START + span * number / count + rng.randint(0, 86400))
                histories.tell(world, number + 1, sizes[number], statuses[number], when - when % 3600)
            chunks.put(world.take())
        chunks.put(None)
    except BaseException as error:  # handed to the writing thread, which raises it
        chunks.put(error)


BULK_MODELS = [Shipment, ShipmentLine, Unit, ShipmentUnit, UnitEvent, ShipmentEvent]


@dataclass(frozen=True)
class Scale:
    units: int = 1_000_000

    @property
    def shipments(self):
        return max(3, round(self.units / 33.3))

    @property
    def institutions(self):
        return max(60, round(self.units * 0.0075))


def loaded():
    return Shipment.objects.filter(waybill_number__startswith=histories.PREFIX).exists()


def load(scale, say=print):
    """Add the national data to the loaded demo; returns a one-line summary."""
    if loaded():
        return f"already loaded ({Unit.objects.count()} units)"
    started = time.monotonic()
    frame = areas.read()
    made_areas = areas.load(frame)
    made_institutions = institutions.load(frame, scale.institutions, SEED)
    say(f"  national areas {made_areas}, institutions {made_institutions} ({time.monotonic() - started:.1f} s)")
    with transaction.atomic():
        if is_postgres():
            with connection.cursor() as cursor:
                # Checked row by row instead of queued to the commit: millions of queued checks cost memory.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with constraints_after(BULK_MODELS):
            written = histories_of(scale, say)
        say(f"  national indexes and constraints back ({time.monotonic() - started:.0f} s)")
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, before anyone opens a page
    return (f"{made_institutions} institutions, {written['shipments']} shipments, {written['units']} units, "
            f"{written['events']} unit events ({time.monotonic() - started:.0f} s)")


def histories_of(scale, say):
    """The shipments, units and events, written as they are told; returns how many of each."""
    rng = random.Random(SEED)
    ids = Ids()
    officer = User.objects.filter(username="officer").values_list("pk", flat=True).first()
    world = histories.World(
        institutions=list(Institution.objects.order_by("pk").values_list("pk", flat=True)),
        items=list(Item.objects.filter(tracking=Item.Tracking.SERIALISED).order_by("pk").values_list("pk", flat=True)),
        officer_id=officer, ids=ids, taken_tags=set(Unit.objects.values_list("asset_tag", flat=True)), rng=rng)
    world.room_codes = set(Room.objects.values_list("code", flat=True))
    for model in [Room, *BULK_MODELS]:
        ids.take(model, 0)  # read every table's next key now: the story thread never touches the database
    timestamp(0)  # and knows the backend's time format before it starts
    count = scale.shipments
    chunks = queue.Queue(maxsize=2)
    teller = threading.Thread(target=tell_all, args=(world, scale, count, chunks), daemon=True)
    teller.start()
    totals = {"shipments": 0, "units": 0, "events": 0}
    started = time.monotonic()
    # The stories are told on another thread while this one writes the previous chunk: PostgreSQL
    # takes in one chunk while Python makes the next.
    while (chunk := chunks.get()) is not None:
        if isinstance(chunk, BaseException):
            raise chunk
        for table, rows in chunk:
            written = table.write(rows)
            for name, model in (("shipments", Shipment), ("units", Unit), ("events", UnitEvent)):
                if table.model is model:
                    totals[name] += written
        say(f"  national {totals['shipments']}/{count} shipments, {totals['units']} units, "
            f"{totals['events']} events ({time.monotonic() - started:.0f} s)")
    teller.join()
    ids.reset_sequences([Room, *BULK_MODELS])
    return totals
