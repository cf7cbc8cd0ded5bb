"""Figures over the whole programme (every unit, every institution), computed once per version of the data.

Every change of a unit's status or holder appends a UnitEvent, and a new unit comes with its first
one, so the newest event's key names the state of every unit: one index look-up tells whether a
cached figure still holds. Institutions (the register) add their own newest key and count. A figure
is recomputed on the first request after anything moved, never served stale; the timeout only
bounds what an edit outside the life cycle (the register's admin) could leave behind.
"""

from django.core.cache import cache
from django.db import connection

from .models import Institution, UnitEvent

TIMEOUT = 300


def units_and_institutions():
    """The version of the units' and the register's data, in one statement."""
    return newest([(UnitEvent, "MAX(id)"), (Institution, "MAX(id)"), (Institution, "COUNT(*)")])


def newest(parts):
    """One statement for several tables' figures: [(model, "MAX(id)" or another aggregate)] -> "a.b.c"."""
    quote = connection.ops.quote_name
    selects = ", ".join(f"(SELECT {aggregate} FROM {quote(model._meta.db_table)})"  # noqa: S608 (our own names)
                        for model, aggregate in parts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return ".".join(str(v) for v in cursor.fetchone())


def cached(name, version, compute):
    """`compute()`'s value for this version of the data, from the cache when it has it."""
    key = f"data-version:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
