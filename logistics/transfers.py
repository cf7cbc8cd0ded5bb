"""The one door through which a transfer between institutions changes: its life cycle.

As for a shipment (logistics.shipments), every step locks the order, checks the transition table,
appends a TransferEvent naming who took it, and saves, in one transaction; units move only through
inventory.lifecycle. Dispatching makes the order's Shipment (its `origin` is the sender), which the
receiver scans on the ordinary receipt page; the order closes with that receipt.

A unit's way: received/installed at the sender → transferred (handed over) → in transit → received
at the receiver, who becomes its holder then; or, refused at receipt, received back at the sender.
"""

from collections import Counter
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.models import Institution, Role, Unit
from inventory.permissions import staff_institution_id

from . import shipments
from .models import Shipment, ShipmentLine, ShipmentUnit, TransferEvent, TransferLine, TransferOrder
from .notifications import notify, staff_of

T = TransferOrder.Status
A = TransferEvent.Action
U = Unit.Status

ALLOWED = {
    # Straight to dispatched only where no approval is needed (TRANSFERS_NEED_APPROVAL off).
    T.PROPOSED: {T.APPROVED, T.REJECTED, T.CANCELLED, T.DISPATCHED},
    T.APPROVED: {T.DISPATCHED, T.CANCELLED},
    T.DISPATCHED: {T.CLOSED},
    T.REJECTED: set(), T.CANCELLED: set(), T.CLOSED: set(),
}
# What a sender may hand over: equipment it has and that works.
TRANSFERABLE = {U.RECEIVED, U.INSTALLED}


class TransferError(Exception):
    """The message is translated and can be shown to the user as it is."""


def needs_approval():
    return settings.TRANSFERS_NEED_APPROVAL


def allowed_steps(order):
    steps = set(ALLOWED[T(order.status)])
    if order.status == T.PROPOSED and needs_approval():
        steps.discard(T.DISPATCHED)
    return steps


def check_transition(order, new):
    if T(new) not in allowed_steps(order):
        if order.status == T.PROPOSED and new == T.DISPATCHED:
            raise TransferError(_("Transfer %(number)s must be approved before it is dispatched.")
                                % {"number": order.number})
        raise TransferError(_("Transfer %(number)s cannot go from “%(old)s” to “%(new)s”.")
                            % {"number": order.number, "old": T(order.status).label, "new": T(new).label})


def _step(order, new, action, *, by, note="", at=None, close_lines=False):
    check_transition(order, new)
    TransferEvent.objects.create(order=order, action=action, old_status=order.status, new_status=new, actor=by,
                                 note=note, at=at or timezone.now())
    order.status = new
    order.save(update_fields=["status", "shipment"])
    if close_lines:
        order.lines.update(open=False)
    return order


def _locked(order_id):
    return TransferOrder.objects.select_for_update().select_related("origin", "destination").get(pk=order_id)


def unit_problems(origin, units, *, order=None):
    """Why each of `units` (locked or fresh) cannot leave `origin` now, as translated sentences.

    `order`: the transfer the units are in already, which does not count as another one."""
    busy = dict(TransferLine.objects.filter(unit__in=units, open=True).exclude(order=order)
                .values_list("unit_id", "order_id"))
    problems = []
    for unit in units:
        tag = unit.display_tag
        if unit.holder_id != origin.pk:
            problems.append(_("Unit %(tag)s is not held by %(origin)s.") % {"tag": tag, "origin": origin.name})
        elif unit.status == U.IN_TRANSIT:
            problems.append(_("Unit %(tag)s is in transit; it can be transferred once it has been received.")
                            % {"tag": tag})
        elif unit.status == U.WRITTEN_OFF:
            problems.append(_("Unit %(tag)s is written off; it cannot be transferred.") % {"tag": tag})
        elif unit.status == U.DAMAGED:
            problems.append(_("Unit %(tag)s is damaged; repair it or write it off instead of transferring it.")
                            % {"tag": tag})
        elif unit.status not in TRANSFERABLE:
            problems.append(_("Unit %(tag)s is “%(status)s” and cannot be transferred.")
                            % {"tag": tag, "status": U(unit.status).label})
        elif unit.pk in busy:
            problems.append(_("Unit %(tag)s is already in transfer %(number)s.")
                            % {"tag": tag, "number": f"TR-{busy[unit.pk]:06d}"})
    return problems


