"""Administrative boundaries from a GeoJSON, GeoPackage or zipped Shapefile into `Area.boundary`.

Check everything, then write once: `plan_import()` reads the file, reprojects it to WGS 84, repairs
or rejects each geometry and matches each feature to an area, by KATO code or pcode where the file
has one and by normalised name otherwise; `apply_import()` stores all the matched geometries in one
transaction, and only when the plan has no problems.
"""

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.models import Area

from .boundary_regions import PARENT_CODE_COLUMNS, PARENT_NAME_COLUMNS, Parent, Regions, UnknownRegion, parent_of
from .place_names import area_keys, code_to_kato, known_typo, normalise_name, place_key

__all__ = ["BoundaryFileError", "apply_import", "code_to_kato", "normalise_name", "plan_import", "read_file"]

# Kazakhstan with a margin: a file whose coordinates land outside declares the wrong CRS.
KZ_BOUNDS = (40.0, 35.0, 95.0, 60.0)
# About 300 m at these latitudes for districts, 1 km for regions: invisible at the zoom a
# manager looks at a region or the country, and it keeps the map page small.
SIMPLIFY_DEGREES = {"district": 0.003, "region": 0.01}
LEVELS = {"region": [Area.Level.REGION], "district": [Area.Level.DISTRICT, Area.Level.CITY]}

class BoundaryFileError(Exception):
    """The file cannot be used at all (unreadable, no CRS, unknown CRS). Translated, shown as is."""


@dataclass
class Feature:
    index: int
    label: str
    codes: list
    names: list
    geometry: object = None
    parent: Parent = field(default_factory=lambda: Parent([], []))


@dataclass
class Plan:
    level: str
    matched: list = field(default_factory=list)       # (Feature, Area, how)
    unmatched: list = field(default_factory=list)     # (Feature, [suggested area labels])
    problems: list = field(default_factory=list)      # translated messages naming the feature
    repaired: list = field(default_factory=list)      # labels of features whose geometry was repaired
    region: Area = None                               # the region `within` named
    outside: int = 0                                  # features of other regions, left out by `within`

    @property
    def ok(self):
        return not self.problems


def read_file(path):
    """The file's features as a GeoDataFrame in WGS 84; refuses a file whose CRS is missing or unknown."""
    import geopandas as gpd
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    path = Path(path)
    if not path.exists():
        raise BoundaryFileError(_("File %(path)s does not exist.") % {"path": path})
    if path.suffix.lower() in (".geojson", ".json"):
        _check_geojson_crs(path, CRS, CRSError)
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises many kinds; the message is what the user needs
        raise BoundaryFileError(_("Cannot read %(path)s: %(error)s") % {"path": path.name, "error": exc}) from exc
    if frame.crs is None:
        raise BoundaryFileError(_("%(path)s declares no coordinate reference system; add one (for example a .prj "
                                  "file in the zip) so the boundaries can be placed.") % {"path": path.name})
    if not (frame.crs.is_geographic or frame.crs.is_projected):
        raise BoundaryFileError(_("%(path)s declares a coordinate reference system that cannot be converted to "
                                  "WGS 84: %(crs)s.") % {"path": path.name, "crs": frame.crs.name})
    try:
        frame = frame.to_crs("EPSG:4326")
    except Exception as exc:
        raise BoundaryFileError(_("%(path)s: cannot convert %(crs)s to WGS 84 (%(error)s).")
                                % {"path": path.name, "crs": frame.crs.name, "error": exc}) from exc
    minx, miny, maxx, maxy = frame.total_bounds
    west, south, east, north = KZ_BOUNDS
    if frame.empty or minx < west or maxx > east or miny < south or maxy > north:
        raise BoundaryFileError(_("%(path)s: after conversion from %(crs)s the shapes are not in Kazakhstan; "
                                  "the declared coordinate reference system is probably wrong.")
                                % {"path": path.name, "crs": frame.crs.name})
    return frame


