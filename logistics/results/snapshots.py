"""A closed quarter's figures, computed once and kept (ResultsSnapshot); the open quarter's, live.

A quarter is closed once its end has passed. Its events can no longer change (they are append-only
and stamped when they happen), so its figures for the whole programme and for every slice of every
breakdown are computed in one pass of grouped queries and stored; after that, the page and the
report read a few rows. Two requests that find a quarter missing do not both compute it: the first
takes a lock, the second waits for it and then reads what the first wrote.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, connection, transaction

from ..models import ResultsSnapshot, SnapshotValue
from . import facts, grouping
from .breakdowns import DIMENSIONS
from .indicators import REGISTRY

LOCK = 1_5005   # the advisory-lock namespace of results snapshots (PostgreSQL), with the quarter as key


def _stored(value):
    return None if value is None else Decimal(value)


def _read(definition, value):
    if value is None or definition not in REGISTRY:
        return value
    return int(value) if REGISTRY[definition].measure == "count" else value


def _lock(quarter):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK, quarter.year * 10 + quarter.number])


def fill(quarter):
    """Compute and store `quarter`'s figures unless they are there; True when this call computed them."""
    if not quarter.is_closed():
        raise ValueError(f"{quarter} has not ended: its figures can still change")
    try:
        with transaction.atomic():
            _lock(quarter)
            if ResultsSnapshot.objects.filter(period=str(quarter)).exists():
                return False
            known, register = facts.compute(quarter.end), grouping.register()
            snapshot = ResultsSnapshot.objects.create(period=str(quarter))
            SnapshotValue.objects.bulk_create(
                SnapshotValue(snapshot=snapshot, dimension=dimension, key=key, definition=name, value=_stored(v))
                for dimension in (grouping.WHOLE, *DIMENSIONS)
                for key, figures in grouping.values(known, dimension, register).items()
                for name, v in figures.items())
            return True
    except IntegrityError:   # computed meanwhile by another process (SQLite has no advisory lock)
        return False


def read(quarters, dimension):
    """{quarter: {key: {definition: value}}} of closed `quarters`, filled first where missing."""
    have = set(ResultsSnapshot.objects.filter(period__in=[str(q) for q in quarters]).values_list("period", flat=True))
    for quarter in quarters:
        if str(quarter) not in have:
            fill(quarter)
    by_name = {str(q): q for q in quarters}
    out = {q: defaultdict(dict) for q in quarters}
    rows = SnapshotValue.objects.filter(snapshot__period__in=list(by_name), dimension=dimension) \
        .values_list("snapshot__period", "key", "definition", "value")
    for period, key, definition, value in rows:
        out[by_name[period]][key][definition] = _read(definition, value)
    return out


class Figures:
    """Every figure one page or report needs: closed quarters from their snapshots, the open one
    computed once from its facts."""

    def __init__(self):
        self._facts, self._register = {}, None

    def tables(self, quarters, dimension):
        """{quarter: {key: {definition: value}}}; a slice missing from a table holds nothing."""
        closed = [q for q in quarters if q.is_closed()]
        out = read(closed, dimension) if closed else {}
        for quarter in quarters:
            if quarter not in out:
                if quarter not in self._facts:
                    self._facts[quarter] = facts.compute(quarter.end)
                self._register = self._register or grouping.register()
                out[quarter] = grouping.values(self._facts[quarter], dimension, self._register)
        return out

    def value(self, table, key, definition):
        found = table.get(key, {}).get(definition, _MISSING)
        return grouping.default(REGISTRY[definition].measure) if found is _MISSING else found


_MISSING = object()
