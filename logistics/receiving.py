"""Phone and handheld scans at the receiving institution, damaged units, counted lines.

Unit statuses change only through inventory.lifecycle; the shipment's own status only through
logistics.shipments. Every scan carries an id made on the device, so a scan resent after a
dropped connection returns the answer it got the first time and changes nothing.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.models import StatusGroups, Unit, UnitEvent
from inventory.scan_input import Problem, read_scan

from . import shipments as shipment_service
from .models import DamagePhoto, Shipment, ShipmentLine, ShipmentUnit, UnexpectedScan
from .permissions import get_shipment_for_user
from .transfers import refusals

U = Unit.Status


class Outcome:
    RECEIVED = "received"
    ALREADY_RECEIVED = "already_received"
    NOT_IN_SHIPMENT = "not_in_shipment"
    OTHER_INSTITUTION = "other_institution"
    UNKNOWN_CODE = "unknown_code"
    MISTYPED = "mistyped"
    # Safety net: the life cycle refused the step (a written-off unit scanned again, say).
    REFUSED = "refused"


class ReceiptNotOpen(Exception):
    """The message is translated and can be shown to the user as it is."""


class ScanIdReused(Exception):
    """A device id already used for a scan of another shipment or unit: a bug or a forgery, never a retry."""


@dataclass(frozen=True)
class ScanResult:
    outcome: str
    message: str
    unit: Unit | None = None
    repeated: bool = False
    # The unit's status after the scan, for the page's list.
    status: str = ""


def _check_open(shipment):
    if not shipment.receipt_is_open:
        raise ReceiptNotOpen(
            _("The receipt of shipment %(waybill)s is not open (it is “%(status)s”); scans are not accepted.")
            % {"waybill": shipment.waybill_number, "status": shipment.get_status_display()})


def _received(unit, event, *, repeated=False):
    status = U(event.new_status)
    message = (_("Received: %(tag)s, %(item)s.") if status == U.RECEIVED
               else _("Recorded as damaged: %(tag)s, %(item)s."))
    return ScanResult(Outcome.RECEIVED, message % {"tag": unit.display_tag, "item": unit.item.name},
                      unit=unit, repeated=repeated, status=status)


def _unexpected(shipment, reason, code, unit, scan_id, by):
    """Keep the scan for the act's list of unexpected items; a resend with the same id is kept once."""
    # A scan id is one scan, whichever table records it: one that received a unit cannot also be
    # kept as unexpected. (Unexpected scans are few, so this look-up costs the usual scan nothing.)
    if UnitEvent.objects.filter(scan_id=scan_id).exists():
        raise ScanIdReused(str(scan_id))
    try:
        with transaction.atomic():
            UnexpectedScan.objects.create(shipment=shipment, unit=unit, code=code[:200], reason=reason,
                                          scan_id=scan_id, scanned_by=by)
    except IntegrityError:
        if not UnexpectedScan.objects.filter(scan_id=scan_id, shipment=shipment).exists():
            raise ScanIdReused(str(scan_id)) from None
        repeated = True
    else:
        repeated = False
    tag = unit.display_tag if unit else code[:40]
    return ScanResult(reason, _UNEXPECTED[reason]() % {"tag": tag}, unit=unit, repeated=repeated)


_UNEXPECTED = {
    Outcome.NOT_IN_SHIPMENT: lambda: _("%(tag)s is not in this shipment. Put it aside and tell the supplier."),
    Outcome.OTHER_INSTITUTION: lambda: _("%(tag)s belongs to another institution. Do not accept it."),
    Outcome.UNKNOWN_CODE: lambda: _("Unknown code “%(tag)s”: no unit has this label."),
}


def _repeat_of(shipment_id, scan_id):
    """The answer a scan with this device id got when it received a unit, or None.

    (A resent scan that found no unit to receive is answered again by _unexpected, which keeps it once.)
    """
    event = UnitEvent.objects.filter(scan_id=scan_id).select_related("unit__item").first()
    if event is None:
        return None
    if event.shipment_id != shipment_id:
        raise ScanIdReused(str(scan_id))
    return _received(event.unit, event, repeated=True)


def _unexpected_again(shipment, scan_id, code=None):
    prior = UnexpectedScan.objects.filter(scan_id=scan_id, shipment=shipment).select_related("unit__item")
    prior = (prior if code is None else prior.filter(code=code[:200])).first()
    if prior is None:
        return None
    tag = prior.unit.display_tag if prior.unit else prior.code[:40]
    return ScanResult(prior.reason, _UNEXPECTED[prior.reason]() % {"tag": tag}, unit=prior.unit, repeated=True)


