"""Compare checked rows with the database, in a few set-wise queries.

A row is identified by (item, serial) for a serialised unit and by (supplier, waybill, item) for a
counted line: a row imported before is reported as already imported, never created twice; a row that
clashes with what the system holds becomes a problem. The import runs this again under its lock, on
the same checked Plan: `resolve` returns a new Resolution each time and never changes the Plan.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection

from inventory.models import Institution, Unit

from ..models import Shipment, ShipmentLine, ShipmentUnit
from .headers import fold
from .plan import Plan, Problem

CHUNK = 5000  # ids per IN (...) query: far below SQLite's and PostgreSQL's parameter limits


class ExistingShipment(NamedTuple):
    """The shipment the system already has under a draft's supplier and waybill."""

    pk: int
    status: str
    status_label: str
    destination_id: int
    destination_name: str

    @property
    def accepts_units(self):
        """Only a draft takes more units or lines: once dispatched, the waybill is what was sent."""
        return Shipment(status=self.status).is_draft


class ExistingLine(NamedTuple):
    pk: int
    quantity: int


@dataclass(frozen=True)
class Resolution:
    """A checked file compared with the database: its problems, what is already there, what to write."""

    plan: Plan
    problems: list = field(default_factory=list)  # the rows' own problems and the database's, by row
    already: list = field(default_factory=list)  # rows imported before
    existing: dict = field(default_factory=dict)  # draft key → ExistingShipment
    new_units: dict = field(default_factory=dict)  # draft key → [PlannedUnit]
    new_counted: dict = field(default_factory=dict)  # (draft key, item_id) → quantity
    existing_lines: dict = field(default_factory=dict)  # (shipment_id, item_id) → line id

    # What the file says, as the preview, the report and the tests read it.
    header = property(lambda self: self.plan.header)
    sheet_name = property(lambda self: self.plan.sheet_name)
    encoding = property(lambda self: self.plan.encoding)
    rows_total = property(lambda self: self.plan.rows_total)
    drafts = property(lambda self: self.plan.drafts)
    fatal = property(lambda self: self.plan.fatal)

    @property
    def rejected_rows(self):
        return {p.row for p in self.problems}

    @property
    def rows_valid(self):
        return self.rows_total - len(self.rejected_rows) - len(self.already)

    @property
    def has_work(self):
        return bool(self.new_units or self.new_counted)

    def shipment_id(self, key):
        """The primary key of the shipment the system has for this draft, or None for a new one."""
        existing = self.existing.get(key)
        return existing.pk if existing else None

    def summary(self):
        """Per destination: new shipments, lines and units, as the preview lists them."""
        per = defaultdict(lambda: {"shipments": 0, "lines": 0, "units": 0, "pieces": 0})
        for key, draft in self.drafts.items():
            units = self.new_units.get(key, [])
            lines = {u.item_id for u in units} | {i for (k, i) in self.new_counted if k == key}
            if not lines:
                continue
            entry = per[draft.destination_id]
            entry["shipments"] += key not in self.existing
            entry["lines"] += len(lines)
            entry["units"] += len(units)
            entry["pieces"] += sum(q for (k, _i), q in self.new_counted.items() if k == key)
        institutions = {i.pk: i for i in Institution.objects.filter(pk__in=per)}
        return [{"destination_id": pk, "bin": institutions[pk].bin, "name_ru": institutions[pk].name_ru,
                 "name_kk": institutions[pk].name_kk, "name_en": institutions[pk].name_en, **counts}
                for pk, counts in sorted(per.items(), key=lambda kv: institutions[kv[0]].name_ru)]


def resolve(plan):
    """Compare the checked rows with the database: already imported, clashing, or new."""
    if plan.fatal:
        return Resolution(plan, problems=list(plan.problems))
    existing = _existing_shipments(plan)
    clashes = _Clashes(plan)
    for key, draft in plan.drafts.items():
        shipment = existing.get(key)
        if shipment and shipment.destination_id != draft.destination_id:
            for row in draft.rows:
                clashes.add(row, "waybill", draft.waybill, "waybill_other_destination",
                            name=shipment.destination_name)
    already, new_units = _resolve_units(plan, existing, clashes)
    lines = _existing_lines(existing)
    new_counted = _resolve_counted(plan, existing, lines, clashes, already)
    return Resolution(plan, problems=sorted([*plan.problems, *clashes.problems], key=lambda p: p.row),
                      already=sorted(already), existing=existing, new_units=new_units, new_counted=new_counted,
                      existing_lines={k: line.pk for k, line in lines.items()})


class _Clashes:
    """Problems with the database, and the rows they reject."""

    def __init__(self, plan):
        self.titles = {name: plan.header.title_of(name) for name in ("serial", "quantity", "waybill")}
        self.problems, self.rows = [], set()

    def add(self, row, column, value, code, /, **params):
        self.problems.append(Problem(row, self.titles[column], value, code, params))
        self.rows.add(row)

    def not_draft(self, rows, draft, shipment):
        for row in rows:
            self.add(row, "waybill", draft.waybill, "shipment_not_draft", status=shipment.status_label)


