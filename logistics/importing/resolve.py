"""Compare checked rows with the database, in a few set-wise queries.

A row is identified by (item, serial) for a serialised unit and by (supplier, waybill, item) for a
counted line: a row imported before is reported as already imported, never created twice; a row that
clashes with what the system holds becomes a problem. The import runs this again under its lock.
"""

from collections import defaultdict

from inventory.models import Unit

from ..models import Shipment, ShipmentLine, ShipmentUnit
from .headers import fold
from .plan import Problem

CHUNK = 5000  # ids per IN (...) query: far below SQLite's and PostgreSQL's parameter limits


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def resolve(plan):
    """Compare the checked rows with the database: already imported, clashing, or new."""
    if plan.fatal:
        return plan
    plan.already, plan.new_units, plan.new_counted, plan.existing_lines = [], {}, {}, {}
    plan.problems = [p for p in plan.problems if p.code not in _DB_CODES]
    _find_existing_shipments(plan)
    titles = {name: plan.header.title_of(name) for name in ("destination_bin", "serial", "quantity", "waybill")}
    rejected = set()

    def bad(row, column, value, code, /, **params):
        plan.problems.append(Problem(row, titles[column], value, code, params))
        rejected.add(row)

    for draft in plan.drafts.values():
        if draft.existing and draft.existing_destination != draft.destination_id:
            for row in draft.rows:
                bad(row, "waybill", draft.waybill, "waybill_other_destination", name=draft.existing_name)
    taken = _existing_units(plan)
    waybills = {}
    for row, key, item_id, serial in plan.units:
        if row in rejected:
            continue
        draft = plan.drafts[key]
        if (item_id, serial) in taken:
            shipment_ids = taken[(item_id, serial)]
            if draft.existing in shipment_ids:
                plan.already.append(row)
            elif shipment_ids:
                waybills = waybills or _waybills_of(taken)
                bad(row, "serial", serial, "serial_exists", waybill=", ".join(sorted(
                    waybills.get(s, "?") for s in shipment_ids)))
            else:
                bad(row, "serial", serial, "serial_exists_elsewhere")
            continue
        if draft.existing and draft.existing_status != Shipment.Status.DRAFT:
            bad(row, "waybill", draft.waybill, "shipment_not_draft", status=draft.existing_status_label)
            continue
        plan.new_units.setdefault(key, []).append((item_id, serial))
    existing = _existing_lines(plan)
    for (key, item_id), (quantity, rows) in plan.counted.items():
        draft = plan.drafts[key]
        if any(r in rejected for r in rows):
            continue
        if (draft.existing, item_id) in existing:
            have = existing[(draft.existing, item_id)][1]
            if have == quantity:
                plan.already.extend(rows)
            else:
                for row in rows:
                    bad(row, "quantity", str(quantity), "line_quantity_differs", existing=have, new=quantity)
            continue
        if draft.existing and draft.existing_status != Shipment.Status.DRAFT:
            for row in rows:
                bad(row, "waybill", draft.waybill, "shipment_not_draft", status=draft.existing_status_label)
            continue
        plan.new_counted[(key, item_id)] = quantity
    plan.existing_lines = {k: v[0] for k, v in existing.items()}
    plan.problems.sort(key=lambda p: p.row)
    plan.already.sort()
    return plan


_DB_CODES = {"waybill_other_destination", "serial_exists", "serial_exists_elsewhere", "shipment_not_draft",
             "line_quantity_differs"}


def _find_existing_shipments(plan):
    by_waybill = defaultdict(list)
    for key, draft in plan.drafts.items():
        by_waybill[draft.waybill].append(key)
        draft.existing = None
    for chunk in _chunks(by_waybill):
        for shipment in (Shipment.objects.filter(waybill_number__in=chunk).select_related("destination")
                         .only("pk", "supplier", "waybill_number", "status", "destination__name_ru",
                               "destination__name_kk", "destination__name_en", "destination_id")):
            draft = plan.drafts.get((fold(shipment.supplier), shipment.waybill_number.casefold()))
            if draft is not None:
                draft.existing = shipment.pk
                draft.existing_status = shipment.status
                draft.existing_status_label = str(shipment.get_status_display())
                draft.existing_destination = shipment.destination_id
                draft.existing_name = shipment.destination.name


def _existing_units(plan):
    """(item_id, serial) → ids of the shipments that carry that unit, for units the file names."""
    wanted = {(item_id, serial) for _r, _k, item_id, serial in plan.units}
    found = {}
    for chunk in _chunks({serial for _i, serial in wanted}):
        for pk, item_id, serial in Unit.objects.filter(serial__in=chunk).values_list("pk", "item_id", "serial"):
            if (item_id, serial) in wanted:
                found[pk] = (item_id, serial)
    taken = {pair: set() for pair in found.values()}
    for chunk in _chunks(found):
        for unit_id, shipment_id in ShipmentUnit.objects.filter(unit_id__in=chunk).values_list("unit_id",
                                                                                                "shipment_id"):
            taken[found[unit_id]].add(shipment_id)
    return taken


def _waybills_of(taken):
    ids = set().union(*taken.values())
    return dict(Shipment.objects.filter(pk__in=ids).values_list("pk", "waybill_number"))


def _existing_lines(plan):
    """(shipment_id, item_id) → (line id, expected quantity) on the shipments the file names."""
    ids = [d.existing for d in plan.drafts.values() if d.existing]
    lines = {}
    for chunk in _chunks(ids):
        for pk, shipment_id, item_id, quantity in ShipmentLine.objects.filter(
                shipment_id__in=chunk).values_list("pk", "shipment_id", "item_id", "quantity_expected"):
            lines[(shipment_id, item_id)] = (pk, quantity)
    return lines
