"""Installation on a phone, in Debian's chromium: staff scan a room's label with a handheld scanner
(it types the label's URL and Enter), then the units' labels, and the page shows them installed
there; one more unit is ticked in the list of received units."""

import pytest
from django.conf import settings

from inventory import lifecycle
from inventory.models import Room, Unit
from tests import factories
from tests.browser import login, needs_chromium
from tests.logistics.test_receiving_browser import camera_phone  # noqa: F401 (the fixture: a phone filming a label)

pytestmark = [pytest.mark.browser, needs_chromium]


def outcome_after(page, action, expected):
    page.evaluate("() => { document.getElementById('feedback').dataset.outcome = ''; }")
    action()
    page.wait_for_function("o => document.getElementById('feedback').dataset.outcome === o", arg=expected,
                           timeout=15000)


def wedge(page, text):
    """A handheld scanner: fast keys ending with Enter, wherever the focus is."""
    page.locator("h1").click()
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def test_staff_install_units_by_scanning_a_room_label_and_the_units(phone, live_server, staff, school, tmp_path):
    shipment = factories.shipment(school, units=3)
    first, second, ticked = shipment.units.order_by("pk")
    for unit in (first, second, ticked):
        lifecycle.change_status(unit.pk, Unit.Status.RECEIVED, by=staff)
    room = Room.objects.create(institution=school, name="Sensory room")
    page = phone
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}/install/")

    page.fill("#scan-code", first.asset_tag)
    page.press("#scan-code", "Enter")
    page.wait_for_function("() => document.getElementById('feedback').dataset.outcome === 'no_room'")

    # The room's label: the page opens that room and says so.
    wedge(page, f"{settings.SITE_URL}/r/{room.code}")
    page.wait_for_url(f"**/install/?room={room.code}*")
    assert "Sensory room" in page.text_content("[data-testid=current-room]")

    outcome_after(page, lambda: wedge(page, first.asset_tag), "installed")
    outcome_after(page, lambda: (page.fill("#scan-code", second.display_tag.lower()),
                                 page.press("#scan-code", "Enter")), "installed")
    outcome_after(page, lambda: wedge(page, first.asset_tag), "already_here")
    assert page.locator(f"#here li[data-tag='{second.asset_tag}']").count() == 1
    assert page.locator(f"#waiting li[data-tag='{first.asset_tag}']").count() == 0

    # The last one ticked in the list.
    page.check(f"#waiting input[value='{ticked.asset_tag}']")
    page.click("[data-testid=pick-form] button[type=submit]")
    page.wait_for_selector(f"#here li[data-tag='{ticked.asset_tag}']")
    page.screenshot(path=tmp_path / "installation-phone.png", full_page=True)

    assert {(u.status, u.room_id) for u in Unit.objects.filter(pk__in=[first.pk, second.pk, ticked.pk])} == {
        (Unit.Status.INSTALLED, room.pk)}


def test_the_phone_camera_reads_a_room_label(request, live_server, staff, school):
    filming = request.getfixturevalue("camera_phone")
    unit = factories.shipment(school, units=1).units.get()
    lifecycle.change_status(unit.pk, Unit.Status.RECEIVED, by=staff)
    room = Room.objects.create(institution=school, name="Class 2B")
    page = filming(f"{settings.SITE_URL}/r/{room.code}")
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}/install/")
    page.click("[data-testid=camera-toggle]")
    page.wait_for_url(f"**/install/?room={room.code}*")
    assert "Class 2B" in page.text_content("[data-testid=current-room]")
