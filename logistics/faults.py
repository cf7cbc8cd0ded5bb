"""The life cycles of a fault report and of the repair order it may lead to.

A report is filed from a unit's label by anyone (no account), then triaged by the holding
institution's staff or an officer: a duplicate, not a fault, needs repair, or to be written off.
"Needs repair" opens a repair order (open → sent → returned). Like every life cycle here, each
step locks its row, checks the transition table, appends an event and saves in one transaction;
the unit's status moves only through inventory.lifecycle: damaged while broken, back to what it
was (installed or received) when repaired.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.models import StatusGroups, Unit

from .models import FaultEvent, FaultReport, RepairEvent, RepairOrder
from .notifications import notify, officers, staff_of
from .warranty import warranty_of

F = FaultReport.Status
R = RepairOrder.Status
U = Unit.Status

ALLOWED = {
    F.NEW: {F.DUPLICATE, F.NOT_A_FAULT, F.NEEDS_REPAIR, F.WRITE_OFF},
    F.NEEDS_REPAIR: {F.RESOLVED},
    F.DUPLICATE: set(), F.NOT_A_FAULT: set(), F.WRITE_OFF: set(), F.RESOLVED: set(),
}
REPAIR_ALLOWED = {R.OPEN: {R.SENT}, R.SENT: {R.RETURNED}, R.RETURNED: set()}
TRIAGE_OUTCOMES = (F.DUPLICATE, F.NOT_A_FAULT, F.NEEDS_REPAIR, F.WRITE_OFF)


class FaultRefused(Exception):
    """The message is translated and can be shown to the user as it is."""


class TooManyReports(FaultRefused):
    pass


def client_hash(address):
    """The sender's address, keyed with the secret key: countable, but not readable from the database."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


def file_report(asset_tag, *, kind, text, address, contact="", photo=None):
    """Record a problem reported from a unit's label, and tell the officers and the holder's staff."""
    unit = Unit.objects.filter(asset_tag=asset_tag.replace("-", "").upper()).select_related("holder").first()
    if unit is None:
        raise FaultRefused(_("No unit has the label %(tag)s; check the code on the label.") % {"tag": asset_tag})
    if unit.status == U.WRITTEN_OFF:
        raise FaultRefused(_("Unit %(tag)s has been written off; problems with it are no longer taken.")
                           % {"tag": unit.display_tag})
    sender = client_hash(address)
    since = timezone.now() - timedelta(minutes=settings.FAULT_REPORT_WINDOW_MINUTES)
    with transaction.atomic():
        # Counted in the database, so every web process sees the same count. Two reports racing from
        # one address may both pass at the limit: one report too many, never a lost one.
        if FaultReport.objects.filter(client_hash=sender, created_at__gte=since).count() >= \
                settings.FAULT_REPORTS_PER_ADDRESS:
            raise TooManyReports(_("Too many reports have come from your connection in the last %(minutes)s "
                                   "minutes. Please try again later.")
                                 % {"minutes": settings.FAULT_REPORT_WINDOW_MINUTES})
        report = FaultReport(unit=unit, institution_id=unit.holder_id, kind=kind, text=text, contact=contact,
                             client_hash=sender)
        if photo:
            report.photo.save("photo.jpg", photo, save=False)
        report.save()
        FaultEvent.objects.create(report=report, action=FaultEvent.Action.REPORTED, new_status=F.NEW,
                                  at=report.created_at)
        notify([*officers(), *staff_of(unit.holder_id)], "fault_reported", report=report)
    return report


def check_transition(report, new):
    if F(new) not in ALLOWED[F(report.status)]:
        raise FaultRefused(_("Report %(number)s is “%(old)s” and cannot become “%(new)s”.")
                           % {"number": report.number, "old": F(report.status).label, "new": F(new).label})


def _step(report, new, action, *, by, note="", **fields):
    check_transition(report, new)
    event = FaultEvent.objects.create(report=report, action=action, old_status=report.status, new_status=new,
                                      actor=by, note=note)
    FaultReport.objects.filter(pk=report.pk).update(status=new, **fields)
    report.status = new
    return event


def triage(report_id, outcome, *, by, note="", duplicate_of=None, supplier=""):
    """Decide what a new report is. "Needs repair" opens a repair order with `supplier`; returns the report."""
    with transaction.atomic():
        report = FaultReport.objects.select_for_update().select_related("unit").get(pk=report_id)
        check_transition(report, outcome)
        fields = {}
        if outcome == F.DUPLICATE:
            fields["duplicate_of"] = _original(report, duplicate_of)
        if outcome == F.NEEDS_REPAIR:
            _open_repair(report, supplier=supplier, by=by, note=note)
        _step(report, outcome, FaultEvent.Action.TRIAGED, by=by, note=note, **fields)
    return report


