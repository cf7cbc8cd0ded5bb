"""Phone and handheld scans at the receiving institution, damaged units, counted lines.

Unit statuses change only through inventory.lifecycle; the shipment's own status only through
logistics.shipments. Every scan carries an id made on the device, so a scan resent after a
dropped connection returns the answer it got the first time and changes nothing.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.models import Unit, UnitEvent
from inventory.scan_input import Problem, read_scan

from . import shipments as shipment_service
from .models import DamagePhoto, Shipment, ShipmentLine, ShipmentUnit, UnexpectedScan

U = Unit.Status
ARRIVED = shipment_service.ARRIVED
OPEN = {Shipment.Status.DISPATCHED, Shipment.Status.PARTIALLY_RECEIVED, Shipment.Status.RECEIVED}


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

    @property
    def ok(self):
        return self.outcome in (Outcome.RECEIVED, Outcome.ALREADY_RECEIVED)


def _check_open(shipment):
    if shipment.closed_at is not None or shipment.status not in OPEN:
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
    try:
        with transaction.atomic():
            UnexpectedScan.objects.create(shipment=shipment, unit=unit, code=code[:200], reason=reason,
                                          scan_id=scan_id, scanned_by=by)
    except IntegrityError:
        if not UnexpectedScan.objects.filter(scan_id=scan_id, shipment=shipment).exists():
            raise ScanIdReused(str(scan_id)) from None
    tag = unit.display_tag if unit else code[:40]
    messages = {
        Outcome.NOT_IN_SHIPMENT: _("%(tag)s is not in this shipment. Put it aside and tell the supplier."),
        Outcome.OTHER_INSTITUTION: _("%(tag)s belongs to another institution. Do not accept it."),
        Outcome.UNKNOWN_CODE: _("Unknown code “%(tag)s”: no unit has this label."),
    }
    return ScanResult(reason, messages[reason] % {"tag": tag}, unit=unit)


def _repeat_of(shipment, scan_id):
    """The answer a scan with this device id already got, or None if the id is new."""
    event = UnitEvent.objects.filter(scan_id=scan_id).select_related("unit__item").first()
    if event is not None:
        if event.shipment_id != shipment.pk:
            raise ScanIdReused(str(scan_id))
        return _received(event.unit, event, repeated=True)
    prior = UnexpectedScan.objects.filter(scan_id=scan_id).select_related("unit__item").first()
    if prior is not None:
        if prior.shipment_id != shipment.pk:
            raise ScanIdReused(str(scan_id))
        result = _unexpected(shipment, prior.reason, prior.code, prior.unit, scan_id, prior.scanned_by)
        return ScanResult(result.outcome, result.message, unit=result.unit, repeated=True)
    return None


def resolve_unit(code):
    """The unit a scanned code names, the ScanInput it was read as, and the unit or None."""
    read = read_scan(code)
    if not read.tags:
        return read, None
    units = {u.asset_tag: u for u in Unit.objects.filter(asset_tag__in=read.tags).select_related("item")}
    return read, next((units[t] for t in read.tags if t in units), None)


def receive_scan(shipment, code, *, scan_id, by):
    """Receive the unit a scan names, or say precisely why not. Idempotent by the device's scan id."""
    if (repeat := _repeat_of(shipment, scan_id)) is not None:
        return repeat
    read, unit = resolve_unit(code)
    if read.problem == Problem.MISTYPED:
        return ScanResult(Outcome.MISTYPED, _("Mistyped tag “%(typed)s”: its check character does not match. "
                                              "Scan the label again or type it carefully.") % {"typed": read.typed})
    if unit is None:
        _check_open(shipment)
        return _unexpected(shipment, Outcome.UNKNOWN_CODE, code, None, scan_id, by)
    if not ShipmentUnit.objects.filter(shipment=shipment, unit=unit).exists():
        _check_open(shipment)
        other = unit.holder_id is not None and unit.holder_id != shipment.destination_id
        return _unexpected(shipment, Outcome.OTHER_INSTITUTION if other else Outcome.NOT_IN_SHIPMENT,
                           code, unit, scan_id, by)
    return _receive_unit(shipment.pk, unit, scan_id=scan_id, by=by)


def _receive_unit(shipment_id, unit, *, scan_id, by):
    with transaction.atomic():
        # Shipment first, then unit: the order close_receipt takes its locks in, so a phone that
        # scans while another closes the receipt waits instead of deadlocking.
        shipment = Shipment.objects.select_for_update().get(pk=shipment_id)
        _check_open(shipment)
        # A resend that raced its original: the original has committed by the time we hold the lock.
        if event := UnitEvent.objects.filter(scan_id=scan_id).first():
            return _received(unit, event, repeated=True)
        status = Unit.objects.filter(pk=unit.pk).values_list("status", flat=True).get()
        if status in ARRIVED:
            return ScanResult(Outcome.ALREADY_RECEIVED, _("Already received: %(tag)s, %(item)s.")
                              % {"tag": unit.display_tag, "item": unit.item.name}, unit=unit, status=status)
        try:
            event = lifecycle.change_status(unit.pk, U.RECEIVED, by=by, place_id=shipment.destination_id,
                                            reference=shipment.waybill_number, shipment_id=shipment.pk,
                                            scan_id=scan_id)
        except lifecycle.TransitionNotAllowed as exc:
            return ScanResult(Outcome.REFUSED, str(exc), unit=unit)
        shipment_service.note_receipt_progress(shipment.pk)
    return _received(unit, event)


def mark_damaged(shipment, unit, *, by, note, photo=None, content_type=""):
    """Record a unit of this shipment as damaged, with a note and optionally a photo (already checked)."""
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        _check_open(locked)
        if not ShipmentUnit.objects.filter(shipment=locked, unit=unit).exists():
            raise lifecycle.TransitionNotAllowed(_("%(tag)s is not in this shipment.") % {"tag": unit.display_tag})
        status = Unit.objects.filter(pk=unit.pk).values_list("status", flat=True).get()
        if status != U.DAMAGED:
            lifecycle.change_status(unit.pk, U.DAMAGED, by=by, place_id=locked.destination_id,
                                    reference=locked.waybill_number, shipment_id=locked.pk, note=note)
        saved = None
        if photo is not None:
            saved = DamagePhoto(shipment=locked, unit=unit, content_type=content_type, taken_by=by, note=note)
            saved.image.save(photo.name, photo, save=False)
            saved.save()
        shipment_service.note_receipt_progress(locked.pk)
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
        shipment_service.note_receipt_progress(locked.pk)
    line.quantity_received = quantity
    return line


def receipt_summary(shipment):
    """What the receipt found, as plain data: the close page shows it and the act freezes it."""
    units = list(shipment.units.select_related("item").order_by("item__code", "serial"))
    notes = {}
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
        "received": [row(u) for u in units if u.status in (U.RECEIVED, U.INSTALLED)],
        "damaged": [row(u) for u in units if u.status == U.DAMAGED],
        "missing": [row(u) for u in units if u.status == U.MISSING],
        "not_yet": [row(u) for u in units if u.status == U.IN_TRANSIT],
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
