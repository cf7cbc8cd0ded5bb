"""Gap analysis: pure functions from tables of areas, institutions, statistics and deliveries to
per-area and per-school numbers. No database access here (coverage_data.py builds the frames), and
geopandas is imported inside the distance functions only, so most callers never load GDAL.

Frames and their columns:
- areas:        area_id, code, name, level ("city" | "district" | ...), region_id
- institutions: inst_id, name, kind, area_id, lat, lon, needs (tuple of need codes), inclusion_classroom
- children:     area_id, year, need, children
- specialists:  area_id, year, kind, count
- deliveries:   area_id, inst_id, category, needs (tuple), spheres (tuple), expected, received, missing
"""

import numpy as np
import pandas as pd

# Mirrors inventory.models.Institution.SPECIAL_KINDS (kept as plain strings so this module and the
# benchmark need no models); tests check the two agree.
SPECIAL_KINDS = ("special_school", "pmpc", "oppc", "rehab_centre", "autism_centre")
SCHOOL_KINDS = ("general_school",)

# Distances are measured in a Lambert conformal conic projection fitted to Kazakhstan (standard
# parallels 45° and 51° N, central meridian 68° E, WGS 84). A single UTM zone is exact only near its
# own meridian and Kazakhstan spans seven of them (zones 38-45, 46°-87° E), so UTM 43N would stretch
# distances in the far west by several percent; Web Mercator is worse still (about +55% at 48° N).
# Between the standard parallels this LCC keeps scale within about 0.3%, and within about 1.5%
# up to the country's edges (40.5°-55.5° N) — good enough for "which school is more than 50 km away".
KZ_CRS = "+proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=68 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"

DEFAULT_RATIO_FACTOR = 2.0
DEFAULT_DISTANCE_KM = 50.0


def serves(needs, need):
    """Whether an organisation serves a category: it lists it, or lists none (a PMPC serves all)."""
    return not needs or need in needs


def area_summary(areas, institutions, children, specialists, *, year=None, need=None):
    """One row per area: special organisations by type, special schools by category of need,
    inclusion classrooms, PMPCs, children in need, specialists, and the ratios between them.

    With `need`, only organisations serving that category and children of that category count."""
    out = areas.set_index("area_id")[["code", "name", "level", "region_id"]].copy()
    out["urban"] = out["level"].eq("city")
    inst = institutions
    special = inst[inst["kind"].isin(SPECIAL_KINDS)]
    if need:
        special = special[special["needs"].map(lambda ns: serves(ns, need))]
    out["special_orgs"] = special.groupby("area_id").size().reindex(out.index, fill_value=0)
    for kind in SPECIAL_KINDS:
        out[f"kind_{kind}"] = special[special["kind"] == kind].groupby("area_id").size().reindex(
            out.index, fill_value=0)
    out["pmpc"] = out["kind_pmpc"]
    schools = special[special["kind"] == "special_school"].explode("needs")
    by_need = schools.groupby(["area_id", "needs"]).size().unstack(fill_value=0) if len(schools) else None
    out["special_school_needs"] = [
        {} if by_need is None or aid not in by_need.index else {k: int(v) for k, v in by_need.loc[aid].items() if v}
        for aid in out.index]
    out["inclusion_classrooms"] = inst[inst["inclusion_classroom"].astype(bool)].groupby("area_id").size().reindex(
        out.index, fill_value=0)
    kids = _for_year(children, year)
    if need:
        kids = kids[kids["need"] == need]
    out["children"] = kids.groupby("area_id")["children"].sum().reindex(out.index, fill_value=0)
    staff = _for_year(specialists, year)
    out["specialists"] = staff.groupby("area_id")["count"].sum().reindex(out.index, fill_value=0)
    out["children_per_org"] = _ratio(out["children"], out["special_orgs"])
    out["children_per_specialist"] = _ratio(out["children"], out["specialists"])
    return out


def flag_gaps(summary, *, ratio_factor=DEFAULT_RATIO_FACTOR):
    """Add the gap flags: no special organisation at all, and a children-per-organisation ratio more
    than `ratio_factor` times its region's (the region's ratio is its total children over its total
    organisations, so one crowded area cannot hide behind the average of the others)."""
    out = summary.copy()
    out["flag_no_org"] = out["special_orgs"].eq(0)
    totals = out.groupby("region_id")[["children", "special_orgs"]].sum()
    region_ratio = _ratio(totals["children"], totals["special_orgs"])
    out["region_children_per_org"] = out["region_id"].map(region_ratio)
    out["flag_high_ratio"] = (~out["flag_no_org"]) & (
        out["children_per_org"] > ratio_factor * out["region_children_per_org"])
    out["flagged"] = out["flag_no_org"] | out["flag_high_ratio"]
    return out


def needs_without_special_school(institutions, area_ids, need_codes):
    """Categories of need that no special school among `area_ids` serves, in the order given."""
    schools = institutions[(institutions["kind"] == "special_school") & institutions["area_id"].isin(area_ids)]
    served = {n for ns in schools["needs"] for n in ns}
    return [code for code in need_codes if code not in served]


def urban_rural(summary):
    """Totals for cities against districts: areas, areas without a special organisation, children."""
    frame = summary.assign(setting=np.where(summary["urban"], "urban", "rural"))
    return frame.groupby("setting").agg(areas=("code", "size"),
                                        without_org=("special_orgs", lambda s: int((s == 0).sum())),
                                         special_orgs=("special_orgs", "sum"), children=("children", "sum"))


