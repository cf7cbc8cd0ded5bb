"""The database, as the frames logistics/coverage.py works on: a handful of queries, aggregated in
SQL where that is cheaper (units are counted per holder, item and status, never loaded one by one)."""

from collections import defaultdict

import pandas as pd
from django.db.models import Count

from inventory import data_version
from inventory.models import Area, Institution, Item, StatusGroups, Unit, UnitEvent

from .models import BoundaryImport, ChildrenInNeed, Shipment, ShipmentEvent, ShipmentLine, SpecialistCount
from .models.shipments import CLOSED


def regions():
    return Area.objects.filter(level=Area.Level.REGION).order_by("code")


def areas_frame(region):
    """The region's districts and cities, with boundary and centre for the map."""
    rows = [{"area_id": a.pk, "code": a.code, "name": a.name, "level": a.level, "region_id": region.pk,
             "boundary": a.boundary, "centre_lat": a.centre_latitude, "centre_lon": a.centre_longitude}
            for a in Area.objects.filter(parent=region, level__in=[Area.Level.DISTRICT, Area.Level.CITY])
            .order_by("level", "name_en")]
    return pd.DataFrame(rows, columns=["area_id", "code", "name", "level", "region_id", "boundary",
                                       "centre_lat", "centre_lon"])


def institutions_frame(area_ids):
    needs = defaultdict(list)
    through = Institution.needs.through
    for inst_id, need in through.objects.filter(institution__area_id__in=area_ids).values_list(
            "institution_id", "needcategory_id"):
        needs[inst_id].append(need)
    rows = [{"inst_id": i.pk, "name": i.name, "kind": i.kind, "area_id": i.area_id, "lat": i.latitude,
             "lon": i.longitude, "needs": tuple(sorted(needs[i.pk])), "inclusion_classroom": i.has_inclusion_classroom}
            for i in Institution.objects.filter(area_id__in=area_ids).only(
                "pk", "name_ru", "name_kk", "name_en", "kind", "area_id", "latitude", "longitude",
                "has_inclusion_classroom")]
    return pd.DataFrame(rows, columns=["inst_id", "name", "kind", "area_id", "lat", "lon", "needs",
                                       "inclusion_classroom"])


def children_frame(area_ids):
    rows = ChildrenInNeed.objects.filter(area_id__in=area_ids).values_list("area_id", "year", "need_id", "children")
    return pd.DataFrame(list(rows), columns=["area_id", "year", "need", "children"])


def specialists_frame(area_ids):
    rows = SpecialistCount.objects.filter(area_id__in=area_ids).values_list("area_id", "year", "kind", "count")
    return pd.DataFrame(list(rows), columns=["area_id", "year", "kind", "count"])


def deliveries_frame(area_ids):
    """Serialised units counted per holder, item and status, plus counted items' shipment lines."""
    items = _item_attributes()
    rows = []
    grouped = (Unit.objects.filter(holder__area_id__in=area_ids).exclude(status__in=StatusGroups.RETIRED)
               .values("holder_id", "holder__area_id", "item_id", "status").annotate(n=Count("pk")))
    for g in grouped:
        category, needs, spheres = items[g["item_id"]]
        rows.append({"area_id": g["holder__area_id"], "inst_id": g["holder_id"], "category": category,
                     "needs": needs, "spheres": spheres, "expected": g["n"],
                     "received": g["n"] if g["status"] in StatusGroups.ARRIVED else 0,
                     "missing": g["n"] if g["status"] in StatusGroups.LOST else 0})
    lines = (ShipmentLine.objects.filter(shipment__destination__area_id__in=area_ids,
                                         item__tracking=Item.Tracking.COUNTED)
             .exclude(shipment__status=Shipment.Status.DRAFT)
             .values("shipment__destination_id", "shipment__destination__area_id", "item_id", "quantity_expected",
                     "quantity_received", "shipment__status"))
    for line in lines:
        category, needs, spheres = items[line["item_id"]]
        received = line["quantity_received"] or 0
        closed = line["shipment__status"] in CLOSED
        rows.append({"area_id": line["shipment__destination__area_id"], "inst_id": line["shipment__destination_id"],
                     "category": category, "needs": needs, "spheres": spheres,
                     "expected": line["quantity_expected"], "received": received,
                     "missing": max(line["quantity_expected"] - received, 0) if closed else 0})
    return pd.DataFrame(rows, columns=["area_id", "inst_id", "category", "needs", "spheres", "expected",
                                       "received", "missing"])


def _item_attributes():
    needs, spheres = defaultdict(list), defaultdict(list)
    for item_id, need in Item.needs.through.objects.values_list("item_id", "needcategory_id"):
        needs[item_id].append(need)
    for item_id, sphere in Item.spheres.through.objects.values_list("item_id", "developmentsphere_id"):
        spheres[item_id].append(sphere)
    return {pk: (category, tuple(sorted(needs[pk])), tuple(sorted(spheres[pk])))
            for pk, category in Item.objects.values_list("pk", "category")}


def version():
    """The version of everything coverage reads, in one statement: units and register, shipments (their
    events), boundaries (append-only imports) and statistics (count, newest key and total: an edited
    figure changes the total)."""
    return data_version.newest([
        (UnitEvent, "MAX(id)"), (Institution, "MAX(id)"), (Institution, "COUNT(*)"), (ShipmentEvent, "MAX(id)"),
        (BoundaryImport, "MAX(id)"), (ChildrenInNeed, "COUNT(*)"), (ChildrenInNeed, "MAX(id)"),
        (ChildrenInNeed, "SUM(children)"), (SpecialistCount, "COUNT(*)"), (SpecialistCount, "MAX(id)"),
        (SpecialistCount, "SUM(count)")])


def load(region):
    """Every frame the coverage page needs for one region."""
    areas = areas_frame(region)
    ids = list(areas["area_id"])
    return {"areas": areas, "institutions": institutions_frame(ids), "children": children_frame(ids),
            "specialists": specialists_frame(ids), "deliveries": deliveries_frame(ids)}
