"""The one door through which a unit's status changes.

Every change locks the unit, checks the transition table, appends a UnitEvent and saves the
unit, in one transaction: a failure anywhere leaves neither the event nor the new status.
New units enter the life cycle through `create_units`, the bulk path the delivery import uses.
"""

from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk_insert import insert_rows
from .identifiers import new_asset_tags
from .models import Unit, UnitEvent

S = Unit.Status

ALLOWED = {
    S.EXPECTED: {S.IN_TRANSIT, S.MISSING, S.WRITTEN_OFF},
    S.IN_TRANSIT: {S.RECEIVED, S.DAMAGED, S.MISSING},
    S.RECEIVED: {S.INSTALLED, S.DAMAGED, S.MISSING, S.TRANSFERRED, S.WRITTEN_OFF},
    # A damaged unit not found at a verification visit is missing.
    S.DAMAGED: {S.RECEIVED, S.INSTALLED, S.MISSING, S.TRANSFERRED, S.WRITTEN_OFF},
    S.MISSING: {S.RECEIVED, S.DAMAGED, S.WRITTEN_OFF},
    S.INSTALLED: {S.DAMAGED, S.MISSING, S.TRANSFERRED, S.WRITTEN_OFF},
    S.TRANSFERRED: {S.IN_TRANSIT, S.RECEIVED},
    S.WRITTEN_OFF: set(),
}

# The statuses after which a holder must be named; a transfer names the new holder.
NEEDS_HOLDER = {S.INSTALLED, S.TRANSFERRED}
_KEEP = object()


class TransitionNotAllowed(Exception):
    """The message is translated and can be shown to the user as it is."""


class Unchanged(Exception):
    """The unit was in a status the caller named in `unless`; nothing was written."""

    def __init__(self, unit):
        super().__init__(unit.status)
        self.status = S(unit.status)


def check_transition(unit, new):
    """Raise TransitionNotAllowed, naming both statuses and the reason, unless `unit` may become `new`."""
    new = S(new)
    if new in ALLOWED[S(unit.status)]:
        return
    if unit.status == S.WRITTEN_OFF:
        reason = _("a written-off unit has no further steps")
    elif new == unit.status:
        reason = _("it already has that status")
    else:
        allowed = ", ".join(str(s.label) for s in sorted(ALLOWED[S(unit.status)]))
        reason = _("from this status it can only become: %(allowed)s") % {"allowed": allowed}
    raise TransitionNotAllowed(
        _("Unit %(tag)s cannot go from “%(old)s” to “%(new)s”: %(reason)s.")
        % {"tag": unit.display_tag, "old": S(unit.status).label, "new": new.label, "reason": reason}
    )


def lock(units):
    """The units of a queryset, locked until the caller's transaction ends.

    For a caller that reads the unit anyway (a scan finds it by its label): it locks the unit in
    that same query, and hands it to change_status with `locked=True` in the same transaction,
    instead of change_status locking it again, a round trip on every scan.
    """
    return list(units.select_for_update(of=("self",)))


