"""The coverage map's offline background: the app serves the country's regions and districts itself,
the saved map carries them inside, and the tiles stay an option."""

import gzip
import json

import pytest
from django.urls import reverse

from tests.logistics import coverage_world


@pytest.fixture
def world(db):
    return coverage_world.build()


def test_manager_gets_every_region_and_district_from_the_app(client, manager):
    client.force_login(manager)
    reply = client.get(reverse("logistics:coverage-background"), HTTP_ACCEPT_ENCODING="gzip")
    assert reply.status_code == 200 and reply["Content-Type"] == "application/geo+json"
    assert reply["Content-Encoding"] == "gzip" and "max-age=86400" in reply["Cache-Control"]
    collection = json.loads(gzip.decompress(reply.content))
    levels = [f["properties"]["level"] for f in collection["features"]]
    assert (levels.count("region"), levels.count("district")) == (20, 224)
    assert levels.index("district") > levels.index("region")        # regions are drawn first, under the lines
    assert len(reply.content) < 250_000


def test_staff_at_a_school_does_not_get_it(client, staff):
    client.force_login(staff)
    assert client.get(reverse("logistics:coverage-background")).status_code in (302, 403)


def test_the_framed_map_fetches_the_background_and_offers_tiles_as_a_choice(client, manager, world, settings):
    client.force_login(manager)
    html = client.get(reverse("logistics:coverage-map")).content.decode()
    assert '<script src="/static/logistics/coverage_map.js">' in html
    assert f'"url": "{reverse("logistics:coverage-background")}"' in html and '"base": "tiles"' in html
    assert "tile.openstreetmap.org" in html and '"Online map tiles"' in html


def test_with_map_base_offline_the_background_comes_first(client, manager, world, settings):
    settings.MAP_BASE = "offline"
    client.force_login(manager)
    html = client.get(reverse("logistics:coverage-map")).content.decode()
    assert '"base": "offline"' in html


def test_the_saved_map_carries_the_background_inside(client, manager, world):
    client.force_login(manager)
    html = client.get(reverse("logistics:coverage-map") + "?download=1").content.decode()
    assert "/static/" not in html and reverse("logistics:coverage-background") not in html
    assert "window.coverageMap = " in html                  # the script, inlined
    assert html.count('"level": "district"') == 224


def test_a_gap_label_stands_inside_its_area_not_on_its_centre(client, manager, world):
    client.force_login(manager)
    html = client.get(reverse("logistics:coverage-map")).content.decode()
    rows = json.loads(html.split("var rows = ", 1)[1].split(";\n", 1)[0])
    (abay,) = [r for r in rows if r["code"] == "353200000"]
    # The district is the box 72–73 E, 48.5–49.7 N with its centre in a corner (49.6 N, 72.9 E), where a
    # label would hang over the city next door: the label goes to the middle of the box instead.
    assert 72.3 < abay["lon"] < 72.7 and 48.9 < abay["lat"] < 49.3
