"""Administrative boundaries from a GeoJSON, GeoPackage or zipped Shapefile into `Area.boundary`.

Check everything, then write once: `plan_import()` reads the file, reprojects it to WGS 84, repairs
or rejects each geometry and matches each feature to an area, by KATO code or pcode where the file
has one and by normalised name otherwise; `apply_import()` stores all the matched geometries in one
transaction, and only when the plan has no problems.
"""

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.models import Area

# Kazakhstan with a margin: a file whose coordinates land outside declares the wrong CRS.
KZ_BOUNDS = (40.0, 35.0, 95.0, 60.0)
# About 300 m at these latitudes for districts, 1 km for regions: invisible at the zoom a
# manager looks at a region or the country, and it keeps the map page small.
SIMPLIFY_DEGREES = {"district": 0.003, "region": 0.01}
LEVELS = {"region": [Area.Level.REGION], "district": [Area.Level.DISTRICT, Area.Level.CITY]}

# Words that say what kind of place a name is rather than which one: «Абайский район»,
# «Abay district», «Абай ауданы», «г. Сарань», «Astana (city)», «Карагандинская область».
QUALIFIERS = {
    "район", "district", "ауданы", "аудан", "г", "город", "city", "қаласы", "қала", "kalasy", "qalasy",
    "область", "обл", "облысы", "region", "oblast", "oblysy", "of", "the", "р-н", "rayon", "audany",
}
APOSTROPHES = "'’ʼ`´ʹ‘\"«»"
CYRILLIC = dict(zip(
    "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    ["a", "b", "v", "g", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "k", "l", "m", "n", "n", "o", "o",
     "p", "r", "s", "t", "u", "u", "u", "f", "kh", "h", "ts", "ch", "sh", "sh", "", "i", "i", "", "e", "iu",
     "ia"], strict=True))
# Spellings of the same sound: Abai/Abay, Zhezkazgan/Jezkazgan, Qaraghandy/Karagandy, and Russian х
# against Kazakh қ (Балхаш/Балқаш, Бухар/Бұқар).
LATIN_FOLDS = [("kh", "k"), ("gh", "g"), ("dzh", "j"), ("zh", "j"), ("q", "k"), ("y", "i"), ("w", "v"),
               ("ts", "c"), ("x", "h")]


class BoundaryFileError(Exception):
    """The file cannot be used at all (unreadable, no CRS, unknown CRS). Translated, shown as is."""


@dataclass
class Feature:
    index: int
    label: str
    codes: list
    names: list
    geometry: object = None


@dataclass
class Plan:
    level: str
    matched: list = field(default_factory=list)       # (Feature, Area, how)
    unmatched: list = field(default_factory=list)     # (Feature, [suggested area labels])
    problems: list = field(default_factory=list)      # translated messages naming the feature
    repaired: list = field(default_factory=list)      # labels of features whose geometry was repaired

    @property
    def ok(self):
        return not self.problems


def normalise_name(name):
    """A spelling-proof key for a place name in Kazakh, Russian or English."""
    text = unicodedata.normalize("NFKC", str(name or "")).lower().replace("ё", "е")
    text = re.sub(r"\([^)]*\)", " ", text)                 # "Astana (city)"
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    words = [w for w in re.split(r"[\s.,]+", text) if w and w not in QUALIFIERS]
    text = "".join(words)
    text = "".join(CYRILLIC.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if ch.isascii() and ch.isalnum())
    for old, new in LATIN_FOLDS:
        text = text.replace(old, new)
    # Russian adjectival forms, in either script: Абайский, Карагандинская, Osakarovskiy.
    stem = re.sub(r"(skii|ski|skaia|skoe|skoi|ckii|ckaia)$", "", text)
    if stem != text and len(stem) > 4:
        stem = re.sub(r"in$", "", stem)                    # Karagandin(skaia) -> Karagand(a)
    text = stem
    text = re.sub(r"(.)\1+", r"\1", text)                  # doubled letters
    return re.sub(r"[aeiou]$", "", text) if len(text) > 3 else text  # Karagandy / Karaganda


