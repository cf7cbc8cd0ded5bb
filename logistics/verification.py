"""The one door through which verification rounds and visits change: their life cycles.

Shaped like logistics/shipments.py: a transition table for each, and every step locks the row,
checks the table, changes it and appends a VerificationEvent, in one transaction. Closing a visit
is where statuses of units change, through inventory.lifecycle in the same transaction: a unit
not found becomes missing, a missing unit found again becomes received.

A round is chosen so that a funder can audit the choice: an area, a list, or a random sample of a
given size drawn with a recorded seed from a recorded population (see `draw_sample`).
"""

import random
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.models import Institution, StatusGroups, Unit

from .models import Finding, VerificationEvent, VerificationRound, Visit

R = VerificationRound.Status
V = Visit.Status
A = VerificationEvent.Action
U = Unit.Status

ROUND_ALLOWED = {R.OPEN: {R.CLOSED}, R.CLOSED: set()}
VISIT_ALLOWED = {V.OPEN: {V.CLOSED}, V.CLOSED: set()}

# What a visit looks for: every unit the institution holds and signed for, and what went missing
# there (found again, it comes back).
EXPECTED = StatusGroups.ARRIVED | StatusGroups.LOST


class VerificationError(Exception):
    """The message is translated and can be shown to the user as it is."""


class BadSelection(VerificationError):
    """The institutions of a new round cannot be chosen as asked."""


class VisitClosed(VerificationError):
    """The visit is closed: its findings are final."""


def _refuse_unless(table, obj, new, what):
    if new not in table[obj.status]:
        raise VerificationError(_("%(what)s cannot go from “%(old)s” to “%(new)s”.") % {
            "what": what, "old": type(obj).Status(obj.status).label, "new": type(obj).Status(new).label})


# --- Rounds ------------------------------------------------------------------------------------

def institutions_of_area(area_id):
    """Institutions in an area or any area below it (region → district or city)."""
    return Institution.objects.filter(Q(area_id=area_id) | Q(area__parent_id=area_id)
                                      | Q(area__parent__parent_id=area_id))


def draw_sample(population, size, seed):
    """`size` of the BINs in `population`, drawn with Python's Mersenne Twister seeded with `seed`.

    The population is sorted first, so the draw depends only on the set, the size and the seed:
    `random.Random(seed).sample(sorted(bins), size)` in any Python 3 gives the same institutions.
    """
    return random.Random(seed).sample(sorted(population), size)


def recipients(institutions):
    """Those of `institutions` that hold delivered equipment (what a visit would look for)."""
    return institutions.filter(units__status__in=EXPECTED).distinct()


def open_round(*, name, by, selection, area_id=None, institution_ids=(), sample_size=None, seed=None,
               recipients_only=False):
    """Open a round over the institutions chosen as `selection` says; return it.

    A sample is drawn from the area's institutions (or all), or with `recipients_only` from those
    of them that hold delivered equipment; the population drawn from is recorded with the seed.
    """
    S = VerificationRound.Selection
    population = []
    if selection == S.AREA:
        chosen = list(institutions_of_area(area_id).values_list("pk", flat=True)) if area_id else []
    elif selection == S.LIST:
        chosen = list(Institution.objects.filter(pk__in=institution_ids).values_list("pk", flat=True))
    elif selection == S.SAMPLE:
        pool = institutions_of_area(area_id) if area_id else Institution.objects.all()
        pool = recipients(pool) if recipients_only else pool
        bins = dict(pool.values_list("bin", "pk"))
        population = sorted(bins)
        if not sample_size or sample_size > len(population):
            raise BadSelection(_("A sample of %(size)s cannot be drawn from %(count)s institutions.")
                               % {"size": sample_size or 0, "count": len(population)})
        seed = secrets.randbelow(2**31) if seed is None else seed
        chosen = [bins[b] for b in draw_sample(population, sample_size, seed)]
    else:
        raise BadSelection(_("Choose how the institutions are selected."))
    if not chosen:
        raise BadSelection(_("The selection has no institutions."))
    with transaction.atomic():
        round_ = VerificationRound.objects.create(
            name=name, selection=selection, area_id=area_id, opened_by=by, population=population,
            sample_size=sample_size if selection == S.SAMPLE else None, seed=seed if selection == S.SAMPLE else None)
        round_.institutions.set(chosen)
        VerificationEvent.objects.create(round=round_, action=A.ROUND_OPENED, actor=by,
                                         note=_("%(count)s institutions") % {"count": len(chosen)})
    return round_


def close_round(round_id, *, by):
    """Close a round; visits still open may go on, and are marked late when they close."""
    with transaction.atomic():
        round_ = VerificationRound.objects.select_for_update().get(pk=round_id)
        _refuse_unless(ROUND_ALLOWED, round_, R.CLOSED, _("The round"))
        now = timezone.now()
        VerificationRound.objects.filter(pk=round_id).update(status=R.CLOSED, closed_at=now)
        VerificationEvent.objects.create(round=round_, action=A.ROUND_CLOSED, actor=by, at=now)
    round_.status, round_.closed_at = R.CLOSED, now
    return round_