def resolve_unit(code, shipment=None, *, lock=False, scan_id=None):
    """The ScanInput a scanned code was read as, and the unit it names or None.

    Given a shipment, the unit also says whether it travels in it (`in_shipment`). Nearly every
    scan names a unit of its shipment, so that is looked up first, in one join (locking the unit
    for the life cycle when asked to); only a code that is not in the shipment costs a second
    query, to tell an unknown code from another institution's unit. Given a scan id, a unit of the
    shipment also says whether that id already recorded an unexpected scan (`scan_id_unexpected`),
    asked in the same query.
    """
    read = read_scan(code)
    if not read.tags:
        return read, None
    units = Unit.objects.filter(asset_tag__in=read.tags).select_related("item")
    if shipment is not None:
        travelling = units.filter(shipment_units__shipment=shipment)
        if scan_id is not None:
            travelling = travelling.annotate(
                scan_id_unexpected=Exists(UnexpectedScan.objects.filter(scan_id=scan_id)))
        if unit := _most_likely(lifecycle.lock(travelling) if lock else travelling, read):
            unit.in_shipment = True
            return read, unit
    if unit := _most_likely(units, read):
        unit.in_shipment = False
    return read, unit


def _most_likely(units, read):
    found = {u.asset_tag: u for u in units}
    return next((found[t] for t in read.tags if t in found), None)


# What a scan reads of its shipment.
SCAN_FIELDS = ("status", "destination_id", "origin_id", "waybill_number")


def _new_holder(shipment):
    """A transfer's unit changes hands when it arrives; a supplier's units were the receiver's from the start."""
    return {"holder_id": shipment.destination_id} if shipment.origin_id else {}


def receive_scan(shipment_id, code, *, scan_id, by):
    """Receive the unit a scan names, or say precisely why not. Idempotent by the device's scan id.

    The shipment is found through what `by` may receive, so one outside their reach raises Http404
    whoever calls. A scan is one transaction, holding the shipment's lock from the start: every
    receipt step of its units takes that lock first, so what is read under it is current.
    """
    try:
        return _scan(shipment_id, code, scan_id=scan_id, by=by)
    except IntegrityError:
        # The events' unique index refused the device's id. A resend of this very scan, when the
        # unit has moved on since (marked missing, say), gets its first answer; any other is a reuse.
        if (repeat := _repeat_of(shipment_id, scan_id)) is None:
            raise
        if repeat.unit.asset_tag not in read_scan(code).tags:
            raise ScanIdReused(str(scan_id)) from None
        return repeat


def _scan(shipment_id, code, *, scan_id, by):
    with transaction.atomic():
        # Shipment first, then unit: the order close_receipt takes its locks in, so a phone that
        # scans while another closes the receipt waits instead of deadlocking.
        shipment = get_shipment_for_user(by, shipment_id, to_receive=True, lock=True, only=SCAN_FIELDS)
        if not shipment.receipt_is_open:
            # A scan recorded before the receipt closed, resent by a phone that lost the answer.
            if (repeat := _repeat_of(shipment.pk, scan_id) or _unexpected_again(shipment, scan_id)) is not None:
                return repeat
            _check_open(shipment)
        read, unit = resolve_unit(code, shipment, lock=True, scan_id=scan_id)
        if read.problem == Problem.MISTYPED:
            return ScanResult(Outcome.MISTYPED, _("Mistyped tag “%(typed)s”: its check character does not match. "
                                                  "Scan the label again or type it carefully.") % {"typed": read.typed})
        if unit is None or not unit.in_shipment:
            other = unit is not None and unit.holder_id is not None and unit.holder_id != shipment.destination_id
            reason = (Outcome.UNKNOWN_CODE if unit is None else Outcome.OTHER_INSTITUTION if other
                      else Outcome.NOT_IN_SHIPMENT)
            return _unexpected(shipment, reason, code, unit, scan_id, by)
        if unit.scan_id_unexpected:
            # One scan id, one outcome: this id was kept as an unexpected scan. The same scan sent
            # again (the unit has joined the shipment since) gets its first answer; nothing else.
            if (prior := _unexpected_again(shipment, scan_id, code=code)) is None:
                raise ScanIdReused(str(scan_id))
            return prior
        if shipment.origin_id and unit.pk in refusals(shipment):
            # Refused at this receipt (logistics.transfers): it went back to the sender, not in here.
            return ScanResult(Outcome.REFUSED, _("%(tag)s was refused at this receipt; it stays with the sender.")
                              % {"tag": unit.display_tag}, unit=unit, status="refused")
        result = _receive_unit(shipment, unit, scan_id=scan_id, by=by)
        if result.outcome == Outcome.RECEIVED and not result.repeated:
            shipment_service.note_unit_arrived(shipment, by=by)
    return result


