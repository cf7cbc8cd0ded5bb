from django.http import Http404
from django.shortcuts import redirect, render

from ..identifiers import TAG_LENGTH
from ..models import StatusGroups, Unit
from ..permissions import visible_units


def unit_page(request, tag):
    """The page a QR label opens. Anyone may see what the unit is; only those who may see the
    unit see where it goes and its history."""
    canonical = tag.replace("-", "").upper()
    if canonical != tag:
        return redirect("inventory:unit", tag=canonical)
    if len(canonical) != TAG_LENGTH:
        raise Http404
    unit = (Unit.objects.select_related("item", "holder", "holder__area", "room")
            .defer("holder__area__boundary").filter(asset_tag=canonical).first())
    if unit is None:
        raise Http404
    may_see = visible_units(request.user).filter(pk=unit.pk).exists()
    events = (unit.events.select_related("actor", "place", "room").order_by("at", "pk") if may_see else [])
    return render(request, "inventory/unit.html", {
        "unit": unit, "may_see": may_see, "events": events, "spheres": unit.item.spheres.all(),
        "needs": unit.item.needs.all(), "service": [] if may_see else _service_record(unit),
        # Its public name once the unit is there; where a unit is being sent is not told to strangers.
        "public_holder": unit.holder if unit.status in StatusGroups.ARRIVED else None})


def _service_record(unit):
    """What anyone may know of the unit's condition: when it broke, was repaired or written off, and the
    document of each step; never who did it or where."""
    S = Unit.Status
    return [e for e in unit.events.order_by("at", "pk")
            if e.new_status in (S.DAMAGED, S.WRITTEN_OFF) or e.old_status == S.DAMAGED]