# --- Visits ------------------------------------------------------------------------------------

def start_visit(round_id, institution_id, *, by):
    """The round's visit to the institution: the one already started, or a new one."""
    with transaction.atomic():
        round_ = VerificationRound.objects.select_for_update().get(pk=round_id)
        if existing := Visit.objects.filter(round=round_, institution_id=institution_id).first():
            return existing
        if not round_.institutions.filter(pk=institution_id).exists():
            raise VerificationError(_("This institution is not in the round."))
        if round_.status != R.OPEN:
            raise VerificationError(_("The round is closed; no new visits can start."))
        visit = Visit.objects.create(round=round_, institution_id=institution_id, verifier=by)
        VerificationEvent.objects.create(round=round_, visit=visit, action=A.VISIT_STARTED, actor=by)
    return visit


def expected_units(visit):
    return Unit.objects.filter(holder_id=visit.institution_id, status__in=EXPECTED)


def latest_findings(visit):
    """unit id → the visit's latest finding about it."""
    latest = {}
    for finding in visit.findings.select_related("room").order_by("at", "pk"):
        latest[finding.unit_id] = finding
    return latest


def unscanned(visit):
    """The units the visit looks for and has no answer about yet."""
    return (expected_units(visit).exclude(findings__visit=visit)
            .select_related("item", "room").order_by("room__name", "item__code", "serial"))


def record_finding(visit_id, unit_id, *, by, scan_id, room=None, not_found=False, condition="", in_use=None,
                   reason="", note="", photo=None, latitude=None, longitude=None):
    """Append one answer about one unit and return it. Nothing moves: a unit of another institution
    is recorded as found elsewhere, and statuses change only when the visit is closed.

    A phone that sends the same answer again (same `scan_id`) gets the first one back, unchanged.
    """
    with transaction.atomic():
        # The visit's lock orders every answer of the visit, so an answer resent while the first is
        # still being written waits here and then finds it.
        visit = Visit.objects.select_for_update().select_related("round").get(pk=visit_id)
        if scan_id and (done := Finding.objects.filter(scan_id=scan_id, visit=visit).first()):
            done.resent = True
            return done
        if visit.status != V.OPEN:
            raise VisitClosed(_("The visit is closed; its findings can no longer change."))
        unit = Unit.objects.get(pk=unit_id)
        if not_found:
            result = Finding.Result.NOT_FOUND
        elif unit.holder_id != visit.institution_id or (room and unit.room_id and unit.room_id != room.pk):
            result = Finding.Result.ELSEWHERE
        else:
            result = Finding.Result.IN_PLACE
        found = result != Finding.Result.NOT_FOUND
        finding = Finding(
            visit=visit, unit=unit, room=room if found else None, result=result,
            condition=condition if found else "", in_use=in_use if found else None,
            reason=reason if found and in_use is False else "", note=note, actor=by, scan_id=scan_id,
            latitude=latitude, longitude=longitude, late=visit.round.status == R.CLOSED)
        if photo is not None and found:
            finding.photo.save("photo.jpg", photo, save=False)
        finding.save()
    finding.resent = False
    return finding


def close_visit(visit_id, *, by):
    """Close a visit: units never scanned are recorded not found; the not found become missing and
    the missing that were found become received again, all in one transaction.

    Two phones closing the same visit at once: the second waits on the lock, then finds it
    closed and is refused, so the units change once.
    """
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("round").get(pk=visit_id)
        _refuse_unless(VISIT_ALLOWED, visit, V.CLOSED, _("The visit"))
        now = timezone.now()
        late = visit.round.status == R.CLOSED
        never = list(unscanned(visit).values_list("pk", flat=True))
        Finding.objects.bulk_create([
            Finding(visit=visit, unit_id=pk, result=Finding.Result.NOT_FOUND, actor=by, at=now, late=late,
                    note=_("Never scanned during the visit.")) for pk in never])
        latest = latest_findings(visit)
        here = dict(expected_units(visit).values_list("pk", "status"))
        lost = [pk for pk, f in latest.items() if f.result == Finding.Result.NOT_FOUND
                and here.get(pk) in StatusGroups.ARRIVED]
        back = [pk for pk, f in latest.items() if f.result != Finding.Result.NOT_FOUND and here.get(pk) == U.MISSING]
        reference = _("Verification visit %(number)s") % {"number": visit.pk}
        for ids, new in ((lost, U.MISSING), (back, U.RECEIVED)):
            if ids:
                lifecycle.change_status_many(ids, new, by=by, place_id=visit.institution_id, reference=reference)
        Visit.objects.filter(pk=visit.pk).update(status=V.CLOSED, closed_at=now, late=late)
        VerificationEvent.objects.create(round=visit.round, visit=visit, action=A.VISIT_CLOSED, actor=by, at=now,
                                         note=_("late") if late else "")
    visit.status, visit.closed_at, visit.late = V.CLOSED, now, late
    return visit