def _points(frame, crs=KZ_CRS):
    import geopandas as gpd

    frame = frame.dropna(subset=["lat", "lon"])
    return gpd.GeoDataFrame(frame[["inst_id"]].reset_index(drop=True),
                            geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326").to_crs(crs)


def nearest_distance_km(schools, orgs, *, need=None, crs=KZ_CRS):
    """For each school (by inst_id), the distance in km to the nearest organisation — serving `need`
    if given. Schools without coordinates, or with no such organisation anywhere, get NaN."""
    import geopandas as gpd

    if need:
        orgs = orgs[orgs["needs"].map(lambda ns: serves(ns, need))]
    result = pd.Series(np.nan, index=pd.Index(schools["inst_id"], name="inst_id"), name="distance_km")
    school_pts, org_pts = _points(schools, crs), _points(orgs, crs)
    if school_pts.empty or org_pts.empty:
        return result
    joined = gpd.sjoin_nearest(school_pts, org_pts.rename(columns={"inst_id": "org_id"}), distance_col="metres")
    # Ties (two organisations equally near) give a school two rows; either distance is the answer.
    metres = joined.groupby("inst_id")["metres"].min()
    result.loc[metres.index] = metres.to_numpy() / 1000.0
    return result


def nearest_distance_km_brute_force(schools, orgs, *, crs=KZ_CRS):
    """The same distances from a full schools × organisations matrix: the reference the fast path is
    checked against, and the baseline the benchmark compares it with."""
    school_pts, org_pts = _points(schools, crs), _points(orgs, crs)
    sx, sy = school_pts.geometry.x.to_numpy(), school_pts.geometry.y.to_numpy()
    ox, oy = org_pts.geometry.x.to_numpy(), org_pts.geometry.y.to_numpy()
    d = np.hypot(sx[:, None] - ox[None, :], sy[:, None] - oy[None, :])
    return pd.Series(d.min(axis=1) / 1000.0, index=pd.Index(school_pts["inst_id"], name="inst_id"))


def schools_beyond(distances, km=DEFAULT_DISTANCE_KM):
    """The schools farther than `km` from any (suitable) organisation, farthest first. A school with
    no suitable organisation anywhere counts as beyond."""
    far = distances[(distances > km) | distances.isna()]
    return far.sort_values(ascending=False, na_position="first")


def delivery_coverage(deliveries, children, *, by=None, year=None, need=None, sphere=None, category=None):
    """Units expected / received / missing per area (and per `by` group: "category", "need" or
    "sphere"), and received units per child in need. A unit whose item serves several categories or
    spheres counts once in each of them."""
    frame = deliveries
    if category:
        frame = frame[frame["category"] == category]
    if need:
        frame = frame[frame["needs"].map(lambda ns: need in ns)]
    if sphere:
        frame = frame[frame["spheres"].map(lambda ss: sphere in ss)]
    keys = ["area_id"]
    if by in ("need", "sphere"):
        column = f"{by}s"
        # Sum per distinct tuple of needs (or spheres) first: a few dozen tuples per area explode
        # far faster than one row per unit or item.
        frame = frame.groupby(["area_id", column])[["expected", "received", "missing"]].sum().reset_index()
        frame = frame.explode(column).dropna(subset=[column]).rename(columns={column: by})
        keys.append(by)
    elif by == "category":
        keys.append("category")
    elif by is not None:
        raise ValueError(f"unknown grouping {by!r}")
    out = frame.groupby(keys)[["expected", "received", "missing"]].sum()
    out["outstanding"] = out["expected"] - out["received"] - out["missing"]
    kids = _for_year(children, year)
    if need:
        kids = kids[kids["need"] == need]
    if by == "need":
        per_area = kids.groupby(["area_id", "need"])["children"].sum()
        out["children"] = per_area.reindex(out.index, fill_value=0).to_numpy()
    else:
        per_area = kids.groupby("area_id")["children"].sum()
        out["children"] = out.index.get_level_values("area_id").map(per_area).fillna(0).astype(int)
    out["received_per_child"] = _ratio(out["received"], out["children"])
    return out


def coverage_table(areas, institutions, children, specialists, deliveries, *, year=None, need=None,
                   sphere=None, category=None, ratio_factor=DEFAULT_RATIO_FACTOR):
    """The page's table: one row per area with the summary, the flags and the filtered deliveries."""
    summary = flag_gaps(area_summary(areas, institutions, children, specialists, year=year, need=need),
                        ratio_factor=ratio_factor)
    units = delivery_coverage(deliveries, children, year=year, need=need, sphere=sphere, category=category)
    for column in ("expected", "received", "missing", "outstanding"):
        summary[column] = units[column].reindex(summary.index, fill_value=0).astype(int)
    summary["received_per_child"] = _ratio(summary["received"], summary["children"])
    summary["received_share"] = _ratio(summary["received"], summary["expected"])
    return summary


def _for_year(frame, year):
    if year is None or frame.empty:
        return frame
    return frame[frame["year"] == year]


def _ratio(numerator, denominator):
    """numerator / denominator, with NaN where the denominator is zero (no organisations: no ratio)."""
    denominator = denominator.astype(float)
    return numerator.astype(float).div(denominator.where(denominator > 0))
