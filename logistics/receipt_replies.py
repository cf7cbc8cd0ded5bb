"""The JSON replies of the receipt page's endpoints, written down once.

The views in logistics/views/receiving.py build every reply here, and the page's script
(logistics/static/logistics/receive/) reads exactly these keys, nothing else: a key the script
needs is added here first. tests/logistics/test_receipt_replies.py holds both sides to it.

How the script treats a reply, by its HTTP status:
- 200: one of the replies below.
- 400 and 409 (bad input, a receipt that is not open, a reused scan id, a refused step): an
  `ErrorReply`, shown to the user; the scan is not kept, sending it again would not help.
- 404 (an HTML page): the shipment is not found or no longer available to this user; shown, not kept.
- 403, or a redirect to the login page: the session has ended; the scan is kept until the user logs in.
- 5xx or no answer: the scan is kept and sent again.
"""

from typing import TypedDict

from django.http import JsonResponse
from django.utils.translation import gettext as _

from inventory.models import Unit


class ErrorReply(TypedDict):
    # Translated, for the user as it is.
    error: str


class ScanReply(TypedDict):
    outcome: str  # a receiving.Outcome
    message: str
    # True when this very scan (same device id) was answered before and changed nothing now.
    repeated: bool
    # The unit's status after the scan; "" when the scan touched no unit of this shipment.
    status: str
    # The unit the scan named ("" when none): its asset tag and its tag as printed.
    tag: str
    display: str


class UnitRow(TypedDict):
    tag: str
    display: str
    item: str
    serial: str
    status: str
    status_label: str


class Counts(TypedDict):
    """logistics.shipments.receipt_counts: arrived includes the damaged (StatusGroups), not the refused."""

    units_expected: int
    units_refused: int
    units_arrived: int
    units_damaged: int
    units_missing: int
    units_outstanding: int
    counted_expected: int
    counted_received: int


class StateReply(TypedDict):
    units: list[UnitRow]
    counts: Counts


class DamageReply(TypedDict):
    tag: str
    status: str
    message: str
    photo: str  # the photo's address, "" when none was sent


class RefusalReply(TypedDict):
    """A transfer's unit the receiver refused; its status on this page is "refused"."""

    tag: str
    status: str
    message: str


class QuantityReply(TypedDict):
    line: int
    quantity: int
    message: str


def refusal(message, status=409):
    return JsonResponse(ErrorReply(error=str(message)), status=status)


def scan_reply(result) -> ScanReply:
    unit = result.unit
    return ScanReply(outcome=result.outcome, message=result.message, repeated=result.repeated,
                     status=str(result.status), tag=unit.asset_tag if unit else "",
                     display=unit.display_tag if unit else "")


# A transfer's unit refused at receipt: received back at the sender, shown on the receipt page as refused.
REFUSED = "refused"


# A status's label by its value. `unit.get_status_display()` hashes every choice's lazy label to find
# one, translating each (nine translations a unit; a receipt of 500 units spent 40 ms on them).
STATUS_LABELS = dict(Unit.Status.choices)


def unit_row(unit, refused=frozenset()) -> UnitRow:
    if unit.pk in refused:
        return UnitRow(tag=unit.asset_tag, display=unit.display_tag, item=unit.item.name, serial=unit.serial,
                       status=REFUSED, status_label=str(_("Refused")))
    return UnitRow(tag=unit.asset_tag, display=unit.display_tag, item=unit.item.name, serial=unit.serial,
                   status=unit.status, status_label=str(STATUS_LABELS[unit.status]))


def state_reply(units, counts, refused=frozenset()) -> StateReply:
    return StateReply(units=[unit_row(u, refused) for u in units], counts=Counts(**counts))
