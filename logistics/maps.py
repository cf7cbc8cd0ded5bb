"""Coverage maps with folium: the only module that imports it.

Everything the map loads comes from the app: folium, its plugins and branca point at CDNs, and
`page_html()` swaps every such link for a vendored file in logistics/static/vendor/ (written by
scripts/vendor_leaflet.sh) and refuses to render one it does not know; `standalone_html()` inlines the
same files so a saved map works with no network at all. Only the base-map tiles come from outside
(settings.MAP_TILE_URL); without them the map still draws areas, markers, flags and the legend.

User data (institution and area names) reaches the page three ways, each escaped: as JSON that the
marker callback turns into DOM text (textContent, never innerHTML), as pre-escaped tooltip HTML,
and as escaped legend and flag labels.
"""

import base64
import html
import json
import math
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.translation import gettext as _

from . import map_geometry, map_style
from .map_style import FLAG_COLOUR, GOOD_PALETTE, KIND_COLOURS, PALETTE, colour, legend_html, number, swatch

TRANSPARENT_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

# CDN file name -> vendored static path. Anything folium, a plugin or branca links to must be here or
# in NOT_NEEDED, or rendering stops: a new CDN link can never reach a page unnoticed.
VENDORED = {
    "leaflet.js": "vendor/leaflet/leaflet.js",
    "leaflet.css": "vendor/leaflet/leaflet.css",
    "leaflet.markercluster.js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "MarkerCluster.css": "vendor/leaflet.markercluster/MarkerCluster.css",
    "MarkerCluster.Default.css": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "d3.min.js": "vendor/d3/d3.min.js",
    "coverage_map.js": "logistics/coverage_map.js",
}
# Our own script enters the document as a link under this made-up host, so that it goes through the same
# localisation as the vendored files: a static URL on the page, inlined in a saved file.
APP_ASSET = "//app.invalid/"
PHONE_QUERY = "(max-width: 640px)"
# Whoever asks their system for less motion gets a map that jumps instead of gliding: no zoom, fade or
# cluster animations (WCAG 2.3.3). The same still picture is what the accessibility tests check.
MOTION_ALLOWED = "!window.matchMedia('(prefers-reduced-motion: reduce)').matches"
# folium.Map's defaults for awesome-markers icons and Bootstrap popups; our markers use neither.
NOT_NEEDED = {
    "jquery-3.7.1.min.js", "bootstrap.bundle.min.js", "leaflet.awesome-markers.js", "bootstrap.min.css",
    "bootstrap-glyphicons.css", "all.min.css", "leaflet.awesome-markers.css", "leaflet.awesome.rotate.min.css",
}
REMOTE_TAG = re.compile(r'<(script|link)\b[^>]*?(?:src|href)="(https?:)?//[^"]*"[^>]*>(?:</script>)?')
URL_IN_TAG = re.compile(r'(?:src|href)="((?:https?:)?//[^"]*)"')


class RemoteAssetError(Exception):
    """A map element links to a script or stylesheet we have not vendored."""


