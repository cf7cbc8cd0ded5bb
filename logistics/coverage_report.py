"""One coverage report: the analysis for a region and a set of filters, as the page's table, its
spreadsheet export and its map. The view, the export and `manage.py coverage_map` all come here."""

import json
import math
from dataclasses import dataclass, field

import pandas as pd
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory.models import DevelopmentSphere, Institution, NeedCategory

from . import coverage, map_background

# key -> (label, more is better)
MEASURES = {
    "children_per_org": (gettext_lazy("Children in need per special organisation"), False),
    "special_orgs": (gettext_lazy("Special organisations"), True),
    "children_per_specialist": (gettext_lazy("Children in need per specialist"), False),
    "received_per_child": (gettext_lazy("Units received per child in need"), True),
    "received_share": (gettext_lazy("Share of expected units received"), True),
    "missing": (gettext_lazy("Units missing"), False),
    "children": (gettext_lazy("Children in need"), False),
}
BOUNDARY_ATTRIBUTION = ('Boundaries: geokz (A. Rodionov), OCHA/HDX, '
                        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>')


@dataclass
class Filters:
    year: int | None = None
    need: str = ""
    sphere: str = ""
    category: str = ""
    measure: str = "children_per_org"
    distance_km: float = coverage.DEFAULT_DISTANCE_KM


@dataclass
class Report:
    region: object
    filters: Filters
    table: pd.DataFrame
    institutions: pd.DataFrame
    distances: pd.Series
    uncovered: pd.DataFrame
    deliveries: pd.DataFrame
    needs_without_school: list = field(default_factory=list)
    urban_rural: pd.DataFrame | None = None
    by_need: list = field(default_factory=list)       # region totals per category of need
    by_sphere: list = field(default_factory=list)     # region totals per development sphere

    @property
    def flagged(self):
        return self.table[self.table["flagged"]]


def build(region, frames, filters):
    """The analysis for `region` from coverage_data.load(region)'s frames."""
    areas, inst = frames["areas"], frames["institutions"]
    table = coverage.coverage_table(areas, inst, frames["children"], frames["specialists"], frames["deliveries"],
                                    year=filters.year, need=filters.need or None, sphere=filters.sphere or None,
                                    category=filters.category or None)
    geo = areas.set_index("area_id")[["boundary", "centre_lat", "centre_lon"]]
    table = table.join(geo)
    schools = inst[inst["kind"].isin(coverage.SCHOOL_KINDS)]
    special = inst[inst["kind"].isin(coverage.SPECIAL_KINDS)]
    distances = coverage.nearest_distance_km(schools, special, need=filters.need or None)
    far = coverage.schools_beyond(distances, filters.distance_km)
    uncovered = schools.set_index("inst_id").loc[far.index, ["name", "lat", "lon"]].assign(
        distance_km=far).reset_index()
    needs = list(NeedCategory.objects.values_list("code", flat=True))
    return Report(region=region, filters=filters, table=table, institutions=inst, distances=distances,
                  uncovered=uncovered, deliveries=frames["deliveries"],
                  needs_without_school=coverage.needs_without_special_school(inst, list(areas["area_id"]), needs),
                  urban_rural=coverage.urban_rural(table),
                  by_need=_region_totals(frames, filters, "need", NeedCategory.objects.all()),
                  by_sphere=_region_totals(frames, filters, "sphere", DevelopmentSphere.objects.all()))


def _region_totals(frames, filters, by, vocabulary):
    """Expected / received / missing units and received per child for each category of need (or
    sphere) over the whole region; per child counts children of that category (for spheres: all)."""
    units = coverage.delivery_coverage(frames["deliveries"], frames["children"], by=by, year=filters.year,
                                       category=filters.category or None)
    sums = units.groupby(level=by)[["expected", "received", "missing"]].sum() if len(units) else None
    kids = frames["children"]
    if filters.year is not None and len(kids):
        kids = kids[kids["year"] == filters.year]
    out = []
    for entry in vocabulary:
        got = sums.loc[entry.code] if sums is not None and entry.code in sums.index else None
        children = int(kids[kids["need"] == entry.code]["children"].sum() if by == "need" else kids["children"].sum())
        received = int(got["received"]) if got is not None else 0
        out.append({"code": entry.code, "name": entry.name, "children": children, "received": received,
                    "expected": int(got["expected"]) if got is not None else 0,
                    "missing": int(got["missing"]) if got is not None else 0,
                    "per_child": _round(received / children, 3) if children else None})
    return out


# Shown by default; the rest appear on demand, so the table fits beside the map and on a phone.
KEY_COLUMNS = {"name", "special_orgs", "children", "children_per_org", "received", "missing", "flags"}


def columns():
    """The table's columns in order: (key, label)."""
    return [
        ("name", _("Area")), ("setting", _("Urban / rural")), ("special_orgs", _("Special organisations")),
        ("kind_special_school", _("Special schools")), ("school_needs", _("Special schools by category of need")),
        ("pmpc", _("PMPCs")), ("inclusion_classrooms", _("Inclusion classrooms")),
        ("children", _("Children in need")), ("specialists", _("Specialists")),
        ("children_per_org", _("Children per special organisation")),
        ("children_per_specialist", _("Children per specialist")),
        ("expected", _("Units expected")), ("received", _("Units received")),
        ("missing", _("Units missing")),
        ("received_per_child", _("Units received per child")), ("flags", _("Gaps")),
    ]


def rows(report):
    """The table as plain rows (dicts keyed like columns()), flagged areas first."""
    need_names = dict(NeedCategory.objects.values_list("code", "name_en"))
    need_names.update({n.code: n.name for n in NeedCategory.objects.all()})
    out = []
    table = report.table.sort_values(["flagged", "children_per_org"], ascending=[False, False])
    for area_id, r in table.iterrows():
        flags = []
        if r["flag_no_org"]:
            flags.append(_("No special organisation"))
        if r["flag_high_ratio"]:
            flags.append(_("Far more children per organisation than the region"))
        out.append({
            "area_id": int(area_id), "code": r["code"], "name": r["name"],
            "setting": _("urban") if r["urban"] else _("rural"), "special_orgs": int(r["special_orgs"]),
            "kind_special_school": int(r["kind_special_school"]),
            "school_needs": ", ".join(f"{need_names.get(k, k)}: {v}" for k, v in r["special_school_needs"].items()),
            "pmpc": int(r["pmpc"]), "inclusion_classrooms": int(r["inclusion_classrooms"]),
            "children": int(r["children"]), "specialists": int(r["specialists"]),
            "children_per_org": _round(r["children_per_org"]),
            "children_per_specialist": _round(r["children_per_specialist"]),
            "expected": int(r["expected"]), "received": int(r["received"]), "missing": int(r["missing"]),
            "received_per_child": _round(r["received_per_child"], 2), "flags": "; ".join(flags),
            "flagged": bool(r["flagged"]),
        })
    return out


def map_html(report, *, standalone=False, nonce=""):
    """The folium map of the report, app-served assets or (standalone) everything inlined;
    `nonce`: the request's Content-Security-Policy nonce for the map's inline blocks."""
    from . import maps

    measure = report.filters.measure
    label, higher_is_better = MEASURES[measure]
    areas = report.table.copy()
    areas["name"] = areas["name"].astype(str)
    inst = _institution_points(report)
    special = report.institutions[report.institutions["kind"].isin(coverage.SPECIAL_KINDS)]
    if report.filters.need:
        special = special[special["needs"].map(lambda ns: coverage.serves(ns, report.filters.need))]
    fmap = maps.build_map(
        areas, measure, str(label), inst, higher_is_better=higher_is_better, uncovered=report.uncovered,
        ring_points=special, ring_km=report.filters.distance_km,
        kind_labels={k: str(v) for k, v in Institution.Kind.choices},
        institution_url=settings.SITE_URL + reverse("inventory:institution", args=[0]) if standalone
        else reverse("inventory:institution", args=[0]),
        tiles=settings.MAP_TILE_URL, attribution=f"{settings.MAP_TILE_ATTRIBUTION} | {BOUNDARY_ATTRIBUTION}",
        background=_background(standalone), base=settings.MAP_BASE)
    return maps.standalone_html(fmap) if standalone else maps.page_html(fmap, nonce=nonce)


def _background(standalone):
    """The offline background: fetched from the app by the page, inlined in a saved file (no server there)."""
    attribution = BOUNDARY_ATTRIBUTION          # the background comes from the same boundaries
    if standalone:
        return {"data": json.loads(map_background.background_geojson()), "attribution": attribution}
    return {"url": reverse("logistics:coverage-background"), "attribution": attribution}


def _institution_points(report):
    inst, deliveries = report.institutions, report.deliveries
    names = report.table["name"].astype(str)
    need_names = {n.code: n.name for n in NeedCategory.objects.all()}
    frame = inst.assign(
        area_name=inst["area_id"].map(names).fillna(""),
        needs_text=inst["needs"].map(lambda ns: ", ".join(need_names.get(n, n) for n in ns)))
    per_inst = deliveries.groupby("inst_id")[["received", "expected"]].sum()
    frame = frame.join(per_inst, on="inst_id")
    frame[["received", "expected"]] = frame[["received", "expected"]].fillna(0)
    return frame


def _round(value, digits=1):
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return None
    return round(float(value), digits)