def _receive_unit(shipment, unit, *, scan_id, by):
    """Receive `unit`, which resolve_unit found in `shipment` and locked in this transaction."""
    try:
        # A resend that raced its original gets the original's event back.
        event = lifecycle.change_status(unit, U.RECEIVED, by=by, place_id=shipment.destination_id,
                                        reference=shipment.waybill_number, shipment_id=shipment.pk,
                                        scan_id=scan_id, unless=StatusGroups.ARRIVED, locked=True,
                                        **_new_holder(shipment))
    except lifecycle.Unchanged as already:
        return ScanResult(Outcome.ALREADY_RECEIVED, _("Already received: %(tag)s, %(item)s.")
                          % {"tag": unit.display_tag, "item": unit.item.name}, unit=unit, status=already.status)
    except lifecycle.TransitionNotAllowed as exc:
        return ScanResult(Outcome.REFUSED, str(exc), unit=unit, status=unit.status)
    if event.shipment_id != shipment.pk:  # the same unit, scanned for another shipment with this id
        raise ScanIdReused(str(scan_id))
    return _received(unit, event, repeated=event.resent)


def mark_damaged(shipment, unit, *, by, note, photo=None, content_type=""):
    """Record a unit of this shipment as damaged, with a note and optionally a photo (already checked)."""
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        _check_open(locked)
        if not ShipmentUnit.objects.filter(shipment=locked, unit=unit).exists():
            raise lifecycle.TransitionNotAllowed(_("%(tag)s is not in this shipment.") % {"tag": unit.display_tag})
        if unit.pk in refusals(locked):
            raise lifecycle.TransitionNotAllowed(_("%(tag)s was refused at this receipt; it stays with the sender.")
                                                 % {"tag": unit.display_tag})
        status = Unit.objects.filter(pk=unit.pk).values_list("status", flat=True).get()
        if status != U.DAMAGED:
            lifecycle.change_status(unit.pk, U.DAMAGED, by=by, place_id=locked.destination_id,
                                    reference=locked.waybill_number, shipment_id=locked.pk, note=note,
                                    **_new_holder(locked))
        saved = None
        if photo is not None:
            saved = DamagePhoto(shipment=locked, unit=unit, content_type=content_type, taken_by=by, note=note)
            saved.image.save(photo.name, photo, save=False)
            saved.save()
        shipment_service.note_receipt_progress(locked.pk, by=by)
    return saved


def confirm_quantity(shipment, line_id, quantity, *, by):
    """Confirm how many of a counted line (a pack of 30 teaching aids) arrived."""
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        _check_open(locked)
        line = (ShipmentLine.objects.select_for_update().select_related("item")
                .filter(shipment=locked, pk=line_id).first())
        if line is None or line.item.is_serialised:
            raise ReceiptNotOpen(_("This shipment has no such counted line."))
        ShipmentLine.objects.filter(pk=line.pk).update(quantity_received=quantity)
        shipment_service.note_receipt_progress(locked.pk, by=by)
    line.quantity_received = quantity
    return line


def receipt_summary(shipment):
    """What the receipt found, as plain data: the close page shows it and the act freezes it."""
    units = list(shipment.units.select_related("item").order_by("item__code", "serial"))
    refused = refusals(shipment)
    notes = dict(refused)
    for event in UnitEvent.objects.filter(shipment_id=shipment.pk, new_status=U.DAMAGED).order_by("at"):
        notes[event.unit_id] = event.note

    def row(u):
        return {"tag": u.display_tag, "item": u.item.name, "item_official": _official(u.item),
                "item_code": u.item.code, "serial": u.serial, "note": notes.get(u.pk, "")}

    unexpected = [{"code": s.unit.display_tag if s.unit else s.code, "reason": s.reason,
                   "reason_label": str(UnexpectedScan.Reason(s.reason).label),
                   "item": s.unit.item.name if s.unit else "",
                   "item_official": _official(s.unit.item) if s.unit else ""}
                  for s in shipment.unexpected_scans.select_related("unit__item")]
    seen, unique_unexpected = set(), []
    for entry in unexpected:
        if entry["code"] not in seen:
            seen.add(entry["code"])
            unique_unexpected.append(entry)
    return {
        # Arrived = received + damaged (StatusGroups); the act lists the two apart.
        "received": [row(u) for u in units if u.status in StatusGroups.IN_SERVICE and u.pk not in refused],
        # A transfer's units the receiver refused: received back at the sender, the reason as the note.
        "refused": [row(u) for u in units if u.pk in refused],
        "damaged": [row(u) for u in units if u.status == U.DAMAGED],
        "missing": [row(u) for u in units if u.status in StatusGroups.LOST],
        "not_yet": [row(u) for u in units if u.status in StatusGroups.OUTSTANDING],
        "unexpected": unique_unexpected,
        "counted": [{"item": line.item.name, "item_official": _official(line.item), "item_code": line.item.code,
                     "expected": line.quantity_expected,
                     "received": line.quantity_received}
                    for line in shipment.lines.select_related("item") if not line.item.is_serialised],
    }


def _official(item):
    """The item's name in both state languages, as an act states it."""
    ru, kk = item.name_in("ru"), item.name_in("kk")
    return ru if ru == kk else f"{ru} / {kk}"
