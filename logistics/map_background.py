"""The offline background of the coverage map: Kazakhstan's regions and districts from the bundled 2024
boundaries (catalog_data/boundaries/, CC BY 4.0), as one GeoJSON document the app serves itself.

A ministry network without internet gets no map tiles; this layer gives the map its shape without
them. It is built once per process from the zipped shapefiles (about a second) and then served from
memory; the browser caches it for a day.
"""

import json
from functools import cache
from pathlib import Path

BOUNDARIES = Path(__file__).resolve().parents[1] / "catalog_data" / "boundaries"
# (file, level, tolerance in degrees): coarser than the imported area outlines, because the
# background only has to say where a region or district is, and the whole country goes to the browser.
SOURCES = [("kaz_admbnda_adm1_2024.zip", "region", 0.01), ("kaz_admbnda_adm2_2024.zip", "district", 0.006)]


@cache
def background_geojson():
    """The FeatureCollection as UTF-8 JSON bytes: regions first (filled), then districts (outlines)."""
    import geopandas as gpd

    features = []
    for name, level, tolerance in SOURCES:
        frame = gpd.read_file(BOUNDARIES / name).to_crs("EPSG:4326")
        code_column = "ADM1_PCODE" if level == "region" else "ADM2_PCODE"
        simple = frame.geometry.simplify(tolerance, preserve_topology=True).set_precision(1e-3)
        for code, geometry in zip(frame[code_column], simple, strict=True):
            if geometry is None or geometry.is_empty:
                continue
            features.append({"type": "Feature", "geometry": geometry.__geo_interface__,
                             "properties": {"level": level, "code": str(code)}})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()
