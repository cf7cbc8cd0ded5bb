"""A small world for transfer stories: units held and in use at one school, ready to move to another."""

from inventory import lifecycle
from inventory.models import Unit
from tests import factories


def units_at(institution, n=3, *, by=None, status=Unit.Status.RECEIVED):
    """`n` units delivered to and received at `institution` (installed, damaged... when `status` says)."""
    shipment = factories.shipment(institution, units=n, by=by)
    ids = list(shipment.units.values_list("pk", flat=True))
    lifecycle.change_status_many(ids, Unit.Status.RECEIVED, by=by, place_id=institution.pk)
    if status != Unit.Status.RECEIVED:
        lifecycle.change_status_many(ids, status, by=by, place_id=institution.pk)
    return list(Unit.objects.filter(pk__in=ids).order_by("pk"))
