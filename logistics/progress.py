"""Delivery progress in numbers, for the home pages: per area, and per shipment on its way."""

from django.db.models import Count, Q

from inventory.models import Area, Institution, StatusGroups, Unit

from .models.shipments import RECEIPT_OPEN

ARRIVED = sorted(StatusGroups.ARRIVED)


def by_area():
    """For each city and district: special organisations, general schools, and how many
    institutions and units the deliveries have reached — the gaps a manager looks for."""
    areas = (Area.objects.filter(level__in=[Area.Level.CITY, Area.Level.DISTRICT]).select_related("parent")
             .annotate(special=Count("institutions", filter=Q(institutions__kind__in=Institution.SPECIAL_KINDS)),
                       schools=Count("institutions", filter=Q(institutions__kind=Institution.Kind.GENERAL_SCHOOL)))
             .order_by("parent__name_en", "level", "name_en"))
    arrived = Unit.objects.filter(status__in=ARRIVED)
    units = dict(arrived.order_by().values_list("holder__area").annotate(n=Count("pk")))
    reached = dict(arrived.order_by().values_list("holder__area").annotate(n=Count("holder", distinct=True)))
    rows = []
    for area in areas:
        area.units_arrived = units.get(area.pk, 0)
        area.institutions_reached = reached.get(area.pk, 0)
        rows.append(area)
    return rows


def awaiting(shipments):
    """Shipments whose receipt is open, each with how many of its units have arrived."""
    return (shipments.filter(status__in=sorted(RECEIPT_OPEN)).select_related("destination")
            .annotate(units_total=Count("shipment_units", distinct=True),
                      units_arrived=Count("shipment_units", filter=Q(shipment_units__unit__status__in=ARRIVED),
                                          distinct=True))
            .order_by("dispatch_date", "pk"))