def build_map(areas, measure, measure_label, institutions, *, higher_is_better=False, uncovered=None,
              ring_points=None, ring_km=50, kind_labels=None, institution_url="/institutions/0/",
              tiles=None, attribution="", background=None, base="tiles"):
    """The coverage map.

    areas: DataFrame indexed by area_id with name, boundary (GeoJSON dict or None), centre_lat, centre_lon,
        the measure column, flag_no_org, flag_high_ratio and the figures for the tooltip.
    institutions: DataFrame with inst_id, name, kind, lat, lon, area_name, needs_text, received, expected.
    uncovered: schools beyond `ring_km` (inst_id, name, lat, lon, distance_km); ring_points: lat, lon of
        the special organisations whose `ring_km` circles show what they reach.
    background: the offline background, {"url": ...} (the page fetches it) or {"data": {...}} (inlined
        in a saved file), with "attribution"; base: "tiles" or "offline", the layer shown first.
    """
    import folium
    from folium.plugins import FastMarkerCluster
    from folium.utilities import JsCode

    # Quarter zoom steps: the region fills a phone-sized map instead of the next whole level down.
    motion = JsCode(MOTION_ALLOWED)
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=True, zoom_start=6, location=[48, 68],
                      zoom_snap=0.25, zoom_animation=motion, fade_animation=motion, marker_zoom_animation=motion)
    # A tile that cannot load (no network) stays transparent, so the layers above keep drawing cleanly.
    tile_layer = folium.TileLayer(tiles=tiles or "", attr=attribution, name=_("Online map tiles"),
                                  control=bool(tiles), show=bool(tiles) and base != "offline",
                                  errorTileUrl=TRANSPARENT_GIF).add_to(fmap)
    # Gap outlines sit above the areas but let clicks through to the markers; gap labels sit above all.
    folium.map.CustomPane("gap-outlines", z_index=450, pointer_events=False).add_to(fmap)
    folium.map.CustomPane("gaps", z_index=640).add_to(fmap)

    values = areas[measure].astype(float)
    bins = map_style.bins(values)
    palette = GOOD_PALETTE if higher_is_better else PALETTE
    _area_layer(areas, measure, measure_label, bins, palette).add_to(fmap)
    if ring_points is not None and len(ring_points):
        _ring_layer(ring_points, ring_km).add_to(fmap)
    if len(institutions):
        kinds = list(KIND_COLOURS)
        rows = [[r.lat, r.lon, kinds.index(r.kind) if r.kind in kinds else 0, r.name, int(r.inst_id),
                 r.area_name, r.needs_text, int(r.received), int(r.expected)]
                for r in institutions.dropna(subset=["lat", "lon"]).itertuples()]
        # Clusters are drawn 40 px wide. Gathering within 80 px (Leaflet.markercluster's default) keeps them
        # and single markers apart, each a whole target to tap (WCAG 2.2, 2.5.8), also between whole zooms,
        # where the next zoom's clusters are drawn scaled down: test_coverage_map_targets_browser checks it.
        options = {"chunkedLoading": True, "maxClusterRadius": 80, "animate": motion}
        FastMarkerCluster(rows, callback=_marker_callback(kinds, kind_labels or {}, institution_url),
                          name=_("Institutions"), options=options).add_to(fmap)
    if uncovered is not None and len(uncovered):
        _uncovered_layer(uncovered, ring_km).add_to(fmap)
    _flag_layer(areas).add_to(fmap)       # added last: drawn on top, the first thing the eye finds
    # Folded to a button on a phone, open (and compact, see map_style) on a larger screen.
    control = folium.LayerControl(collapsed=JsCode(f"window.matchMedia({json.dumps(PHONE_QUERY)}).matches"))
    control.add_to(fmap)
    present = set(institutions["kind"]) if len(institutions) else set()
    legend_kinds = {k: v for k, v in (kind_labels or {}).items() if k in present}
    fmap.get_root().html.add_child(folium.Element(legend_html(measure_label, bins, palette, legend_kinds, ring_km)))
    bounds = map_geometry.bounds(areas, institutions)
    if bounds:
        fmap.fit_bounds(bounds)
    fmap.get_root().header.add_child(folium.JavascriptLink(APP_ASSET + "coverage_map.js"), name="coverage_map_js")
    _attach(fmap, tile_layer if tiles else None, control, {
        "base": base, "background": {**(background or {}), "name": _("Offline background (served by this app)")}})
    return fmap


# folium writes its inline blocks as bare <script> and <style>; user data never reaches the document
# as markup (escaped HTML, JSON with "<" escaped), so every such opening tag is folium's or ours.
INLINE_BLOCK = re.compile(r"<(script|style)>")


def page_html(fmap, nonce=""):
    """The map as an HTML document whose scripts and stylesheets are served by the app.

    With the request's Content-Security-Policy nonce, every inline <script> and <style> block carries
    it, so the map runs under a policy that refuses inline code it did not issue."""
    document = _localise(fmap.get_root().render(), lambda path: static(path))
    if nonce:
        document = INLINE_BLOCK.sub(lambda m: f'<{m.group(1)} nonce="{html.escape(nonce)}">', document)
    return document


def standalone_html(fmap):
    """The map as one HTML file that needs no server and no network (except for base-map tiles)."""
    return _localise(fmap.get_root().render(), None)


def _localise(document, url_for):
    def replace(match):
        tag = match.group(0)
        url = URL_IN_TAG.search(tag).group(1)
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if name in NOT_NEEDED:
            return ""
        if name not in VENDORED:
            raise RemoteAssetError(f"{url} is not vendored; add it to scripts/vendor_leaflet.sh and maps.VENDORED")
        path = VENDORED[name]
        if url_for is not None:
            return tag.replace(url, url_for(path))
        text = _vendored_text(path)
        if name.endswith(".css"):
            return f"<style>{text}</style>"
        return "<script>" + text.replace("</script", "<\\/script") + "</script>"

    return REMOTE_TAG.sub(replace, document)


