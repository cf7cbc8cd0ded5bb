"""A smoke story in the browser: the officer logs in and finds a unit by its label URL."""

import pytest

from tests.browser import login, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def test_officer_logs_in_and_opens_a_unit_page_from_its_label(desktop, live_server, officer, shipped_kit):
    unit = shipped_kit.units.first()
    login(desktop, live_server, "officer")
    desktop.goto(f"{live_server.url}/u/{unit.asset_tag}")
    assert unit.display_tag in desktop.text_content("h1")
    assert desktop.locator("[data-testid=unit-history] li").count() == 2
