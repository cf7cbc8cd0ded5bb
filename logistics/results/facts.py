# ruff: noqa: S608 -- the SQL here is built from our own table names and status constants; dates are parameters.
"""What every indicator needs at a moment, read in a few grouped queries: counts per (holder, item),
packs per (destination, item) and one row per shipment. Folding these (grouping.py) gives every
indicator for the whole programme and for every slice of every breakdown at once.

The per-slice functions of indicators.py say the same thing one slice at a time and name the rows
behind a number; a test holds the two to the same figures. Here a million units cost a handful of
statements: never a query per slice, never a unit loaded into Python.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Min, Q, Sum
from django.utils import timezone

from inventory.models import Item, StatusGroups, Unit, UnitEvent

from ..models import Finding, Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit

A = ShipmentEvent.Action
FOUND = (Finding.Result.IN_PLACE, Finding.Result.ELSEWHERE)


@dataclass
class Facts:
    """The data as it stood at `end`, grouped as finely as any breakdown needs."""

    end: object
    # (holder_id, item_id) -> Counter of arrived, installed, verified, in_use, dispatched, signed,
    # judged (units of closed receipts) and discrepant (of those, damaged or missing at receipt)
    units: dict = field(default_factory=lambda: defaultdict(Counter))
    packs: dict = field(default_factory=dict)        # (destination_id, item_id) -> confirmed quantity
    shipments: list = field(default_factory=list)    # (destination_id, planned, reached, days or None)
    any_finding: bool = False                        # has any verification visit answered yet


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _in(values):
    """A literal IN list of our own status names (never user input): no parameters to count."""
    return "(" + ", ".join(f"'{v}'" for v in sorted(values)) + ")"


def _current(end):
    """Whether nothing has happened at or after `end`: then a unit's status then is its status now."""
    return not UnitEvent.objects.filter(at__gte=end).exists()


def _unit_rows(end):
    """(holder, item, status then, ever arrived, latest finding found-and-in-use, verified, count)."""
    unit, event, finding = _table(Unit), _table(UnitEvent), _table(Finding)
    arrived = _in(StatusGroups.ARRIVED)
    findings = f"""
        SELECT unit_id, result, in_use FROM (
            SELECT unit_id, result, in_use, ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY at DESC, id DESC) AS n
            FROM {finding} WHERE at < %s) latest WHERE n = 1"""
    if _current(end):
        # The open quarter: the status now is the status then, and only units whose status is not an
        # arrived one need their history read to know whether they ever arrived (a few percent).
        history = f"""
            SELECT u.id AS unit_id, u.status AS status,
                   CASE WHEN u.status IN {arrived} OR EXISTS (SELECT 1 FROM {event} e WHERE e.unit_id = u.id
                        AND e.new_status IN {arrived}) THEN 1 ELSE 0 END AS arrived
            FROM {unit} u"""
        params = []
    else:
        history = f"""
            SELECT unit_id, status, arrived FROM (
                SELECT unit_id, new_status AS status,
                       ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY at DESC, id DESC) AS n,
                       MAX(CASE WHEN new_status IN {arrived} THEN 1 ELSE 0 END) OVER (PARTITION BY unit_id) AS arrived
                FROM {event} WHERE at < %s) ranked WHERE n = 1"""
        params = [end]
    sql = f"""
        SELECT u.holder_id, u.item_id, h.status, h.arrived,
               CASE WHEN f.unit_id IS NULL THEN 0 ELSE 1 END,
               CASE WHEN f.result IN {_in(FOUND)} AND f.in_use THEN 1 ELSE 0 END, COUNT(*)
        FROM ({history}) h JOIN {unit} u ON u.id = h.unit_id LEFT JOIN ({findings}) f ON f.unit_id = h.unit_id
        GROUP BY u.holder_id, u.item_id, h.status, h.arrived, 5, 6"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, end])
        return cursor.fetchall()


def _add_units(facts, rows):
    for holder, item, status, arrived, answered, used, n in rows:
        counts = facts.units[(holder, item)]
        if arrived:
            counts["arrived"] += n
            counts["verified"] += n if answered else 0
            counts["in_use"] += n if answered and used else 0
        if status == Unit.Status.INSTALLED:
            counts["installed"] += n


def _flags(end):
    """Per shipment, which steps it had taken before `end`: a subquery of 0/1 columns."""
    steps = ", ".join(f"MAX(CASE WHEN action = '{a}' THEN 1 ELSE 0 END) AS did_{a}"
                      for a in (A.DISPATCHED, A.ACT_SIGNED, A.CLOSED))
    return f"SELECT shipment_id, {steps} FROM {_table(ShipmentEvent)} WHERE at < %s GROUP BY shipment_id"


def _carried_rows(end):
    """(holder, item, dispatched, signed, judged, discrepant): the units shipments carried."""
    discrepant = (f"SELECT DISTINCT unit_id FROM {_table(UnitEvent)} WHERE shipment_id IS NOT NULL "
                  f"AND new_status IN {_in(StatusGroups.DISCREPANT)} AND at < %s")
    sql = f"""
        SELECT u.holder_id, u.item_id, SUM(f.did_{A.DISPATCHED}), SUM(f.did_{A.DISPATCHED} * f.did_{A.ACT_SIGNED}),
               SUM(f.did_{A.CLOSED}), SUM(CASE WHEN f.did_{A.CLOSED} = 1 AND x.unit_id IS NOT NULL THEN 1 ELSE 0 END)
        FROM {_table(ShipmentUnit)} su JOIN ({_flags(end)}) f ON f.shipment_id = su.shipment_id
        JOIN {_table(Unit)} u ON u.id = su.unit_id LEFT JOIN ({discrepant}) x ON x.unit_id = su.unit_id
        GROUP BY u.holder_id, u.item_id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [end, end])
        return cursor.fetchall()


def _add_carried(facts, rows):
    for holder, item, *numbers in rows:
        counts = facts.units[(holder, item)]
        for name, n in zip(("dispatched", "signed", "judged", "discrepant"), numbers, strict=True):
            counts[name] += int(n or 0)


def _packs(end):
    closed = ShipmentEvent.objects.filter(action=A.CLOSED, at__lt=end).values("shipment_id")
    rows = (ShipmentLine.objects.order_by().filter(item__tracking=Item.Tracking.COUNTED, shipment__in=closed)
            .values_list("shipment__destination_id", "item_id").annotate(n=Sum("quantity_received")))
    return {(destination, item): n or 0 for destination, item, n in rows}


def _shipments(end):
    """(destination, planned, reached, days from dispatch to first arrival or None), one per shipment."""
    def first(*actions):
        return Min("events__at", filter=Q(events__action__in=actions, events__at__lt=end))
    rows = (Shipment.objects.order_by()
            .annotate(created=first(A.CREATED), sent=first(A.DISPATCHED), came=first(A.FIRST_ARRIVAL, A.ALL_ARRIVED))
            .values_list("destination_id", "created", "sent", "came"))
    out = []
    for destination, created, sent, came in rows:
        days = (timezone.localdate(came) - timezone.localdate(sent)).days if sent and came else None
        out.append((destination, created is not None, came is not None, days))
    return out


def compute(end):
    """Everything the indicators read, as it stood just before `end`."""
    facts = Facts(end)
    _add_units(facts, _unit_rows(end))
    _add_carried(facts, _carried_rows(end))
    facts.packs = _packs(end)
    facts.shipments = _shipments(end)
    facts.any_finding = Finding.objects.filter(at__lt=end).exists()
    return facts