def change_status(unit, new, *, by, place_id=None, holder_id=_KEEP, room_id=_KEEP, reference="", note="",
                  shipment_id=None, scan_id=None, unless=(), locked=False, at=None):
    """Move one unit to `new`, record who, where and why, and return the event.

    `unit` is a unit's primary key; or, with `locked=True`, a unit that `lock()` returned in the
    caller's transaction, which still holds its lock.

    A unit found in one of the statuses named in `unless` is left as it is and `Unchanged` is raised:
    a damaged unit scanned again stays damaged, though the table would let it become received.

    A phone that resends a scan after losing its signal finds the unit already moved by the first
    sending, so the step is refused; the event of that first sending (same `scan_id`, same unit) is
    then returned instead, its `resent` set, and nothing changes. A `scan_id` used before, for a
    step that is possible again, is refused by the events' unique index (IntegrityError).

    `room_id` names the holder's room the unit now lives in (installation); a new holder, named by
    `holder_id`, clears the room, which belonged to the old one.

    It runs in its caller's transaction without a savepoint: a refusal is raised after the block
    and leaves that transaction usable, but a database error fails the caller's whole transaction.

    `at` dates the event for history recorded after the fact (the demo, records moved from paper);
    every step taken by a person now leaves it out.
    """
    # No savepoint: this runs inside its caller's transaction at every scan, and a savepoint would
    # cost two more round trips. Nothing here needs undoing on its own: every refusal is decided
    # before anything is written.
    with transaction.atomic(savepoint=False):
        if not locked:
            # The lock makes a second, concurrent request for the same unit wait here and then see
            # the first one's result, so a unit is received once even when two phones scan it.
            unit = Unit.objects.select_for_update().get(pk=unit)
        refusal = Unchanged(unit) if unit.status in unless else _refusal(unit, new, holder_id)
        # Only a refused step can be a resend (no status may step to itself), so a scan that moves
        # a unit, nearly every scan, costs no look-up of its id.
        if refusal is not None and scan_id is not None and (done := _event_of_scan(scan_id, unit)):
            done.resent = True
            return done
        if refusal is None:
            if holder_id is not _KEEP and holder_id != unit.holder_id:
                unit.holder_id, unit.room_id = holder_id, None
            if room_id is not _KEEP:
                unit.room_id = room_id
            event = UnitEvent.objects.create(
                unit=unit, old_status=unit.status, new_status=new, actor=by, place_id=place_id,
                room_id=None if room_id is _KEEP else room_id, reference=reference, note=note,
                shipment_id=shipment_id, scan_id=scan_id, at=at or timezone.now())
            unit.status = new
            unit.save(update_fields=["status", "holder", "room"])
    if refusal is not None:
        raise refusal
    return event


class NotInstalled(TransitionNotAllowed):
    """Only an installed unit moves from room to room; the others are installed first."""


def move_to_room(unit, room_id, *, by, scan_id=None, locked=False):
    """Record that an installed unit now lives in another room of its holder; return the event.

    The status stays "installed": the event (old and new status the same) is the room's history.
    A resent scan finds its first event and changes nothing, as in change_status.
    """
    with transaction.atomic(savepoint=False):
        if not locked:
            unit = Unit.objects.select_for_update().get(pk=unit)
        if scan_id is not None and (done := _event_of_scan(scan_id, unit)):
            done.resent = True
            return done
        if unit.status == S.INSTALLED:
            event = UnitEvent.objects.create(unit=unit, old_status=unit.status, new_status=unit.status, actor=by,
                                             place_id=unit.holder_id, room_id=room_id, scan_id=scan_id)
            unit.room_id = room_id
            unit.save(update_fields=["room"])
            return event
    # Raised after the block, as in change_status: the caller's transaction stays usable.
    raise NotInstalled(_("Unit %(tag)s is “%(status)s”, not installed, so it cannot move to a room.")
                       % {"tag": unit.display_tag, "status": S(unit.status).label})


def _event_of_scan(scan_id, unit):
    try:
        return UnitEvent.objects.get(scan_id=scan_id, unit=unit)
    except UnitEvent.DoesNotExist:
        return None


def _refusal(unit, new, holder_id):
    """The TransitionNotAllowed that `unit` becoming `new` (with `holder_id`) meets, or None."""
    try:
        check_transition(unit, new)
    except TransitionNotAllowed as exc:
        return exc
    holder = unit.holder_id if holder_id is _KEEP else holder_id
    if S(new) in NEEDS_HOLDER and holder is None:
        return TransitionNotAllowed(
            _("Unit %(tag)s cannot become “%(new)s” without an institution to hold it.")
            % {"tag": unit.display_tag, "new": S(new).label})
    return None


