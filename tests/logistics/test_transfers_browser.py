"""A transfer on phones, in Debian's chromium: a school's staff propose handing two units to another
school, an officer approves at the desk, the sender dispatches, the receiver scans one in on the
receipt page and refuses the other with a reason, closes the receipt, and the unit's page shows its way."""

import os
from pathlib import Path

import pytest

from inventory.models import Unit
from logistics.models import TransferOrder
from tests.browser import login, needs_chromium

from .transfer_world import units_at

pytestmark = [pytest.mark.browser, needs_chromium]


def log_out(page):
    page.context.clear_cookies()


@pytest.fixture
def shots(tmp_path):
    """Where the screenshots go: a temporary folder, or TRANSFER_SHOTS to look at them."""
    return Path(os.environ.get("TRANSFER_SHOTS") or tmp_path)


def test_a_transfer_from_proposal_to_receipt_by_scanning_on_a_phone(phone, desktop, live_server, school,
                                                                    other_school, staff, outsider, officer, shots):
    taken, refused, kept = units_at(school, 3, by=staff)
    page = phone

    # The sender's staff propose the transfer on their phone.
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}/transfers/new/")
    page.check(f"input[name=units][value='{taken.pk}']")
    page.check(f"input[name=units][value='{refused.pk}']")
    page.select_option("select[name=destination]", str(other_school.pk))
    page.fill("textarea[name=reason]", "Class closed")
    page.click("form.transfer-form button[type=submit]")
    page.wait_for_selector("[data-testid=transfer-status]")
    assert page.locator("[data-testid=approve]").count() == 0  # the proposer cannot approve their own
    page.screenshot(path=shots / "proposed-phone.png", full_page=True)
    order = TransferOrder.objects.get()

    # An officer approves at the desk.
    login(desktop, live_server, "officer")
    desktop.wait_for_selector("[data-testid=transfers-waiting]")
    desktop.click(f"[data-testid=transfers-waiting] a:has-text('{order.number}')")
    desktop.click("[data-testid=approve]")
    desktop.wait_for_selector("[data-testid=transfer-status].transfer-approved")

    # The sender dispatches.
    page.goto(f"{live_server.url}{order.get_absolute_url()}")
    page.click("[data-testid=dispatch]")
    page.wait_for_selector("[data-testid=transfer-status].transfer-dispatched")
    assert Unit.objects.get(pk=taken.pk).status == Unit.Status.IN_TRANSIT

    # The receiver finds it on the home page and scans on the receipt page.
    log_out(page)
    login(page, live_server, "outsider")
    page.click("[data-testid=transfers-incoming] a[href$='/receive/']")
    page.wait_for_function("() => window.receipt !== undefined")  # the page's script is listening
    page.evaluate("document.getElementById('feedback').dataset.outcome = ''")
    page.fill("#scan-code", taken.asset_tag)
    page.press("#scan-code", "Enter")
    page.wait_for_function("() => document.getElementById('feedback').dataset.outcome === 'received'", timeout=15000)
    row = page.locator(f"#unit-list li[data-tag='{refused.asset_tag}']")
    row.locator("details:has([data-testid=refuse]) > summary").click()
    row.locator("textarea[name=reason]").fill("Screen cracked")
    row.locator("[data-testid=refuse]").click()
    page.wait_for_function(
        "tag => document.querySelector(`#unit-list li[data-tag='${tag}'] [data-role=status]`)"
        ".classList.contains('status-refused')", arg=refused.asset_tag, timeout=15000)
    page.screenshot(path=shots / "receipt-phone.png", full_page=True)
    page.click("[data-testid=close-link]")
    assert "Screen cracked" in page.inner_text("[data-testid=refused]")
    page.click("[data-testid=close-receipt]")
    page.wait_for_url("**/sign/")

    order.refresh_from_db()
    assert order.status == TransferOrder.Status.CLOSED
    assert Unit.objects.get(pk=taken.pk).holder_id == other_school.pk
    assert Unit.objects.get(pk=refused.pk).holder_id == school.pk

    # The unit's page shows its whole way, as the receiver sees it now.
    page.goto(f"{live_server.url}/u/{taken.asset_tag}")
    history = page.inner_text("[data-testid=unit-history]")
    assert history.count(order.number) >= 3 and school.name in history and other_school.name in history
    page.screenshot(path=shots / "unit-phone.png", full_page=True)
    # And the sender sees theirs: the refused unit back with them, the reason said.
    log_out(desktop)
    login(desktop, live_server, "staff")
    desktop.goto(f"{live_server.url}/u/{refused.asset_tag}")
    assert "Screen cracked" in desktop.inner_text("[data-testid=unit-history]")
    assert kept.holder_id == school.pk