def _original(report, number):
    """The report `number` (FR-000012 or 12) that `report` repeats: the same unit's, and not itself a duplicate."""
    digits = str(number or "").upper().removeprefix("FR-").lstrip("0")
    original = FaultReport.objects.filter(pk=int(digits)).first() if digits.isdigit() else None
    if original is None or original.pk == report.pk or original.unit_id != report.unit_id:
        raise FaultRefused(_("Name another report of unit %(tag)s that this one repeats.")
                           % {"tag": report.unit.display_tag})
    if original.status == F.DUPLICATE:
        raise FaultRefused(_("Report %(number)s is itself a duplicate; name the report it repeats.")
                           % {"number": original.number})
    return original


def _open_repair(report, *, supplier, by, note):
    """A repair order for the report's unit, which becomes damaged; in the caller's transaction."""
    if not supplier.strip():
        raise FaultRefused(_("Name who repairs the unit (the supplier or a workshop)."))
    unit = lifecycle.lock(Unit.objects.filter(pk=report.unit_id))[0]
    if unit.status not in StatusGroups.ARRIVED:
        raise FaultRefused(_("Unit %(tag)s is “%(status)s”; only a unit at its institution can go for repair.")
                           % {"tag": unit.display_tag, "status": U(unit.status).label})
    if (busy := RepairOrder.objects.filter(unit=unit).exclude(status=R.RETURNED).first()):
        raise FaultRefused(_("Unit %(tag)s is already in repair %(number)s; mark this report a duplicate.")
                           % {"tag": unit.display_tag, "number": busy.number})
    warranty = warranty_of(unit.pk)
    repair = RepairOrder.objects.create(
        report=report, unit=unit, supplier=supplier.strip(),
        under_warranty=bool(warranty and warranty.covers(timezone.localdate())),
        warranty_until=warranty.ends if warranty else None,
        status_before=unit.status if unit.status in StatusGroups.IN_SERVICE else U.RECEIVED)
    RepairEvent.objects.create(repair=repair, new_status=R.OPEN, actor=by, note=note)
    if unit.status != U.DAMAGED:
        lifecycle.change_status(unit, U.DAMAGED, by=by, locked=True, place_id=unit.holder_id,
                                reference=repair.number, note=report.number)
    return repair


def _locked_repair(repair_id):
    return RepairOrder.objects.select_for_update(of=("self",)).select_related("unit").get(pk=repair_id)


def _repair_step(repair, new, *, by, note="", **fields):
    """Move a repair locked in the caller's transaction to `new`, with its event."""
    if R(new) not in REPAIR_ALLOWED[R(repair.status)]:
        raise FaultRefused(_("Repair %(number)s is “%(old)s” and cannot become “%(new)s”.")
                           % {"number": repair.number, "old": R(repair.status).label, "new": R(new).label})
    RepairEvent.objects.create(repair=repair, old_status=repair.status, new_status=new, actor=by, note=note)
    RepairOrder.objects.filter(pk=repair.pk).update(status=new, **fields)
    repair.status = new
    for name, value in fields.items():
        setattr(repair, name, value)
    return repair


def send_for_repair(repair_id, *, by, sent_on=None, note=""):
    """The unit has left for the repairer."""
    with transaction.atomic():
        return _repair_step(_locked_repair(repair_id), R.SENT, by=by, note=note,
                            sent_on=sent_on or timezone.localdate())


def return_from_repair(repair_id, outcome, *, by, returned_on=None, note=""):
    """The unit is back: repaired, it is again what it was before; not repairable, it stays damaged."""
    outcome = RepairOrder.Outcome(outcome)
    with transaction.atomic():
        repair = _locked_repair(repair_id)
        returned_on = returned_on or timezone.localdate()
        if repair.status == R.SENT and returned_on < repair.sent_on:
            raise FaultRefused(_("Repair %(number)s cannot come back before it was sent (%(sent)s).")
                               % {"number": repair.number, "sent": repair.sent_on.isoformat()})
        _repair_step(repair, R.RETURNED, by=by, note=note, returned_on=returned_on, outcome=outcome)
        if outcome == RepairOrder.Outcome.REPAIRED:
            lifecycle.change_status(repair.unit_id, repair.status_before, by=by, place_id=repair.unit.holder_id,
                                    reference=repair.number, note=str(outcome.label))
        report = FaultReport.objects.select_for_update().get(pk=repair.report_id)
        _step(report, F.RESOLVED, FaultEvent.Action.RESOLVED, by=by, note=str(outcome.label))
    return repair