def propose(origin_id, destination_id, unit_ids, *, by, reason, at=None):
    """A new transfer order of the sender's units; refused whole, with every problem named, or made whole."""
    unit_ids = sorted(set(unit_ids))
    if not unit_ids:
        raise TransferError(_("Choose at least one unit to transfer."))
    if origin_id == destination_id:
        raise TransferError(_("A transfer goes to another institution; choose a destination other than the sender."))
    if not reason.strip():
        raise TransferError(_("Say why the units are transferred."))
    try:
        with transaction.atomic():
            origin = Institution.objects.get(pk=origin_id)
            units = lifecycle.lock(Unit.objects.filter(pk__in=unit_ids).order_by("pk"))
            if len(units) != len(unit_ids):
                raise TransferError(_("Some of the chosen units do not exist."))
            if problems := unit_problems(origin, units):
                raise TransferError(" ".join(problems))
            order = TransferOrder.objects.create(origin=origin, destination_id=destination_id, reason=reason.strip(),
                                                 proposed_by=by, created_at=at or timezone.now())
            TransferLine.objects.bulk_create([TransferLine(order=order, unit=u) for u in units])
            TransferEvent.objects.create(order=order, action=A.PROPOSED, new_status=T.PROPOSED, actor=by,
                                         at=order.created_at)
    except IntegrityError:
        # Another order took one of these units between our check and our insert (the partial unique index).
        raise TransferError(_("One of the units was just put into another transfer; check the units again.")) from None
    return order


def approve(order_id, *, by, note="", at=None):
    with transaction.atomic():
        order = _locked(order_id)
        if needs_approval() and order.proposed_by_id == by.pk:
            raise TransferError(_("Transfer %(number)s was proposed by you; someone else must approve it.")
                                % {"number": order.number})
        return _step(order, T.APPROVED, A.APPROVED, by=by, note=note, at=at)


def reject(order_id, *, by, note=""):
    with transaction.atomic():
        return _step(_locked(order_id), T.REJECTED, A.REJECTED, by=by, note=note, close_lines=True)


def cancel(order_id, *, by, note=""):
    with transaction.atomic():
        return _step(_locked(order_id), T.CANCELLED, A.CANCELLED, by=by, note=note, close_lines=True)


def dispatch(order_id, *, by, at=None):
    """The sender hands the units over: a shipment to the receiver, its units in transit, its staff told."""
    with transaction.atomic():
        order = _locked(order_id)
        check_transition(order, T.DISPATCHED)
        units = lifecycle.lock(Unit.objects.filter(transfer_lines__order=order).select_related("item").order_by("pk"))
        # A unit may have broken, been written off or moved since the proposal.
        if problems := unit_problems(order.origin, units, order=order):
            raise TransferError(" ".join(problems))
        order.shipment = _shipment(order, units, by=by, at=at)
        lifecycle.change_status_many([u.pk for u in units], U.TRANSFERRED, by=by, place_id=order.origin_id,
                                     reference=order.number, at=at,
                                     note=_("To %(destination)s: %(reason)s")
                                     % {"destination": order.destination.name, "reason": order.reason})
        order.shipment = shipments.dispatch(order.shipment.pk, by=by, at=at)
        _step(order, T.DISPATCHED, A.DISPATCHED, by=by, at=at)
        notify(staff_of(order.destination_id), "transfer_incoming", transfer=order)
    return order


