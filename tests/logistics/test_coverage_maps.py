"""The map loads nothing from a CDN, inlines everything when saved, and shows names as text."""

import re

import pandas as pd
import pytest
from shapely.geometry import box, mapping

from logistics import map_style, maps

XSS = "<img src=x onerror=alert(1)>"
REMOTE = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="(?:https?:)?//')


def small_map(**extra):
    areas = pd.DataFrame([
        {"area_id": 1, "code": "C1", "name": XSS, "boundary": mapping(box(73, 49, 73.5, 49.5)), "centre_lat": 49.2,
         "centre_lon": 73.2, "special_orgs": 2, "children": 40, "received": 3, "expected": 5, "flag_no_org": False,
         "flag_high_ratio": False, "children_per_org": 20.0},
        {"area_id": 2, "code": "D1", "name": "Shet", "boundary": mapping(box(74, 49, 74.5, 49.5)), "centre_lat": 49.2,
         "centre_lon": 74.2, "special_orgs": 0, "children": 30, "received": 0, "expected": 0, "flag_no_org": True,
         "flag_high_ratio": False, "children_per_org": float("nan")},
    ]).set_index("area_id")
    inst = pd.DataFrame([{"inst_id": 5, "name": XSS, "kind": "general_school", "lat": 49.2, "lon": 73.2,
                          "area_name": XSS, "needs_text": "", "received": 1, "expected": 2}])
    far = inst.assign(distance_km=60.0)[["inst_id", "name", "lat", "lon", "distance_km"]]
    return maps.build_map(areas, "children_per_org", XSS, inst, uncovered=far, ring_points=inst,
                          kind_labels={"general_school": XSS}, tiles="https://tile.example/{z}/{x}/{y}.png",
                          attribution="tiles", **extra)


def test_every_cdn_link_becomes_a_vendored_file_branca_d3_included():
    import branca.colormap

    fmap = small_map()
    branca.colormap.LinearColormap(["white", "red"], vmin=0, vmax=1).add_to(fmap)   # hard-codes d3 on a CDN
    html = maps.page_html(fmap)
    assert not REMOTE.search(html)
    for path in ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/d3/d3.min.js",
                 "vendor/leaflet.markercluster/leaflet.markercluster.js"):
        assert f'"/static/{path}"' in html


def test_an_asset_nobody_vendored_stops_the_render():
    from branca.element import JavascriptLink

    fmap = small_map()
    fmap.get_root().header.add_child(JavascriptLink("https://cdn.example.org/new-plugin.js"), name="new")
    with pytest.raises(maps.RemoteAssetError, match=r"new-plugin\.js"):
        maps.page_html(fmap)


def test_the_saved_file_carries_its_scripts_styles_and_images_inside():
    html = maps.standalone_html(small_map())
    assert not REMOTE.search(html) and "/static/" not in html
    assert "L.markerClusterGroup" in html and "data:image/png;base64," in html
    assert html.count("</script") == html.count("<script")     # no script cut short by its own content


def test_user_data_never_reaches_the_page_as_markup():
    html = maps.page_html(small_map())
    assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u003cimg src=x" in html


def test_the_legend_scale_and_colours_follow_the_measure():
    bins = map_style.bins(pd.Series([0.0, 10.0]))
    assert bins == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert map_style.colour(0.0, bins, map_style.PALETTE) == map_style.PALETTE[0]
    assert map_style.colour(5.0, bins, map_style.PALETTE) == map_style.PALETTE[2]
    assert map_style.colour(10.0, bins, map_style.PALETTE) == map_style.PALETTE[-1]
    assert map_style.colour(float("nan"), bins, map_style.PALETTE) == map_style.NO_DATA
    legend = map_style.legend_html("Units per child", [0.001, 0.002, 0.003], map_style.PALETTE, {}, 50)
    assert "0.001 – 0.002" in legend
