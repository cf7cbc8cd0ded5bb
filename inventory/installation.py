"""Installing received units in the rooms of their institution, by scanning or from a list.

School staff scan a room's label (or pick or create the room by name), then the units that now
live there. Each unit goes `received → installed` through the life cycle with the room in its
event; an installed unit scanned in another room moves there (an event too). A unit of another
institution is refused and left as it is: installing never moves a unit between institutions.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import lifecycle
from .models import Room, Unit, UnitEvent
from .scan_input import Problem, read_room, read_scan

S = Unit.Status
# What may be installed: what arrived. A damaged unit may be installed too (it may still serve).
INSTALLABLE = frozenset({S.RECEIVED, S.DAMAGED})
ROOM_NAME_MAX = Room._meta.get_field("name").max_length


class Outcome(StrEnum):
    INSTALLED = "installed"
    MOVED = "moved"
    ALREADY_HERE = "already_here"
    ROOM = "room"
    NO_ROOM = "no_room"
    OTHER_INSTITUTION = "other_institution"
    UNKNOWN_CODE = "unknown_code"
    MISTYPED = "mistyped"
    REFUSED = "refused"


# Outcomes after which nothing was written, for the HTTP status of the reply.
REFUSALS = frozenset({Outcome.NO_ROOM, Outcome.OTHER_INSTITUTION, Outcome.UNKNOWN_CODE, Outcome.MISTYPED,
                      Outcome.REFUSED})


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    message: str
    tag: str = ""
    status: str = ""
    room: Room | None = None


class BadRoomName(ValueError):
    """The message is translated and can be shown as it is."""


def clean_room_name(name):
    """The name as stored: spaces collapsed; BadRoomName for an empty or too long one."""
    name = re.sub(r"\s+", " ", str(name or "")).strip()
    if not name:
        raise BadRoomName(_("Give the room a name, for example “class 2B”."))
    if len(name) > ROOM_NAME_MAX:
        raise BadRoomName(_("A room name has at most %(max)s characters.") % {"max": ROOM_NAME_MAX})
    return name


def room_named(institution_id, name):
    """The institution's room of this name (in any case), created if there is none yet."""
    name = clean_room_name(name)
    existing = Room.objects.filter(institution_id=institution_id, name__iexact=name).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Room.objects.create(institution_id=institution_id, name=name)
    except IntegrityError:
        # Another phone created the same room a moment ago: the unique index kept it to one.
        return Room.objects.get(institution_id=institution_id, name__iexact=name)


def room_of(institution_id, code):
    """The institution's room with this code (as scanned or typed), or None."""
    code = read_room(code) if code else None
    return Room.objects.filter(institution_id=institution_id, code=code).first() if code else None


def install_scan(institution_id, room, raw, *, by, scan_id):
    """What one scan on the installation page means, and its effect: a room chosen, a unit installed."""
    if code := read_room(raw):
        found = Room.objects.filter(code=code).select_related("institution").first()
        if found is None or found.institution_id != institution_id:
            return Result(Outcome.REFUSED, _("This room label belongs to another institution or to no room."))
        return Result(Outcome.ROOM, _("Now installing in “%(room)s”.") % {"room": found.name}, room=found)
    reading = read_scan(raw)
    if reading.problem == Problem.MISTYPED:
        return Result(Outcome.MISTYPED,
                      _("%(code)s is not a valid tag: check the characters.") % {"code": reading.typed})
    if not reading.tags:
        return Result(Outcome.UNKNOWN_CODE, _("This is neither a unit's nor a room's label."))
    if room is None:
        return Result(Outcome.NO_ROOM, _("Scan the room's label first, or choose the room."))
    with transaction.atomic():
        units = lifecycle.lock(Unit.objects.filter(asset_tag__in=reading.tags))
        if not units:
            return Result(Outcome.UNKNOWN_CODE, _("No unit has the tag %(code)s.") % {"code": reading.tag})
        return _install(units[0], institution_id, room, by=by, scan_id=scan_id)


def _install(unit, institution_id, room, *, by, scan_id):
    done = UnitEvent.objects.filter(scan_id=scan_id, unit=unit).first() if scan_id else None
    if done is not None:  # the phone sent this scan again: answer as the first time, change nothing
        return _result(Outcome.INSTALLED, unit, room)
    if unit.holder_id != institution_id:
        return Result(Outcome.OTHER_INSTITUTION, _("Unit %(tag)s belongs to another institution; it was not "
                                                   "installed here.") % {"tag": unit.display_tag},
                      tag=unit.asset_tag, status=unit.status)
    if unit.status == S.INSTALLED:
        if unit.room_id == room.pk:
            return _result(Outcome.ALREADY_HERE, unit, room)
        lifecycle.move_to_room(unit, room.pk, by=by, scan_id=scan_id, locked=True)
        return _result(Outcome.MOVED, unit, room)
    if unit.status not in INSTALLABLE:
        return Result(Outcome.REFUSED, _("Unit %(tag)s is “%(status)s”; only received units can be installed.")
                      % {"tag": unit.display_tag, "status": S(unit.status).label},
                      tag=unit.asset_tag, status=unit.status)
    lifecycle.change_status(unit, S.INSTALLED, by=by, place_id=institution_id, room_id=room.pk,
                            scan_id=scan_id, locked=True)
    return _result(Outcome.INSTALLED, unit, room)


def _result(outcome, unit, room):
    messages = {
        Outcome.INSTALLED: _("%(tag)s installed in “%(room)s”."),
        Outcome.MOVED: _("%(tag)s moved to “%(room)s”."),
        Outcome.ALREADY_HERE: _("%(tag)s is already installed in “%(room)s”."),
    }
    return Result(outcome, messages[outcome] % {"tag": unit.display_tag, "room": room.name},
                  tag=unit.asset_tag, status=S.INSTALLED, room=room)


def install_picked(institution_id, room, tags, *, by):
    """Install the units picked from the list (received, at this institution) in `room`; all or none.

    Returns how many were installed. A tag outside the institution or not installable refuses the
    whole list (TransitionNotAllowed), so a forged post changes nothing.
    """
    tags = list(dict.fromkeys(tags))
    with transaction.atomic():
        units = lifecycle.lock(Unit.objects.filter(asset_tag__in=tags, holder_id=institution_id).order_by("pk"))
        if len(units) != len(tags):
            raise lifecycle.TransitionNotAllowed(_("Some of the chosen units are not at your institution."))
        for unit in units:
            if unit.status not in INSTALLABLE:
                raise lifecycle.TransitionNotAllowed(
                    _("Unit %(tag)s is “%(status)s”; only received units can be installed.")
                    % {"tag": unit.display_tag, "status": S(unit.status).label})
            lifecycle.change_status(unit, S.INSTALLED, by=by, place_id=institution_id, room_id=room.pk, locked=True)
    return len(units)