def _shipment(order, units, *, by, at):
    shipment = Shipment.objects.create(
        waybill_number=order.number, supplier=order.origin.name[:255], origin_id=order.origin_id,
        destination_id=order.destination_id, created_by=by,
        dispatch_date=timezone.localdate(at) if at else date.today())
    shipments.record_created([shipment.pk], by=by, at=at, note=order.number)
    per_item = Counter(u.item_id for u in units)
    lines = {line.item_id: line for line in ShipmentLine.objects.bulk_create(
        [ShipmentLine(shipment=shipment, item_id=item_id, quantity_expected=n) for item_id, n in per_item.items()])}
    ShipmentUnit.objects.bulk_create([ShipmentUnit(shipment=shipment, unit=u, line=lines[u.item_id]) for u in units])
    return shipment


def refuse_unit(shipment_id, unit_id, *, by, reason, at=None):
    """The receiver will not take this unit: it stays with the sender, received back there, with the reason.

    Only a unit still on its way can be refused (one scanned as received has been accepted); the
    receipt counts it as dealt with, and the act lists it apart.
    """
    if not reason.strip():
        raise TransferError(_("Say why the unit is refused."))
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment_id)
        line = (TransferLine.objects.select_for_update().select_related("order", "unit")
                .filter(order__shipment=shipment, unit_id=unit_id).first())
        if line is None:
            raise TransferError(_("Only a unit of a transfer can be refused."))
        if not shipment.receipt_is_open:
            raise TransferError(_("The receipt of %(number)s is closed.") % {"number": line.order.number})
        unit = line.unit
        if unit.status != U.IN_TRANSIT:
            raise TransferError(_("Unit %(tag)s is “%(status)s” here, so it can no longer be refused.")
                                % {"tag": unit.display_tag, "status": U(unit.status).label})
        lifecycle.change_status(unit.pk, U.RECEIVED, by=by, place_id=shipment.origin_id,
                                reference=shipment.waybill_number, shipment_id=shipment.pk,
                                note=_("Refused by %(receiver)s, stays with %(sender)s: %(reason)s")
                                % {"receiver": line.order.destination.name, "sender": line.order.origin.name,
                                   "reason": reason.strip()}, at=at)
        at = at or timezone.now()
        TransferLine.objects.filter(pk=line.pk).update(refusal=reason.strip(), refused_by=by, refused_at=at)
        TransferEvent.objects.create(order=line.order, action=A.UNIT_REFUSED, old_status=line.order.status,
                                     new_status=line.order.status, actor=by, at=at,
                                     note=f"{unit.display_tag}: {reason.strip()}")
        shipments.note_receipt_progress(shipment.pk, by=by, at=at)
    return unit


def close_receipt(shipment_id, *, by, note="", at=None):
    """Close any receipt; a transfer's order closes with it, its units free for another transfer."""
    with transaction.atomic():
        shipment = shipments.close_receipt(shipment_id, by=by, note=note, at=at)
        if shipment.origin_id is not None:
            order = _locked(TransferOrder.objects.get(shipment_id=shipment.pk).pk)
            _step(order, T.CLOSED, A.CLOSED, by=by, note=note, at=at, close_lines=True)
    return shipment


def refusals(shipment):
    """{unit id: reason} for the units refused at this shipment's receipt (none for a supplier's)."""
    if shipment.origin_id is None:
        return {}
    return dict(TransferLine.objects.filter(order__shipment=shipment, refused_at__isnull=False)
                .values_list("unit_id", "refusal"))


def home_panels(user, role, visible):
    """The home page's transfer lists: what a school expects and sends; what officers and managers approve."""
    visible = visible.select_related("origin", "destination")
    if role == Role.SCHOOL_STAFF and (inst := staff_institution_id(user)):
        return {"transfers_incoming": list(visible.filter(destination_id=inst, status=T.DISPATCHED)[:10]),
                "transfers_outgoing": list(visible.filter(origin_id=inst, status__in=[T.PROPOSED, T.APPROVED])[:10])}
    if role in (Role.PROCUREMENT, Role.MANAGER, Role.ADMINISTRATOR):
        return {"transfers_waiting": list(visible.filter(status=T.PROPOSED)[:10]) if needs_approval() else [],
                "transfers_to_dispatch": list(visible.filter(status=T.APPROVED)[:10])}
    return {}