def _vendored_text(path):
    found = finders.find(path)
    if not found:
        raise RemoteAssetError(f"{path} is missing; run scripts/vendor_leaflet.sh")
    text = Path(found).read_text(encoding="utf-8")
    base = Path(found).parent

    def data_uri(match):   # leaflet.css points at images/layers.png and friends
        image = base / match.group(1)
        if not image.exists():
            return match.group(0)
        return "url(data:image/png;base64," + base64.b64encode(image.read_bytes()).decode() + ")"

    return re.sub(r"url\((images/[^)]+\.png)\)", data_uri, text)


def _area_tip(row, measure, measure_label):
    figures = [(measure_label, number(row[measure], 3)),
               (_("Special organisations"), number(row["special_orgs"])),
               (_("Children in need"), number(row["children"])),
               (_("Units received / expected"), f"{number(row['received'])} / {number(row['expected'])}")]
    lines = [f"<b>{html.escape(str(row['name']))}</b>"]
    lines += [f"{html.escape(str(label))}: {value}" for label, value in figures]
    flags = [(row["flag_no_org"], _("No special organisation")),
             (row["flag_high_ratio"], _("Far more children per organisation than the region"))]
    lines += [f"<b class='flag-text'>{html.escape(text)}</b>" for flagged, text in flags if flagged]
    return "<br>".join(lines)


def _area_layer(areas, measure, measure_label, bins, palette):
    import folium

    features = []
    for area_id, row in areas.iterrows():
        if not row.get("boundary"):
            continue
        features.append({"type": "Feature", "geometry": row["boundary"], "properties": {
            "area_id": int(area_id), "fill": colour(float(row[measure]), bins, palette),
            "tip": _area_tip(row, measure, measure_label)}})
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=_("Areas: %(measure)s") % {"measure": measure_label},
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.7, "color": "#555",
                                  "weight": 1},
        highlight_function=lambda f: {"weight": 3, "color": "#222"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True) if features else None)


def _flag_layer(areas):
    """Flagged areas: a thick red outline and a label at the area's centre, in a pane above the rest."""
    import folium

    group = folium.FeatureGroup(name=_("Gaps"), show=True)
    flagged = areas[areas["flag_no_org"] | areas["flag_high_ratio"]]
    outlines = [{"type": "Feature", "geometry": row["boundary"], "properties": {}}
                for _id, row in flagged.iterrows() if row.get("boundary")]
    if outlines:
        folium.GeoJson({"type": "FeatureCollection", "features": outlines}, pane="gap-outlines", interactive=False,
                       style_function=lambda f: {"color": FLAG_COLOUR, "weight": 4, "dashArray": "8 4",
                                                 "fillColor": FLAG_COLOUR, "fillOpacity": 0.12}).add_to(group)
    labels = []
    for _id, row in flagged.iterrows():
        spot = map_geometry.label_spot(row)
        if spot is None:
            continue
        reason = (_("No special organisation") if row["flag_no_org"]
                  else _("Far more children per organisation than the region"))
        labels.append({"lat": spot[0], "lon": spot[1], "rank": spot[2], "code": str(row["code"]),
                       "name": str(row["name"]), "reason": reason})
    _GapLabels(labels).add_to(group)
    return group


def _gap_labels_class():
    from branca.element import MacroElement
    from jinja2 import Template

    class GapLabels(MacroElement):
        """One label per flagged area in the "gaps" pane; the text goes in through textContent.
        One element for all labels: a folium Marker per label costs a template compilation each."""

        _template = Template("""
            {% macro script(this, kwargs) %}
            (function () {
                var rows = {{ this.rows|tojson }};
                rows.forEach(function (r) {
                    var div = document.createElement('div'), sign = document.createElement('span'),
                        name = document.createElement('span');
                    div.className = 'gap-flag';
                    div.setAttribute('data-area', r.code);
                    div.setAttribute('data-rank', String(r.rank));
                    div.setAttribute('data-lat', String(r.lat));
                    div.setAttribute('data-lon', String(r.lon));
                    div.title = r.name + ': ' + r.reason;
                    sign.className = 'sign';
                    sign.textContent = '\u26a0 ';
                    name.className = 'name';
                    name.textContent = r.name;
                    div.appendChild(sign);
                    div.appendChild(name);
                    // iconSize null: the label takes its text's width, centred on the point by CSS.
                    L.marker([r.lat, r.lon], {pane: 'gaps', keyboard: false, icon: L.divIcon({
                        html: div, className: 'gap-flag-icon', iconSize: null})})
                        .bindTooltip(r.name + ': ' + r.reason).addTo({{ this._parent.get_name() }});
                });
            })();
            {% endmacro %}
        """)

        def __init__(self, rows):
            super().__init__()
            self._name = "GapLabels"
            self.rows = rows

    return GapLabels


