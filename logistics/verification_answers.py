"""What an answer of a verification visit names, and how its outcome is worded: shared by the
visit page and the API, so both read a label the same way and answer in the same words."""

from django.utils.translation import gettext as _

from inventory.models import Unit
from inventory.scan_input import Problem, read_room, read_scan

from .models import Finding

F = Finding.Result


class UnknownCode(Exception):
    """The code names no unit; the message is translated and says why."""


def room_of(visit, code):
    """The visited institution's room whose label or code this is, or None."""
    code = read_room(code) if code else None
    return visit.institution.rooms.filter(code=code).first() if code else None


def is_room_label(code):
    return bool(read_room(code))


def unit_of(code):
    """The unit a scanned label or typed tag names, with its item; UnknownCode otherwise."""
    reading = read_scan(code)
    unit = Unit.objects.filter(asset_tag__in=reading.tags).select_related("item").first() if reading.tags else None
    if unit is None:
        raise UnknownCode(_("%(code)s is not a valid tag: check the characters.") % {"code": reading.typed}
                          if reading.problem == Problem.MISTYPED else _("No unit has this label."))
    return unit


def room_label_refusal():
    return _("This is a room's label; an answer needs the unit's label.")


def scan_id_reused():
    return _("This scan id was already used for another scan.")


def finding_reply(unit, finding):
    """The finding as the visit page reports it: outcome, a translated message, the unit and room."""
    messages = {
        F.IN_PLACE: _("%(tag)s found in place."),
        F.ELSEWHERE: (_("%(tag)s belongs to another institution: recorded as found elsewhere, not moved.")
                      if finding.visit.institution_id != unit.holder_id else _("%(tag)s found in another room.")),
        F.NOT_FOUND: _("%(tag)s recorded as not found."),
    }
    return {"outcome": finding.result, "message": messages[finding.result] % {"tag": unit.display_tag},
            "tag": unit.asset_tag, "display": unit.display_tag, "item": unit.item.name,
            "late": finding.late, "repeated": getattr(finding, "resent", False),
            "room": {"code": finding.room.code, "name": finding.room.name} if finding.room_id else None}
