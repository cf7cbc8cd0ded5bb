"""Write a resolution (resolve.py): shipments, their lines, and units through the life cycle's bulk path.

The caller holds the transaction and the import lock (see pipeline.py); a failure anywhere here
rolls back everything the import wrote. Units and their first events are created only by
`inventory.lifecycle.create_units`; each unit names its own shipment and waybill, so one call a batch
serves every shipment in the file.

Shipments are few (bulk_create); lines, units, events and links are many, and are written with
multi-row INSERTs (inventory.bulk_insert): a model instance per row would cost more than the row.
"""

from collections import Counter, defaultdict

from django.db.models import F

from inventory import lifecycle
from inventory.bulk_insert import insert_rows

from .. import shipments
from ..models import Shipment, ShipmentLine, ShipmentUnit

BATCH = 2000


def write(resolution, *, by, delivery_import=None, progress=None):
    """Create what the resolution lists; return (shipments created, units created)."""
    keys = set(resolution.new_units) | {key for key, _item in resolution.new_counted}
    drafts = {key: resolution.drafts[key] for key in keys}
    shipment_ids = {key: resolution.shipment_id(key) for key in drafts}
    new_keys = [key for key, shipment_id in shipment_ids.items() if shipment_id is None]
    created = Shipment.objects.bulk_create([
        Shipment(waybill_number=d.waybill, supplier=d.supplier, contract=d.contract, dispatch_date=d.dispatch_date,
                 destination_id=d.destination_id, delivery_import=delivery_import, created_by=by)
        for d in (drafts[key] for key in new_keys)], batch_size=BATCH)
    shipments.record_created([s.pk for s in created], by=by,
                             note=delivery_import.original_name if delivery_import else "")
    shipment_ids.update(zip(new_keys, (s.pk for s in created), strict=True))

    line_ids = _write_lines(resolution, shipment_ids)
    # One call for the whole file, not one per shipment: each unit carries its own waybill and
    # shipment, so the life cycle writes in full batches whatever the shipments' sizes.
    specs = []
    for key, units in resolution.new_units.items():
        draft, shipment_id = drafts[key], shipment_ids[key]
        specs.extend(lifecycle.NewUnit(unit.item_id, unit.serial, draft.destination_id, shipment_id, draft.waybill)
                     for unit in units)
    total = len(specs)
    done = 0
    for start in range(0, total, BATCH):
        batch = specs[start:start + BATCH]
        new = lifecycle.create_units(batch, by=by, batch_size=BATCH)
        _link_units(batch, new, line_ids)
        done += len(new)
        if progress:
            progress("writing", done, total)
    return len(created), done


def _link_units(specs, units, line_ids):
    insert_rows(ShipmentUnit, ("shipment_id", "unit_id", "line_id"),
                [(spec.shipment_id, u.pk, line_ids[(spec.shipment_id, u.item_id)])
                 for spec, u in zip(specs, units, strict=True)])


def _write_lines(resolution, shipment_ids):
    """One line per (shipment, item): new serialised units add to an existing draft's line."""
    wanted = defaultdict(int)
    for key, units in resolution.new_units.items():
        for item_id, count in Counter(unit.item_id for unit in units).items():
            wanted[(shipment_ids[key], item_id)] += count
    for (key, item_id), quantity in resolution.new_counted.items():
        wanted[(shipment_ids[key], item_id)] += quantity
    line_ids = {}
    fresh = []
    for (shipment_id, item_id), quantity in wanted.items():
        if (line_id := resolution.existing_lines.get((shipment_id, item_id))) is not None:
            ShipmentLine.objects.filter(pk=line_id).update(quantity_expected=F("quantity_expected") + quantity)
            line_ids[(shipment_id, item_id)] = line_id
        else:
            fresh.append((shipment_id, item_id, quantity))
    line_ids.update(((shipment_id, item_id), pk) for pk, shipment_id, item_id in insert_rows(
        ShipmentLine, ("shipment_id", "item_id", "quantity_expected"), fresh,
        returning=("id", "shipment_id", "item_id")))
    return line_ids
