"""A small map of a round's institutions, drawn as SVG on the server: their areas' boundaries and a
dot for each institution, coloured by its visit. It needs no script, no tiles and no network, so it
shows in the field as it does in the office; numbers only, the template draws it."""

import math
from dataclasses import dataclass

WIDTH = 600
PADDING = 16


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    name: str
    state: str  # "closed", "open" or "none" (not visited)
    url: str


@dataclass(frozen=True)
class RoundMap:
    width: int
    height: int
    areas: list  # SVG path data, one per area
    dots: list


def _rings(geometry):
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return geometry["coordinates"]
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def round_map(institutions, areas, visits, url_of):
    """The map of `institutions` (with coordinates) over `areas`; `visits` maps institution id to its
    visit, `url_of(visit)` gives a visit's page. None when nothing has coordinates."""
    points = [(i, i.longitude, i.latitude) for i in institutions if i.latitude is not None]
    rings = [ring for area in areas for ring in _rings(area.boundary)]
    lons = [lon for _i, lon, _lat in points] + [x for ring in rings for x, _y in ring]
    lats = [lat for _i, _lon, lat in points] + [y for ring in rings for _x, y in ring]
    if not lons:
        return None
    # Equirectangular, with longitudes shrunk by the cosine of the middle latitude: true enough at the
    # scale of a region, and no projection library for a picture.
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = (WIDTH - 2 * PADDING) / max(span_x, span_y)
    width, height = round(span_x * scale + 2 * PADDING), round(span_y * scale + 2 * PADDING)

    def xy(lon, lat):
        return round(PADDING + (lon - min(lons)) * shrink * scale, 1), round(PADDING + (max(lats) - lat) * scale, 1)

    paths = []
    for ring in rings:
        coords = [xy(lon, lat) for lon, lat in ring[:: max(1, len(ring) // 400)]]
        paths.append("M" + " L".join(f"{x},{y}" for x, y in coords) + " Z")
    dots = []
    for institution, lon, lat in points:
        visit = visits.get(institution.pk)
        state = visit.status if visit else "none"
        dots.append(Dot(*xy(lon, lat), name=institution.name, state=state, url=url_of(visit) if visit else ""))
    return RoundMap(width, height, paths, dots)