def change_status_many(unit_ids, new, *, by, place_id=None, reference="", note="", shipment_id=None, at=None):
    """Move several units to `new` at once (dispatching a shipment, closing a receipt): all or none."""
    unit_ids = list(unit_ids)
    with transaction.atomic():
        units = list(Unit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk"))
        if len(units) != len(set(unit_ids)):
            raise Unit.DoesNotExist(_("Some of the units to change do not exist."))
        for unit in units:
            check_transition(unit, new)
        now = at or timezone.now()
        events = UnitEvent.objects.bulk_create(
            [UnitEvent(unit=u, old_status=u.status, new_status=new, at=now, actor=by, place_id=place_id,
                       reference=reference, note=note, shipment_id=shipment_id) for u in units],
            batch_size=1000)
        # Bypasses Unit.save() on purpose: one UPDATE per status, inside the same lock and transaction.
        Unit.objects.filter(pk__in=[u.pk for u in units]).update(status=new)
    return events


class NewUnit(NamedTuple):
    """A unit to create: a tuple, not a dataclass, because an import builds 100,000 of them."""

    item_id: int
    serial: str
    holder_id: int | None
    # The shipment and document of the first event, when they differ unit by unit within one call.
    shipment_id: int | None = None
    reference: str | None = None


class CreatedUnit(NamedTuple):
    """What the bulk path hands back: enough to link a new unit to its shipment or print its label."""

    pk: int
    item_id: int
    serial: str
    holder_id: int | None
    asset_tag: str


def create_units(new_units, *, by, reference="", note="", shipment_id=None, batch_size=2000, at=None):
    """Create units in status EXPECTED, each with its first event; the caller owns the transaction.

    This is the bulk path of the life cycle, and a 100,000-row delivery goes through it, so it
    writes a batch's units in one multi-row INSERT and their events in another (inventory.bulk_insert)
    instead of building a model instance per row, which costs several times the insert itself.
    The database's constraints still hold: a doubled (item, serial) fails the whole transaction.
    """
    at = connection.ops.adapt_datetimefield_value(at or timezone.now())
    actor_id = getattr(by, "pk", None)
    new_units = list(new_units)
    created = []
    for start in range(0, len(new_units), batch_size):
        specs = new_units[start:start + batch_size]
        units = _insert_units(specs, at)
        insert_rows(UnitEvent, _EVENT_COLUMNS, [
            (u.pk, "", S.EXPECTED.value, at, actor_id, u.holder_id, reference if s.reference is None else s.reference,
             note, shipment_id if s.shipment_id is None else s.shipment_id)
            for s, u in zip(specs, units, strict=True)])
        created.extend(units)
    return created


def _insert_units(specs, at):
    """Insert units under freshly drawn tags; return them, with their ids, in the order of `specs`.

    Tags are random, and among millions a repeat is likely. The unique index decides: a unit whose tag
    is already taken (in the database or earlier in the batch) is skipped by ON CONFLICT, returns no
    row, and is inserted again under a new tag; a clash costs neither a query beforehand nor the
    import. Any other constraint, such as a doubled (item, serial), still fails the statement.
    """
    units = [None] * len(specs)
    waiting = range(len(specs))
    expected = S.EXPECTED.value
    while waiting:
        tags = new_asset_tags(len(waiting))
        inserted = insert_rows(Unit, _UNIT_COLUMNS, [
            (specs[i].item_id, specs[i].serial, tag, expected, specs[i].holder_id, at)
            for i, tag in zip(waiting, tags, strict=True)],
            on_conflict="ON CONFLICT (asset_tag) DO NOTHING", returning=("asset_tag", "id", "item_id", "serial"))
        # The rows come back in no promised order: each is matched to its spec by tag, item and serial
        # (a tag drawn twice in one batch was inserted for one of its two specs only), and claimed once.
        by_tag = {tag: (pk, item_id, serial) for tag, pk, item_id, serial in inserted}
        clashed = []
        for i, tag in zip(waiting, tags, strict=True):
            spec = specs[i]
            found = by_tag.get(tag)
            if found is not None and found[1] == spec.item_id and found[2] == spec.serial:
                del by_tag[tag]
                units[i] = CreatedUnit(found[0], spec.item_id, spec.serial, spec.holder_id, tag)
            else:
                clashed.append(i)
        waiting = clashed
    return units


_UNIT_COLUMNS = ("item_id", "serial", "asset_tag", "status", "holder_id", "created_at")
_EVENT_COLUMNS = ("unit_id", "old_status", "new_status", "at", "actor_id", "place_id", "reference", "note",
                  "shipment_id")
