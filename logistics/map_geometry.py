"""Where things go on the coverage map: the view's bounds and each area label's spot. Pure geometry."""

import math


def label_spot(row):
    """(lat, lon, rank) for an area's label: the point deepest inside its outline (an administrative
    centre can lie on the edge of its area), ranked by the outline's size: larger areas keep their full label."""
    boundary = row.get("boundary")
    if boundary:
        from shapely.geometry import shape
        from shapely.ops import polylabel

        polygons = shape(boundary)
        largest = max(getattr(polygons, "geoms", [polygons]), key=lambda p: p.area)
        point = polylabel(largest, tolerance=0.01)
        return float(point.y), float(point.x), round(float(polygons.area), 4)
    lat = row.get("centre_lat")
    if lat is None or math.isnan(lat):
        return None
    return float(lat), float(row["centre_lon"]), 0


def bounds(areas, institutions):
    """[[south, west], [north, east]] around the areas' outlines, or the institutions when none has one."""
    lats, lons = [], []
    for boundary in areas["boundary"].dropna():
        for lon, lat in coordinates(boundary):
            lons.append(lon)
            lats.append(lat)
    if not lats and len(institutions):
        lats, lons = list(institutions["lat"].dropna()), list(institutions["lon"].dropna())
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def coordinates(geometry):
    def walk(node):
        if isinstance(node, (list, tuple)) and node and isinstance(node[0], (int, float)):
            yield node[0], node[1]
        elif isinstance(node, (list, tuple)):
            for child in node:
                yield from walk(child)
    return walk(geometry.get("coordinates", []))
