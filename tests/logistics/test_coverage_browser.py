"""In the browser: a project manager reads the coverage map and table, filters them and exports."""

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import login, needs_chromium
from tests.logistics import coverage_world

pytestmark = [pytest.mark.browser, needs_chromium]


def test_manager_finds_the_gap_on_the_map_and_in_the_table_and_exports_it(desktop, live_server, manager):
    world = coverage_world.build()
    requests, dialogs = [], []
    desktop.on("request", lambda r: requests.append(r.url))
    desktop.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(desktop, live_server, "manager")

    desktop.click(f"nav a[href='{reverse('logistics:coverage')}']")
    map_frame = desktop.frame_locator("[data-testid=coverage-map]")
    map_frame.locator(".leaflet-container").wait_for()
    assert any(u.endswith("/static/vendor/leaflet/leaflet.js") for u in requests)
    assert all(u.startswith(live_server.url) or u.startswith("data:") for u in requests
               if "tile.openstreetmap.org" not in u)

    desktop.select_option("select[name=measure]", "special_orgs")
    desktop.select_option("select[name=need]", "hearing")
    desktop.click("[data-testid=coverage-filters] button[type=submit]")
    desktop.wait_for_url("**need=hearing**")
    assert "measure=special_orgs" in desktop.url

    # The gap: on the map, as a flag drawn above everything else, and as a highlighted table row.
    flag = map_frame.locator(".gap-flag[data-area='353200000']")
    flag.wait_for()
    assert "Abay district" in flag.text_content()
    assert desktop.locator("[data-testid=coverage-table] tr.flagged[data-area='353200000']").count() == 1
    assert desktop.locator("[data-testid=coverage-table] tr[data-area='351000000']:not(.flagged)").count() == 1
    chosen = desktop.locator("select[name=measure] option:checked").text_content()
    assert map_frame.locator("[data-testid=map-legend] > summary").text_content() == chosen

    # The school with the hostile name is one marker; its popup shows the name as text.
    desktop.locator("[data-testid=coverage-map]").scroll_into_view_if_needed()
    marker = map_frame.locator(f"[title='{coverage_world.XSS}']")
    popup = map_frame.locator(".inst-popup b")
    # Leaflet ignores a click that lands while the map is still settling after it loads (seen on a
    # loaded CI machine): a person would click again, and so does the test, a few times at most.
    for _attempt in range(5):
        marker.click()
        try:
            popup.wait_for(timeout=5000)
            break
        except PlaywrightTimeout:
            continue
    popup.wait_for()
    assert popup.text_content() == coverage_world.XSS
    assert map_frame.locator("img[src=x]").count() == 0 and desktop.locator("img[src=x]").count() == 0
    assert map_frame.locator(".inst-popup a").get_attribute("href").endswith(f"/institutions/{world['far'].pk}/")

    # Sorting the table by children puts the larger number first on the second click.
    header = desktop.locator("[data-testid=coverage-table] th[data-key=children] button")
    header.click()
    header.click()
    first = desktop.locator("[data-testid=coverage-table] tbody tr").first
    assert first.get_attribute("data-area") == "351000000"

    with desktop.expect_download() as download:
        desktop.click("[data-testid=export-xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert dialogs == []