def code_to_kato(value):
    """A 9-digit KATO code from a KATO or an OCHA pcode (KZ35 -> 350000000, KZ351000 -> 351000000)."""
    digits = re.sub(r"\D", "", str(value or ""))
    if not digits or len(digits) > 9 or set(digits) == {"0"}:
        return ""
    return digits.ljust(9, "0")


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
    if not name_cols:
        name_cols = [c for lc, c in columns.items() if "name" in lc]
    out = []
    for i, row in enumerate(frame.itertuples(index=False)):
        values = row._asdict()
        codes = [code_to_kato(values[c]) for c in code_cols if values.get(c)]
        names = [str(values[c]) for c in name_cols if values.get(c)]
        label = names[0] if names else str(codes[0] if codes else i + 1)
        out.append(Feature(index=i + 1, label=_("feature %(n)s (%(name)s)") % {"n": i + 1, "name": label},
                           codes=[c for c in codes if c], names=names, geometry=row.geometry))
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


def plan_import(path, level, *, within=None, skip_unmatched=False):
    """Read and check the whole file; nothing is written. `within` keeps only features whose code
    starts like that region's KATO (for a national file imported into one region)."""
    if level not in LEVELS:
        raise BoundaryFileError(_("Level must be region or district, not %(level)s.") % {"level": level})
    frame = read_file(path)
    areas = list(Area.objects.filter(level__in=LEVELS[level]).only(
        "pk", "code", "name_en", "name_ru", "name_kk", "parent_id", "level"))
    if within:
        region = code_to_kato(within)[:2]
        areas = [a for a in areas if a.code.startswith(region)]
    by_code = {a.code: a for a in areas}
    by_name = {}
    for area in areas:
        for name in {normalise_name(area.name_en), normalise_name(area.name_ru), normalise_name(area.name_kk)}:
            if name:
                by_name.setdefault(name, set()).add(area)
    plan = Plan(level=level)
    taken = {}
    for feature in features_of(frame, level):
        if within and feature.codes and not any(c.startswith(code_to_kato(within)[:2]) for c in feature.codes):
            continue
        area, how = _match(feature, by_code, by_name, plan)
        if area is None:
            if how is None:
                plan.unmatched.append((feature, _suggest(feature, areas)))
            continue
        if area.pk in taken:
            plan.problems.append(_("%(a)s and %(b)s both match %(area)s (%(code)s); keep one of them.") % {
                "a": taken[area.pk].label, "b": feature.label, "area": area.name_en, "code": area.code})
            continue
        geometry, repaired = repair(feature.geometry)
        if geometry is None:
            plan.problems.append(_("%(feature)s has no usable polygon, even after repair.")
                                 % {"feature": feature.label})
            continue
        if repaired:
            plan.repaired.append(feature.label)
        taken[area.pk] = feature
        feature.geometry = geometry
        plan.matched.append((feature, area, how))
    if plan.unmatched and not skip_unmatched:
        for feature, suggestions in plan.unmatched:
            hint = (_(" Did you mean: %(names)s?") % {"names": ", ".join(suggestions)}) if suggestions else ""
            plan.problems.append(_("%(feature)s matches no area.") % {"feature": feature.label} + hint)
    return plan


def _match(feature, by_code, by_name, plan):
    for code in feature.codes:
        if code in by_code:
            return by_code[code], "code"
    candidates = set()
    for name in feature.names:
        candidates |= by_name.get(normalise_name(name), set())
    if len(candidates) == 1:
        return candidates.pop(), "name"
    if len(candidates) > 1:
        plan.problems.append(_("%(feature)s matches several areas by name (%(areas)s); add a KATO code.") % {
            "feature": feature.label, "areas": ", ".join(sorted(a.name_en for a in candidates))})
        return None, "ambiguous"
    return None, None


def _suggest(feature, areas):
    keys = {normalise_name(n): a for a in areas for n in (a.name_en, a.name_ru, a.name_kk)}
    found = []
    for name in feature.names:
        for key in difflib.get_close_matches(normalise_name(name), list(keys), n=3, cutoff=0.6):
            label = f"{keys[key].name_en} ({keys[key].code})"
            if label not in found:
                found.append(label)
    return found[:3]


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