def _resolve_units(plan, existing, clashes):
    """Serialised rows: (rows imported before, draft key → [PlannedUnit] to create)."""
    taken = _existing_units(plan)
    already, new_units, waybills = [], {}, {}
    for unit in plan.units:
        if unit.row in clashes.rows:
            continue
        shipment = existing.get(unit.key)
        if (shipment_ids := taken.get((unit.item_id, unit.serial))) is not None:
            if shipment and shipment.pk in shipment_ids:
                already.append(unit.row)
            elif shipment_ids:
                waybills = waybills or _waybills_of(taken)
                clashes.add(unit.row, "serial", unit.serial, "serial_exists", waybill=", ".join(sorted(
                    waybills.get(s, "?") for s in shipment_ids)))
            else:
                clashes.add(unit.row, "serial", unit.serial, "serial_exists_elsewhere")
        elif shipment and not shipment.accepts_units:
            clashes.not_draft([unit.row], plan.drafts[unit.key], shipment)
        else:
            new_units.setdefault(unit.key, []).append(unit)
    return already, new_units


def _resolve_counted(plan, existing, lines, clashes, already):
    """Counted lines: (draft key, item_id) → quantity to create; lines imported before join `already`."""
    new_counted = {}
    for (key, item_id), (quantity, rows) in plan.counted.items():
        if any(r in clashes.rows for r in rows):
            continue
        shipment = existing.get(key)
        line = lines.get((shipment.pk, item_id)) if shipment else None
        if line is not None:
            if line.quantity == quantity:
                already.extend(rows)
            else:
                for row in rows:
                    clashes.add(row, "quantity", str(quantity), "line_quantity_differs", existing=line.quantity,
                                new=quantity)
        elif shipment and not shipment.accepts_units:
            clashes.not_draft(rows, plan.drafts[key], shipment)
        else:
            new_counted[(key, item_id)] = quantity
    return new_counted


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _existing_shipments(plan):
    """Draft key → ExistingShipment, for the drafts whose supplier and waybill the system already has."""
    existing = {}
    for chunk in _chunks({draft.waybill for draft in plan.drafts.values()}):
        for shipment in (Shipment.objects.filter(waybill_number__in=chunk).select_related("destination")
                         .only("pk", "supplier", "waybill_number", "status", "destination__name_ru",
                               "destination__name_kk", "destination__name_en", "destination_id")):
            key = (fold(shipment.supplier), shipment.waybill_number.casefold())
            if key in plan.drafts:
                existing[key] = ExistingShipment(shipment.pk, shipment.status, str(shipment.get_status_display()),
                                                 shipment.destination_id, shipment.destination.name)
    return existing


def _existing_units(plan):
    """(item_id, serial) → ids of the shipments that carry that unit, for units the file names."""
    wanted = {(unit.item_id, unit.serial) for unit in plan.units}
    found = {}
    for pk, item_id, serial in _rows_where_in(Unit, ("id", "item_id", "serial"), "serial", {s for _i, s in wanted}):
        if (item_id, serial) in wanted:
            found[pk] = (item_id, serial)
    taken = {pair: set() for pair in found.values()}
    for unit_id, shipment_id in _rows_where_in(ShipmentUnit, ("unit_id", "shipment_id"), "unit_id", found):
        taken[found[unit_id]].add(shipment_id)
    return taken


def _rows_where_in(model, columns, column, values):
    """The `columns` of `model`'s rows whose `column` is one of `values`, in chunks.

    Plain SQL: the ORM prepares each value of an IN (...) on its own, and for a file's 100,000 serials
    that took longer than the queries themselves.
    """
    qn = connection.ops.quote_name
    select = f"SELECT {', '.join(map(qn, columns))} FROM {qn(model._meta.db_table)} WHERE {qn(column)} IN "  # noqa: S608 (our names)
    with connection.cursor() as cursor:
        for chunk in _chunks(values):
            cursor.execute(select + f"({', '.join(['%s'] * len(chunk))})", chunk)
            yield from cursor.fetchall()


def _waybills_of(taken):
    ids = set().union(*taken.values())
    return dict(Shipment.objects.filter(pk__in=ids).values_list("pk", "waybill_number"))


def _existing_lines(existing):
    """(shipment_id, item_id) → ExistingLine, on the shipments the file names."""
    lines = {}
    for chunk in _chunks({shipment.pk for shipment in existing.values()}):
        for pk, shipment_id, item_id, quantity in ShipmentLine.objects.filter(
                shipment_id__in=chunk).values_list("pk", "shipment_id", "item_id", "quantity_expected"):
            lines[(shipment_id, item_id)] = ExistingLine(pk, quantity)
    return lines
