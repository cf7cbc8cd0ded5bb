"""The one door through which a shipment's status changes: its life cycle.

Like a unit's (inventory.lifecycle), every step locks the shipment, checks the transition table,
appends a ShipmentEvent naming who took the step, and saves, in one transaction; a step that
moves units does so through inventory.lifecycle in that same transaction. A refusal is raised
before anything is written and names both statuses.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.models import StatusGroups, Unit, UnitEvent

from .models import Shipment, ShipmentEvent, ShipmentUnit, TransferLine

S = Shipment.Status
A = ShipmentEvent.Action
U = Unit.Status

ALLOWED = {
    S.DRAFT: {S.DISPATCHED},
    # Closing a receipt early: whatever has not arrived becomes missing, a discrepancy.
    S.DISPATCHED: {S.PARTIALLY_RECEIVED, S.ARRIVED, S.CLOSED_WITH_DISCREPANCIES},
    S.PARTIALLY_RECEIVED: {S.ARRIVED, S.CLOSED_WITH_DISCREPANCIES},
    # A counted quantity corrected downwards makes a complete receipt incomplete again.
    S.ARRIVED: {S.PARTIALLY_RECEIVED, S.RECEIVED, S.CLOSED_WITH_DISCREPANCIES},
    S.RECEIVED: set(),
    S.CLOSED_WITH_DISCREPANCIES: set(),
}


class ShipmentStateError(Exception):
    """The message is translated and can be shown to the user as it is."""


def check_transition(shipment, new):
    """Raise ShipmentStateError, naming both statuses, unless `shipment` may become `new`."""
    if S(new) not in ALLOWED[S(shipment.status)]:
        raise ShipmentStateError(
            _("Shipment %(waybill)s cannot go from “%(old)s” to “%(new)s”.")
            % {"waybill": shipment.waybill_number, "old": S(shipment.status).label, "new": S(new).label})


def can_dispatch(shipment):
    return S.DISPATCHED in ALLOWED[S(shipment.status)]


def _locked(shipment_id):
    return Shipment.objects.select_for_update().get(pk=shipment_id)


_NOW = object()  # a field set to the step's own time


def _step(shipment, new, action, *, by, note="", at=None, **fields):
    """Move a shipment locked in the caller's transaction to `new`, with its event."""
    check_transition(shipment, new)
    at = at or timezone.now()
    event = ShipmentEvent.objects.create(shipment_id=shipment.pk, action=action, old_status=shipment.status,
                                         new_status=new, actor=by, note=note, at=at)
    fields = {name: (at if value is _NOW else value) for name, value in fields.items()}
    Shipment.objects.filter(pk=shipment.pk).update(status=new, **fields)
    shipment.status = new
    for name, value in fields.items():
        setattr(shipment, name, value)
    return event


def record_created(shipment_ids, *, by, note="", at=None):
    """The first event of new shipments (drafts), in the caller's transaction: one INSERT for all."""
    now = at or timezone.now()
    ShipmentEvent.objects.bulk_create(
        [ShipmentEvent(shipment_id=pk, action=A.CREATED, new_status=S.DRAFT, actor=by, note=note, at=now)
         for pk in shipment_ids], batch_size=1000)


def record_act_signed(shipment, *, by, note="", at=None):
    """The signed act, in the caller's transaction (which holds the shipment's lock); the status stays."""
    if not shipment.is_closed:
        raise ShipmentStateError(_("Close the receipt before signing the act."))
    return ShipmentEvent.objects.create(shipment_id=shipment.pk, action=A.ACT_SIGNED, old_status=shipment.status,
                                        new_status=shipment.status, actor=by, note=note, at=at or timezone.now())


def dispatch(shipment_id, *, by, at=None):
    """Send a draft shipment on its way: every unit it carries goes in transit.

    `at`, here and below, dates the step for history recorded after the fact (the demo); a person's
    step now leaves it out."""
    with transaction.atomic():
        shipment = _locked(shipment_id)
        check_transition(shipment, S.DISPATCHED)
        if not shipment.lines.exists():
            raise ShipmentStateError(_("Shipment %(waybill)s has no lines to dispatch.")
                                     % {"waybill": shipment.waybill_number})
        unit_ids = list(shipment.units.values_list("pk", flat=True))
        lifecycle.change_status_many(unit_ids, U.IN_TRANSIT, by=by, reference=shipment.waybill_number,
                                     shipment_id=shipment.pk, at=at)
        _step(shipment, S.DISPATCHED, A.DISPATCHED, by=by, at=at, dispatched_at=_NOW)
    return shipment