def _GapLabels(rows):
    return _gap_labels_class()(rows)


def _attach(fmap, tile_layer, control, options):
    """One call that hands the map, its tiles and its layer control to static/logistics/coverage_map.js."""
    from branca.element import MacroElement
    from jinja2 import Template

    class Attach(MacroElement):
        _template = Template("""
            {% macro script(this, kwargs) %}
            window.coverageMap.attach({{ this._parent.get_name() }}, {{ this.tiles }}, {{ this.control }},
                                      {{ this.options|tojson }});
            {% endmacro %}
        """)

        def __init__(self):
            super().__init__()
            self._name = "CoverageMapAttach"
            self.tiles = tile_layer.get_name() if tile_layer is not None else "null"
            self.control = control.get_name()
            self.options = options

    Attach().add_to(fmap)


def _ring_layer(points, km):
    import folium

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(p.lon), float(p.lat)]},
                 "properties": {}} for p in points.dropna(subset=["lat", "lon"]).itertuples()]
    return folium.GeoJson({"type": "FeatureCollection", "features": features},
                          name=_("%(km)s km around special organisations") % {"km": number(km)},
                          marker=folium.Circle(radius=km * 1000, color="#e45756", weight=1, fill=True,
                                               fill_opacity=0.04, interactive=False),
                          style_function=lambda f: {"color": "#e45756", "weight": 1, "fillOpacity": 0.04})


def _uncovered_layer(schools, km):
    import folium

    label = _("Schools more than %(km)s km from a special organisation") % {"km": number(km)}
    features = []
    for s in schools.dropna(subset=["lat", "lon"]).itertuples():
        far = _("no suitable organisation") if math.isnan(s.distance_km) else f"{number(s.distance_km)} km"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(s.lon), float(s.lat)]},
                         "properties": {"tip": f"<b>{html.escape(str(s.name))}</b><br>{html.escape(far)}"}})
    return folium.GeoJson({"type": "FeatureCollection", "features": features}, name=label,
                          marker=folium.CircleMarker(radius=10, color=FLAG_COLOUR, weight=3, fill=True,
                                                     fill_color="#ffffff", fill_opacity=0.9),
                          style_function=lambda f: {"color": FLAG_COLOUR, "weight": 2, "fillColor": "#ffffff"},
                          tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False))


# FastMarkerCluster calls this once per row; the settings are parsed once, outside the per-row function.
MARKER_JS = """(function () {
    var s = __SETTINGS__;
    return function (row) {
        // A 16 px dot inside a 24 px target: WCAG 2.2's smallest touch target (2.5.8).
        var icon = L.divIcon({className: 'inst-marker', iconSize: [24, 24],
            html: '<span class="inst-dot ' + s.colours[row[2]] + '"></span>'});
        var marker = L.marker(new L.LatLng(row[0], row[1]), {icon: icon, title: row[3]});
        marker.bindPopup(function () {
            var box = document.createElement('div'), line;
            box.className = 'inst-popup';
            line = document.createElement('b'); line.textContent = row[3]; box.appendChild(line);
            [s.labels[row[2]], row[5], row[6], s.units + ': ' + row[7] + ' / ' + row[8]].forEach(function (t) {
                if (!t) { return; }
                line = document.createElement('div'); line.textContent = t; box.appendChild(line);
            });
            line = document.createElement('a'); line.textContent = s.open; line.target = '_top';
            line.href = s.url.replace(/0\\/$/, String(row[4]) + '/');
            box.appendChild(line);
            return box;
        });
        return marker;
    };
})()"""


def _marker_callback(kinds, kind_labels, institution_url):
    """JavaScript that makes one marker per data row; every text goes in through textContent."""
    settings = _js_json({"colours": [swatch(KIND_COLOURS[k]) for k in kinds],
                         "labels": [str(kind_labels.get(k, k)) for k in kinds],
                         "url": institution_url, "units": _("Units received / expected"),
                         "open": _("Open the institution's page")})
    return MARKER_JS.replace("__SETTINGS__", settings)


def _js_json(value):
    """JSON that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