def _check_geojson_crs(path, CRS, CRSError):
    # GDAL silently falls back to WGS 84 when a GeoJSON names a CRS it does not know; we refuse instead.
    try:
        declared = (json.loads(path.read_text(encoding="utf-8")).get("crs") or {}).get("properties", {}).get("name")
    except (ValueError, AttributeError):
        return  # not JSON we can read ourselves; GDAL will say what is wrong
    if declared:
        try:
            CRS.from_user_input(declared)
        except CRSError as exc:
            raise BoundaryFileError(_("%(path)s declares an unknown coordinate reference system: %(crs)s.")
                                    % {"path": path.name, "crs": declared}) from exc


def features_of(frame, level):
    """Codes, names and a readable label for each feature, from whatever columns the file has."""
    n = "1" if level == "region" else "2"
    columns = {c.lower(): c for c in frame.columns if c != "geometry"}
    code_cols = [columns[c] for c in ("kato", "kato_code", "te", "code", f"adm{n}_pcode", "pcode") if c in columns]
    name_cols = [columns[c] for c in (f"adm{n}_en", f"adm{n}_ru", f"adm{n}_kk", "name_en", "name_ru", "name_kk",
                                      "name", "shapename", "name_1" if n == "1" else "name_2") if c in columns]
    parents = PARENT_CODE_COLUMNS + PARENT_NAME_COLUMNS if level == "district" else ()
    if not name_cols:
        name_cols = [c for lc, c in columns.items() if "name" in lc and lc not in parents]
    out = []
    for i, row in enumerate(frame.itertuples(index=False)):
        values = row._asdict()
        codes = [code_to_kato(values[c]) for c in code_cols if values.get(c)]
        names = [str(values[c]) for c in name_cols if values.get(c)]
        label = names[0] if names else str(codes[0] if codes else i + 1)
        out.append(Feature(index=i + 1, label=_("feature %(n)s (%(name)s)") % {"n": i + 1, "name": label},
                           codes=[c for c in codes if c], names=names, geometry=row.geometry,
                           parent=parent_of(values, columns.values()) if parents else Parent([], [])))
    return out


