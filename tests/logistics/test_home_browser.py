"""On a phone, the pages fit the screen: staff find what is on its way, a visitor scanning a label
sees what the unit is."""

import pytest

from tests.browser import login, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_see_the_shipment_on_its_way_on_their_phone(phone, live_server, staff, shipped_kit):
    login(phone, live_server, "staff")
    card = phone.locator("[data-testid=awaiting] a").first
    assert shipped_kit.waybill_number in card.text_content()
    assert _fits_the_screen(phone)
    card.click()
    phone.wait_for_selector("[data-testid=receipt-counts]")
    assert _fits_the_screen(phone)


def test_a_visitor_who_scans_a_label_sees_the_item_on_a_phone(phone, live_server, shipped_kit):
    unit = shipped_kit.units.first()
    phone.goto(f"{live_server.url}/u/{unit.asset_tag}")
    assert unit.item.name in phone.text_content("h1")
    assert phone.locator("[data-testid=unit-history]").count() == 0
    assert _fits_the_screen(phone)


def test_the_catalogue_and_register_fit_a_phone(phone, live_server, officer, shipped_kit):
    login(phone, live_server, "officer")
    for path in ("/catalogue/", "/institutions/", "/shipments/"):
        phone.goto(f"{live_server.url}{path}")
        assert phone.locator("[data-testid=result-count]").count() == 1
        assert _fits_the_screen(phone), path
