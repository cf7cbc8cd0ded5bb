"""One pipeline for the web page, the background worker and the command line.

`check` reads and checks a file and writes nothing. `run` checks it again and writes it, all or
nothing, under a lock: the database's rows are compared again after the lock is taken, so two
imports running at once never both create the same serial or interleave their writes.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from ..models import DeliveryImport
from .apply import write
from .messages import UnreadableFile
from .plan import Plan, check_rows
from .read import open_sheet
from .resolve import Resolution, resolve

# An arbitrary constant naming "the delivery import" among PostgreSQL's advisory locks.
IMPORT_LOCK_KEY = 870_912


@dataclass
class Outcome:
    plan: Resolution
    written: bool = False
    shipments_created: int = 0
    units_created: int = 0


@contextmanager
def no_collector_pauses():
    """Python's cycle collector paused while a file is read, checked and written; its state restored after.

    An import allocates millions of tuples, lists and dicts that reference counting frees, and the
    collector, triggered by every 700 allocations, kept walking the ones still alive (the file's rows,
    the plan): a fifth of an import's time on 100,000 rows (scripts/bench_import.py). The pause is as
    long as the import, whose size is bounded (MAX_IMPORT_ROWS); the few cycles it leaves are
    collected as usual once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_and_check_rows(path, *, encoding="", progress=None):
    try:
        sheet = open_sheet(path, encoding=encoding)
    except UnreadableFile as exc:
        return Plan(fatal=exc), 0
    return check_rows(sheet, progress=progress), sheet.estimated_rows


@no_collector_pauses()
def check(path, *, encoding="", progress=None):
    """Every problem, what is already imported, and what an import would create. Writes nothing."""
    plan, _estimate = read_and_check_rows(path, encoding=encoding, progress=progress)
    return resolve(plan)


@no_collector_pauses()
def run(path, *, by, delivery_import=None, encoding="", skip_rejected=False, progress=None, settle=None):
    """Import the file in one transaction. With problems, nothing is written unless `skip_rejected`.

    `settle(outcome)` runs last inside that transaction, under the import lock: the import's own
    record says "imported" in the same commit as the units, and a settle that raises (the job was
    marked failed meanwhile, see states.py) rolls everything back.
    """
    plan, _estimate = read_and_check_rows(path, encoding=encoding, progress=progress)
    if plan.fatal:
        return Outcome(resolve(plan))
    with transaction.atomic(), room_for_the_writes():
        lock_imports()
        resolution = resolve(plan)
        if (resolution.problems and not skip_rejected) or not resolution.has_work:
            outcome = Outcome(resolution)
        else:
            if progress:
                progress("writing", 0, sum(len(units) for units in resolution.new_units.values()))
            shipments, units = write(resolution, by=by, delivery_import=delivery_import, progress=progress)
            outcome = Outcome(resolution, True, shipments, units)
        if settle:
            settle(outcome)
    return outcome


# SQLite's page cache is 2 MB a connection by default. An import of 100,000 rows changes some 40 MB of
# table and index pages (the asset tags' unique index is written in random order); with the default,
# SQLite spills changed pages to the WAL in the middle of the transaction and reads them back, and the
# units' INSERTs took three times as long. The cache is only memory: durability is unchanged
# (synchronous, the journal and the commit are as configured in settings).
IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def room_for_the_writes():
    """On SQLite, a page cache that holds the whole import until it commits; the connection's own after."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def lock_imports():
    """Take the import lock until the surrounding transaction ends; imports then run one at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
    else:
        # SQLite has one writer at a time. Our settings begin transactions IMMEDIATE, which already
        # takes the write lock; this empty UPDATE takes it under the default DEFERRED mode too.
        DeliveryImport.objects.filter(pk=-1).update(rows_done=0)