def repair(geometry):
    """A valid (multi)polygon, repaired with make_valid if needed; None if nothing polygonal is left."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    if geometry is None or geometry.is_empty:
        return None, False
    repaired = not geometry.is_valid
    if repaired:
        geometry = shapely.make_valid(geometry)
    polygons = [g for g in getattr(geometry, "geoms", [geometry]) if isinstance(g, (Polygon, MultiPolygon))]
    parts = [p for g in polygons for p in getattr(g, "geoms", [g]) if not p.is_empty]
    if not parts:
        return None, repaired
    return (parts[0] if len(parts) == 1 else MultiPolygon(parts)), repaired


def web_geojson(geometry, level):
    """Simplified for the web, coordinates rounded to about a metre, as a GeoJSON dict."""
    import shapely
    from shapely.geometry import mapping

    simple = geometry.simplify(SIMPLIFY_DEGREES[level], preserve_topology=True)
    simple = shapely.set_precision(simple, 1e-5)
    if simple.is_empty or not simple.is_valid:
        simple = geometry
    return mapping(simple)


def plan_import(path, level, *, within=None, skip_unmatched=False, accept=None):
    """Read and check the whole file; nothing is written.

    A district is matched only among the areas of its own region (see boundary_regions). `within`
    names one region (KATO, ISO code, the file's own parent code, or a name) and leaves the rest of a
    national file out. `accept` maps a name as the file writes it to the area it means
    ({"Termitau": "Temirtau"}): the only way a suggested near-miss becomes a match."""
    if level not in LEVELS:
        raise BoundaryFileError(_("Level must be region or district, not %(level)s.") % {"level": level})
    frame = read_file(path)
    features = features_of(frame, level)
    regions = Regions()
    regions.learn_file_codes(features)
    try:
        region = regions.within(within) if within else None
    except UnknownRegion as exc:
        raise BoundaryFileError(str(exc)) from exc
    areas = list(Area.objects.filter(level__in=LEVELS[level]).only(
        "pk", "code", "name_en", "name_ru", "name_kk", "parent_id", "level"))
    if level == "region" and region is not None:
        areas = [a for a in areas if a.pk == region.pk]
    plan, matcher, taken = Plan(level=level, region=region), _Matcher(areas, accept), {}
    for feature in features:
        home, stated = regions.of_feature(feature) if level == "district" else (None, False)
        if region is not None and level == "district" and home != region:
            if home is None and not stated:   # cannot tell where it lies: never guess it into the region
                plan.unmatched.append((feature, []))
            else:
                plan.outside += 1
            continue
        if home is None and stated:
            plan.unmatched.append((feature, []))       # its region is not in the register
            continue
        area, how = matcher.match(feature, home, plan)
        if area is None:
            if how is None:
                plan.unmatched.append((feature, matcher.suggest(feature, home)))
            continue
        _take(plan, taken, feature, area, how)
    if plan.unmatched and not skip_unmatched:
        for feature, suggestions in plan.unmatched:
            hint = (_(" Did you mean: %(names)s?") % {"names": ", ".join(suggestions)}) if suggestions else ""
            plan.problems.append(_("%(feature)s matches no area.") % {"feature": feature.label} + hint)
    return plan


def _take(plan, taken, feature, area, how):
    if area.pk in taken:
        plan.problems.append(_("%(a)s and %(b)s both match %(area)s (%(code)s); keep one of them.") % {
            "a": taken[area.pk].label, "b": feature.label, "area": area.name_en, "code": area.code})
        return
    geometry, repaired = repair(feature.geometry)
    if geometry is None:
        plan.problems.append(_("%(feature)s has no usable polygon, even after repair.") % {"feature": feature.label})
        return
    if repaired:
        plan.repaired.append(feature.label)
    taken[area.pk] = feature
    feature.geometry = geometry
    plan.matched.append((feature, area, how))


class _Matcher:
    """Areas by code, by region and by name key, loaded once for the whole file."""

    def __init__(self, areas, accept):
        self.areas = areas
        self.by_code = {a.code: a for a in areas}
        self.keys = {a.pk: area_keys(a) for a in areas}
        self.by_region = {}
        for area in areas:
            self.by_region.setdefault(area.parent_id, []).append(area)
        self.accept = {normalise_name(k): v for k, v in (accept or {}).items()}

    def candidates(self, home):
        return self.areas if home is None else self.by_region.get(home.pk, [])

    def match(self, feature, home, plan):
        candidates = self.candidates(home)
        for code in feature.codes:
            if code in self.by_code and (home is None or self.by_code[code].parent_id == home.pk):
                return self.by_code[code], "code"
        keys = {place_key(n) for n in feature.names} - {""}
        found = [a for a in candidates if self.keys[a.pk] & keys]
        if len(found) == 1:
            return found[0], "name"
        if len(found) > 1:
            plan.problems.append(_("%(feature)s matches several areas by name (%(areas)s); add a KATO code.") % {
                "feature": feature.label, "areas": ", ".join(sorted(f"{a.name_en} ({a.code})" for a in found))})
            return None, "ambiguous"
        return self._accepted(feature, candidates)

    def _accepted(self, feature, candidates):
        for name in feature.names:
            meant = self.accept.get(normalise_name(name))
            if meant is None:
                continue
            kato, key = code_to_kato(meant), place_key(meant)
            found = [a for a in candidates if a.code == kato or key in self.keys[a.pk]]
            if len(found) == 1:
                return found[0], "accepted"
        return None, None

    def suggest(self, feature, home):
        """Up to three areas of the feature's own region whose names are close: a known typo first."""
        candidates = self.candidates(home)
        by_key = {key: a for a in candidates for key in self.keys[a.pk]}
        found = []
        for name in feature.names:
            close = difflib.get_close_matches(normalise_name(name), list(by_key), n=3, cutoff=0.6)
            for key in (known_typo(name), *close):
                if key in by_key and by_key[key] not in found:
                    found.append(by_key[key])
        return [f"{a.name_en} ({a.code})" for a in found[:3]]


def apply_import(plan):
    """Store every matched boundary in one transaction; refuses a plan with problems."""
    if not plan.ok:
        raise BoundaryFileError(_("Nothing was imported: the file has problems."))
    with transaction.atomic():
        areas = []
        for feature, area, _how in plan.matched:
            area.boundary = web_geojson(feature.geometry, plan.level)
            areas.append(area)
        Area.objects.bulk_update(areas, ["boundary"], batch_size=200)
    return len(areas)
