"""Delivery progress in numbers, for the home pages: per area, and per shipment on its way."""

from collections import Counter

from django.db.models import Count, Q, Subquery

from inventory import data_version
from inventory.models import Area, Institution, StatusGroups, Unit

from .models.shipments import RECEIPT_OPEN, Shipment
from .shipments import arrived, units_as_left

ARRIVED = sorted(StatusGroups.ARRIVED)


def unit_summary():
    """Every unit counted by status, and arrived units and reached institutions by area: one grouped
    query over the units, cached per version of the data (a million units take a while to count)."""
    return data_version.cached("unit-summary", data_version.units_and_institutions(), _unit_summary)


def _unit_summary():
    area_of = dict(Institution.objects.values_list("pk", "area_id"))
    by_status, arrived, reached = Counter(), Counter(), {}
    for holder, status, n in Unit.objects.order_by().values_list("holder_id", "status").annotate(n=Count("pk")):
        by_status[status] += n
        if status in StatusGroups.ARRIVED and holder is not None:
            arrived[area_of.get(holder)] += n
            reached[(area_of.get(holder), holder)] = 1
    return {"by_status": dict(by_status), "total": sum(by_status.values()), "arrived_by_area": dict(arrived),
            "reached_by_area": dict(Counter(area for area, _holder in reached)), "reached": len(reached)}


def by_area():
    """For each city and district: special organisations, general schools, and how many
    institutions and units the deliveries have reached — the gaps a manager looks for."""
    areas = (Area.objects.filter(level__in=[Area.Level.CITY, Area.Level.DISTRICT]).select_related("parent")
             .defer("boundary", "parent__boundary")  # a district's outline is 100 kB of JSON
             .annotate(special=Count("institutions", filter=Q(institutions__kind__in=Institution.SPECIAL_KINDS)),
                       schools=Count("institutions", filter=Q(institutions__kind=Institution.Kind.GENERAL_SCHOOL)))
             .order_by("parent__name_en", "level", "name_en"))
    summary = unit_summary()
    rows = []
    for area in areas:
        area.units_arrived = summary["arrived_by_area"].get(area.pk, 0)
        area.institutions_reached = summary["reached_by_area"].get(area.pk, 0)
        rows.append(area)
    return rows


def awaiting(shipments, first=None):
    """Shipments whose receipt is open (the `first` ones by dispatch date, or all), each with how many
    of its units have arrived."""
    open_ones = shipments.filter(status__in=sorted(RECEIPT_OPEN)).order_by("dispatch_date", "pk")
    if first is not None:
        # Cut before counting: counted first, every open shipment in the country has its units
        # counted for the ten shown (0.16 s at national scale).
        open_ones = Shipment.objects.filter(pk__in=Subquery(open_ones.values("pk")[:first]))
    rows = list(open_ones.select_related("destination", "origin").annotate(units_total=Count("shipment_units"))
                .order_by("dispatch_date", "pk"))
    # Arrived as the receipt pages count it: each unit as its shipment left it (a unit received and
    # then written off has still arrived), in three statements for all the rows.
    left = units_as_left([row.pk for row in rows])
    for row in rows:
        row.units_arrived = arrived(left[row.pk].values())
    return rows
