"""In the browser, on a ministry network without internet: a project manager opens the demo region's
coverage map on a desktop and on a phone. Every request that leaves the machine is aborted."""

import pytest
from django.urls import reverse

from catalog_data import catalogue, institutions, places, statistics
from tests.browser import login, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

# Pixels drawn on a pane's canvas: the background and the gap outlines are canvas paths, not DOM nodes.
PAINTED = """(pane) => {
    const canvas = document.querySelector('.leaflet-' + pane + '-pane canvas');
    if (!canvas) { return 0; }
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { n += 1; } }
    return n;
}"""
BOX = """(selector) => Array.from(document.querySelectorAll(selector))
    .filter((el) => getComputedStyle(el).visibility !== 'hidden' && el.getClientRects().length)
    .map((el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""


@pytest.fixture
def demo(transactional_db):
    for step in (places.load, catalogue.load, institutions.load, statistics.load):
        step()


def open_map(page, live_server):
    login(page, live_server, "manager")
    page.goto(live_server.url + reverse("logistics:coverage"))
    frame = page.frame_locator("[data-testid=coverage-map]")
    frame.locator(".leaflet-container[data-base=offline]").wait_for()
    frame.locator(".leaflet-container[data-background-features]").wait_for()
    page.frame_locator("[data-testid=coverage-map]").locator(".gap-flag").first.wait_for()
    return frame, next(f for f in page.frames if "/coverage/map/" in f.url)


def area(box):
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_readable(frame):
    (container,) = frame.evaluate(BOX, ".leaflet-container")
    covered = sum(area(b) for sel in (".coverage-legend", ".leaflet-control-layers") for b in frame.evaluate(BOX, sel))
    assert covered <= area(container) / 5, (covered, area(container))
    labels = frame.evaluate(BOX, ".gap-flag")
    assert len(labels) >= 3
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not overlap(a, b), (a, b)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_offline_the_map_shows_the_background_the_gaps_and_stays_readable(request, device, demo, live_server,
                                                                            manager, tmp_path):
    page = request.getfixturevalue(device)
    left_the_machine = []
    page.on("requestfailed", lambda r: left_the_machine.append(r.url))
    locator, frame = open_map(page, live_server)

    # The tiles failed (the network is closed), so the app's own background took over.
    container = locator.locator(".leaflet-container")
    assert int(container.get_attribute("data-background-features")) > 200
    assert left_the_machine and all("tile.openstreetmap.org" in u for u in left_the_machine)
    frame.wait_for_function("() => document.querySelector('.leaflet-background-pane canvas') !== null")
    assert frame.evaluate(PAINTED, "background") > 10_000
    assert frame.evaluate(PAINTED, "gap-outlines") > 1_000
    assert locator.locator(".gap-flag[data-area='355200000']").count() == 1      # Nura district, a gap

    assert_readable(frame)
    frame.evaluate("() => { const m = Object.values(window).find((v) => v && v._container && v.setZoom);"
                   " m.setZoom(m.getZoom() - 1, {animate: false}); }")
    frame.wait_for_timeout(300)
    assert_readable(frame)                    # zoomed out, the labels are crowded and give way
    page.screenshot(path=tmp_path / f"coverage-{device}.png", full_page=True)


def test_on_a_phone_the_legend_and_layers_start_folded_and_open_on_a_tap(phone, demo, live_server, manager):
    locator, _frame = open_map(phone, live_server)
    legend = locator.locator("[data-testid=map-legend]")
    assert legend.get_attribute("open") is None
    layers = locator.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in layers.get_attribute("class")
    locator.locator(".leaflet-control-layers-toggle").tap()
    assert "leaflet-control-layers-expanded" in layers.get_attribute("class")
    assert locator.locator(".leaflet-control-layers-base label").count() == 2    # online tiles, offline background
    legend.locator("summary").first.tap()
    assert legend.get_attribute("open") is not None


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_areas_table_shows_the_key_columns_and_the_rest_on_demand(request, device, demo, live_server, manager):
    page = request.getfixturevalue(device)
    login(page, live_server, "manager")
    page.goto(live_server.url + reverse("logistics:coverage"))
    table = page.locator("[data-testid=coverage-table]")
    headers = table.locator("thead th")
    shown = [h for h in headers.all() if h.is_visible()]
    assert [h.get_attribute("data-key") for h in shown] == ["name", "special_orgs", "children", "children_per_org",
                                                              "received", "missing", "flags"]
    if device == "desktop":     # the key columns fit without scrolling sideways
        scroll, width = page.evaluate("() => { const w = document.querySelector('.coverage-table .table-wrap');"
                                      " return [w.scrollWidth, w.clientWidth]; }")
        assert scroll <= width + 1
    # On a phone the map comes first, full width, and the table below it.
    map_box = page.locator("[data-testid=coverage-map]").bounding_box()
    if device == "phone":
        assert map_box["width"] == page.viewport_size["width"]
        assert table.bounding_box()["y"] > map_box["y"] + map_box["height"]
    page.check("[data-testid=all-columns]")
    assert sum(h.is_visible() for h in headers.all()) == headers.count() == 16
