"""A shipment's own status: dispatching it, following its receipt, closing it.

A shipment's status changes only here, and each change that moves units does so through
inventory.lifecycle in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.models import Unit

from .models import Shipment

U = Unit.Status
ARRIVED = {U.RECEIVED, U.DAMAGED, U.INSTALLED}


class ShipmentStateError(Exception):
    """The message is translated and can be shown to the user as it is."""


def _locked(shipment_id):
    return Shipment.objects.select_for_update().get(pk=shipment_id)


def dispatch(shipment_id, *, by):
    """Send a draft shipment on its way: every unit it carries goes in transit."""
    with transaction.atomic():
        shipment = _locked(shipment_id)
        if shipment.status != Shipment.Status.DRAFT:
            raise ShipmentStateError(
                _("Shipment %(waybill)s is “%(status)s”; only a draft can be dispatched.")
                % {"waybill": shipment.waybill_number, "status": shipment.get_status_display()})
        if not shipment.lines.exists():
            raise ShipmentStateError(_("Shipment %(waybill)s has no lines to dispatch.")
                                     % {"waybill": shipment.waybill_number})
        unit_ids = list(shipment.units.values_list("pk", flat=True))
        lifecycle.change_status_many(unit_ids, U.IN_TRANSIT, by=by, reference=shipment.waybill_number,
                                     shipment_id=shipment.pk)
        Shipment.objects.filter(pk=shipment.pk).update(status=Shipment.Status.DISPATCHED,
                                                       dispatched_at=timezone.now())
    shipment.refresh_from_db()
    return shipment


def receipt_counts(shipment):
    """Expected and arrived units, and counted quantities, as the receipt page shows them."""
    statuses = list(shipment.units.values_list("status", flat=True))
    counted = [line for line in shipment.lines.select_related("item") if not line.item.is_serialised]
    return {
        "units_expected": len(statuses),
        "units_arrived": sum(1 for s in statuses if s in ARRIVED),
        "units_damaged": sum(1 for s in statuses if s == U.DAMAGED),
        "units_missing": sum(1 for s in statuses if s == U.MISSING),
        "counted_expected": sum(line.quantity_expected for line in counted),
        "counted_received": sum(line.quantity_received or 0 for line in counted),
    }


def note_unit_arrived(shipment):
    """A unit of `shipment` has just arrived, in the caller's transaction, which holds the shipment's lock.

    While other units are still on their way the receipt has merely started, which is one UPDATE
    on the shipment's first arrival and nothing on the ones after it; the last arrival settles it.
    """
    if not shipment.units.filter(status=U.IN_TRANSIT).exists():
        return note_receipt_progress(shipment.pk)
    if shipment.status == Shipment.Status.DISPATCHED:
        Shipment.objects.filter(pk=shipment.pk).update(status=Shipment.Status.PARTIALLY_RECEIVED)
        shipment.status = Shipment.Status.PARTIALLY_RECEIVED
    return shipment


def note_receipt_progress(shipment_id):
    """After a scan or a confirmed quantity: a dispatched shipment becomes partially received, then received."""
    with transaction.atomic():
        shipment = _locked(shipment_id)
        if shipment.status not in (Shipment.Status.DISPATCHED, Shipment.Status.PARTIALLY_RECEIVED):
            return shipment
        counts = receipt_counts(shipment)
        complete = (counts["units_arrived"] == counts["units_expected"]
                    and counts["counted_received"] >= counts["counted_expected"])
        started = counts["units_arrived"] or counts["counted_received"]
        new = (Shipment.Status.RECEIVED if complete and counts["units_damaged"] == 0
               else Shipment.Status.PARTIALLY_RECEIVED if started else shipment.status)
        if new != shipment.status:
            Shipment.objects.filter(pk=shipment.pk).update(status=new)
            shipment.status = new
    return shipment


def close_receipt(shipment_id, *, by, note=""):
    """End the receipt: what never arrived becomes missing; the shipment is received or has discrepancies."""
    with transaction.atomic():
        shipment = _locked(shipment_id)
        if shipment.status not in (Shipment.Status.DISPATCHED, Shipment.Status.PARTIALLY_RECEIVED,
                                   Shipment.Status.RECEIVED):
            raise ShipmentStateError(
                _("Shipment %(waybill)s is “%(status)s”; its receipt cannot be closed.")
                % {"waybill": shipment.waybill_number, "status": shipment.get_status_display()})
        not_arrived = list(shipment.units.filter(status=U.IN_TRANSIT).values_list("pk", flat=True))
        lifecycle.change_status_many(not_arrived, U.MISSING, by=by, place_id=shipment.destination_id,
                                     reference=shipment.waybill_number, note=note, shipment_id=shipment.pk)
        counts = receipt_counts(shipment)
        clean = (not not_arrived and counts["units_damaged"] == 0
                 and counts["counted_received"] == counts["counted_expected"])
        new = Shipment.Status.RECEIVED if clean else Shipment.Status.CLOSED_WITH_DISCREPANCIES
        Shipment.objects.filter(pk=shipment.pk).update(status=new, closed_at=timezone.now())
    shipment.refresh_from_db()
    return shipment
