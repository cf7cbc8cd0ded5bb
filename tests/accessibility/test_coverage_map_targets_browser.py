"""Every institution on the coverage map is a target a finger can hit (WCAG 2.2, 2.5.8: 24×24 px),
as the map opens and at every half step from the whole region down to a street, on a phone and a
desktop: a single institution's dot sits in a 24 px target, and clusters gather far enough apart that
none covers another.

What this does not claim: zoomed in on a phone, a marker can slide under the legend or the zoom buttons,
as under any map's controls; the person pans the map or folds the legend, and the same institutions are
listed in the tables below the map (named on the accessibility statement)."""

import pytest

from tests.browser import login, needs_chromium, only_local

from . import axe, world
from .test_every_page_browser import DESKTOP, PHONE, demo  # noqa: F401  (demo is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

KARAGANDA = [49.81, 73.10]  # where the demo's institutions stand closest together
# Zoom the folium map (the one Leaflet map in the frame) and wait until its clusters have settled.
_ZOOM = """async ([centre, zoom]) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  map.setView(centre, zoom, {animate: false});
  await new Promise(done => setTimeout(done, 600));
  return document.querySelectorAll('.marker-cluster, .inst-marker').length;
}"""
# axe's target-size rule; a failure counts when what crowds the target is another institution's marker.
_CROWDED = """async () => {
  const result = await axe.run(document, {runOnly: ["target-size"]});
  const isMarker = html => /marker-cluster|inst-marker/.test(html);
  return result.violations.flatMap(v => v.nodes)
    .filter(n => isMarker(n.html)
      && n.any.every(c => c.relatedNodes.length === 0 || c.relatedNodes.some(r => isMarker(r.html))))
    .map(n => n.target.join(" ") + " :: " + n.failureSummary.split("\\n").slice(1).join(" "));
}"""


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_from_region_to_street_every_marker_is_a_whole_target(chromium, live_server, demo, size):  # noqa: F811
    context = chromium.new_context(viewport=size, reduced_motion="reduce")  # the picture once the map settles
    context.route("**/*", only_local)
    axe.install(context)
    page = context.new_page()
    login(page, live_server, "manager", world.PASSWORDS["manager"])
    page.goto(live_server.url + "/coverage/")
    page.frame_locator("[data-testid=coverage-map]").locator(".marker-cluster").first.wait_for()
    frame = next(f for f in page.frames if f.url.split("?")[0].endswith("/coverage/map/"))
    assert frame.evaluate("() => Object.values(window).find(v => v instanceof L.Map).options.zoomAnimation") is False
    crowded, shown = {}, {}
    if found := frame.evaluate(_CROWDED):  # as the map opens, fitted to the region at a quarter-step zoom
        crowded["first view"] = found
    # Half steps too: between whole zooms the clusters of the next zoom are drawn scaled down.
    for zoom in [z / 2 for z in range(12, 29)]:
        shown[zoom] = frame.evaluate(_ZOOM, [KARAGANDA, zoom])
        if found := frame.evaluate(_CROWDED):
            crowded[zoom] = found
    context.close()
    assert min(shown.values()) > 0 and max(shown.values()) > 20, shown  # the city's institutions come apart
    assert crowded == {}, crowded
