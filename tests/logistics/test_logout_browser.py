"""A shared phone: staff scan a delivery, log out, and the next person finds nothing of it, not even
offline; and scans still waiting to be sent are never dropped without a warning (issue 11)."""

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError

from inventory.models import UnitEvent
from tests import factories
from tests.browser import login, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def open_receipt_with_offline_copy(page, live_server, shipment):
    page.goto(f"{live_server.url}/shipments/{shipment.pk}/receive/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now through the worker, which keeps a copy of the page for offline use
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def offline_visit(page, url):
    page.context.set_offline(True)
    with contextlib.suppress(PlaywrightError):  # the browser's "no connection": nothing of ours to show
        page.goto(url)
    for _ in range(50):  # the browser may still be putting its error page in place
        try:
            text = page.content()
            break
        except PlaywrightError:
            page.wait_for_timeout(100)
    page.context.set_offline(False)
    return text


@pytest.mark.parametrize("header", ["honoured", "ignored"])
def test_after_logout_the_phone_shows_nothing_of_the_shipment_offline(desktop, live_server, staff, school, header):
    shipment = factories.shipment(school, units=2)
    page = desktop
    if header == "ignored":  # a browser that does not honour Clear-Site-Data: the page's script clears
        def without_header(route):
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
            route.fulfill(response=response, headers=headers)
        page.route("**/logout/", without_header)
    login(page, live_server, "staff")
    receipt = f"{live_server.url}/shipments/{shipment.pk}/receive/"
    open_receipt_with_offline_copy(page, live_server, shipment)
    assert shipment.waybill_number in offline_visit(page, receipt)  # the offline copy is there

    page.goto(receipt)
    page.click("[data-testid=logout] button")
    page.wait_for_selector("[data-testid=logged-out]")
    page.wait_for_function("() => document.documentElement.dataset.forgotten === 'true'")
    assert page.evaluate("caches.keys()") == []
    assert "receipt-scans" not in [d["name"] for d in page.evaluate("indexedDB.databases()")]
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0

    assert shipment.waybill_number not in offline_visit(page, receipt)


def test_logging_out_with_unsent_scans_asks_first(desktop, live_server, staff, school):
    shipment = factories.shipment(school, units=2)
    unit = shipment.units.first()
    page = desktop
    # The phone's locale is Russian; this story reads the warning as written, in English.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, live_server, "staff")
    page.route("**/receive/scan/", lambda route: route.abort())  # the scan cannot reach the server
    page.goto(f"{live_server.url}/shipments/{shipment.pk}/receive/")
    page.fill("#scan-code", unit.asset_tag)
    page.press("#scan-code", "Enter")
    page.wait_for_function("() => document.querySelector('[data-testid=queue-count]').textContent === '1'")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("[data-testid=logout] button")
    page.wait_for_function("() => document.querySelector('[data-testid=queue-count]') !== null")
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Scans not sent yet from this phone: 1.")
    assert page.url.endswith(f"/shipments/{shipment.pk}/receive/")  # staying, the scan still queued
    assert page.text_content("[data-testid=queue-count]") == "1"

    page.unroute("**/receive/scan/")
    page.evaluate("window.receipt.flush()")
    page.wait_for_function("() => document.querySelector('[data-testid=queue-count]').textContent === '0'")
    assert UnitEvent.objects.filter(unit=unit, scan_id__isnull=False).count() == 1

    page.once("dialog", lambda dialog: asked.append(dialog.message))  # nothing left to warn about
    page.click("[data-testid=logout] button")
    page.wait_for_selector("[data-testid=logged-out]")
    assert len(asked) == 1