def receipt_counts(shipment):
    """Expected and arrived units, and counted quantities: the one count every page shows.

    A damaged unit has arrived and is also counted among the damaged (StatusGroups). A unit the
    receiver of a transfer refused went back to its sender: it is counted as refused, not as arrived,
    though its status (received, at the sender) would say so.

    Each unit counts as this shipment left it (units_as_left).
    """
    statuses = list(units_as_left([shipment.pk])[shipment.pk].values())
    expected = shipment.units.count()
    counted = [line for line in shipment.lines.select_related("item") if not line.item.is_serialised]
    return {
        "units_expected": expected,
        "units_refused": expected - len(statuses),
        "units_arrived": arrived(statuses),
        "units_damaged": sum(1 for s in statuses if s == U.DAMAGED),
        "units_missing": sum(1 for s in statuses if s in StatusGroups.LOST),
        "units_outstanding": sum(1 for s in statuses if s in StatusGroups.OUTSTANDING),
        "counted_expected": sum(line.quantity_expected for line in counted),
        "counted_received": sum(line.quantity_received or 0 for line in counted),
    }


def units_as_left(shipment_ids):
    """{shipment id: {unit id: status}}: each unit as the shipment left it, after its last step in that
    shipment (dispatch, receipt, damage, missing at closing), or as it is now when the shipment has not
    moved it yet (a draft). A unit the receiver of a transfer refused is left out: it went back.

    What happens to a unit after its receipt (installed, broken in use, handed on, written off) never
    changes what the receipt found, so the pages agree with the signed act. Three statements for any
    number of shipments.
    """
    left = defaultdict(dict)
    for shipment_id, unit_id, status in (ShipmentUnit.objects.filter(shipment_id__in=shipment_ids)
                                         .values_list("shipment_id", "unit_id", "unit__status")):
        left[shipment_id][unit_id] = status
    steps = (UnitEvent.objects.filter(shipment_id__in=shipment_ids).order_by("at", "pk")
             .values_list("shipment_id", "unit_id", "new_status"))
    for shipment_id, unit_id, status in steps:  # the last step wins
        if unit_id in left[shipment_id]:
            left[shipment_id][unit_id] = status
    refused = (TransferLine.objects.filter(order__shipment_id__in=shipment_ids, refused_at__isnull=False)
               .values_list("order__shipment_id", "unit_id"))
    for shipment_id, unit_id in refused:
        left[shipment_id].pop(unit_id, None)
    return left


def arrived(statuses):
    return sum(1 for status in statuses if status in StatusGroups.ARRIVED)


def note_unit_arrived(shipment, *, by):
    """A unit of `shipment` has just arrived, in the caller's transaction, which holds the shipment's lock.

    While other units are still on their way the receipt has merely started: an UPDATE and an event
    on the shipment's first arrival and nothing on the ones after it; the last arrival settles it.
    """
    if not shipment.units.filter(status__in=StatusGroups.OUTSTANDING).exists():
        return _settle(shipment, by=by)
    if shipment.status == S.DISPATCHED:
        _step(shipment, S.PARTIALLY_RECEIVED, A.FIRST_ARRIVAL, by=by)
    return shipment


def note_receipt_progress(shipment_id, *, by, at=None):
    """After a damaged unit or a confirmed quantity: the receipt's status follows what has arrived."""
    with transaction.atomic():
        return _settle(_locked(shipment_id), by=by, at=at)


def _settle(shipment, *, by, at=None):
    """Partially received, or everything arrived, as the counts say; the shipment is locked by the caller."""
    if not shipment.receipt_is_open:
        return shipment
    counts = receipt_counts(shipment)
    complete = (counts["units_arrived"] + counts["units_refused"] == counts["units_expected"]
                and counts["counted_received"] >= counts["counted_expected"])
    started = counts["units_arrived"] or counts["counted_received"]
    new = S.ARRIVED if complete else S.PARTIALLY_RECEIVED if started else S(shipment.status)
    if new != shipment.status:
        action = (A.ALL_ARRIVED if new == S.ARRIVED else A.FIRST_ARRIVAL if shipment.status == S.DISPATCHED
                  else A.RECEIPT_REOPENED)
        _step(shipment, new, action, by=by, at=at)
    return shipment


def close_receipt(shipment_id, *, by, note="", at=None):
    """End the receipt: what never arrived becomes missing; the shipment is received or has discrepancies."""
    with transaction.atomic():
        shipment = _locked(shipment_id)
        if not shipment.receipt_is_open:
            raise ShipmentStateError(
                _("Shipment %(waybill)s is “%(status)s”; its receipt cannot be closed.")
                % {"waybill": shipment.waybill_number, "status": shipment.get_status_display()})
        not_arrived = list(shipment.units.filter(status=U.IN_TRANSIT).values_list("pk", flat=True))
        lifecycle.change_status_many(not_arrived, U.MISSING, by=by, place_id=shipment.destination_id,
                                     reference=shipment.waybill_number, note=note, shipment_id=shipment.pk, at=at)
        counts = receipt_counts(shipment)
        # A unit the receiver of a transfer refused (logistics.transfers) is a discrepancy too.
        clean = (not not_arrived and not counts["units_refused"] and counts["units_damaged"] == 0
                 and counts["counted_received"] == counts["counted_expected"])
        new = S.RECEIVED if clean else S.CLOSED_WITH_DISCREPANCIES
        _step(shipment, new, A.CLOSED, by=by, note=note, at=at, closed_at=_NOW)
    return shipment

