"""A whole receipt with the keyboard alone — no mouse, no touch. A handheld scanner is a keyboard too:
it types the label and presses Enter. School staff log in, scan the tags in the field that has the
focus, hear each result (the feedback box is an aria-live region), close the receipt, sign by typing
their full name instead of drawing, and download the act, which shows the typed name."""

import io

import pytest
from pypdf import PdfReader

from tests.browser import needs_chromium

from .keyboard import announced, focused, log_in_with_the_keyboard, tab_to

pytestmark = [pytest.mark.browser, needs_chromium]


def scan_with_the_keyboard(page, unit):
    page.evaluate("() => { document.getElementById('feedback').dataset.outcome = ''; }")
    page.keyboard.type(unit.display_tag)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('feedback').dataset.outcome === 'received'")


def test_staff_receive_close_sign_and_download_the_act_with_the_keyboard_alone(desktop, live_server, staff,
                                                                                shipped_kit):
    page = desktop
    log_in_with_the_keyboard(page, live_server, "staff")

    page.goto(f"{live_server.url}/shipments/{shipped_kit.pk}/receive/")
    # The scan field has the focus as the page opens; Tab comes back to it after a trip round the page.
    assert page.evaluate("() => document.activeElement.id") == "scan-code"
    tab_to(page, "#scan-code")
    for unit in shipped_kit.units.order_by("pk"):
        scan_with_the_keyboard(page, unit)
        said = announced(page)
        assert said.startswith("assertive: ") and unit.display_tag in said, said
    assert page.text_content("#count-arrived") == "3"

    tab_to(page, "[data-testid=close-link]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/shipments/{shipped_kit.pk}/receive/close/")
    tab_to(page, "[data-testid=close-receipt]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/shipments/{shipped_kit.pk}/receive/sign/")

    tab_to(page, "#id_typed_signature")
    page.keyboard.type("Staff Member")
    tab_to(page, "[data-testid=sign-act]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=act-signed]")

    tab_to(page, "[data-testid=act-download]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), "rb") as f:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert "Staff Member" in text
    assert "подписано вводом имени" in text
    assert focused(page) is not None
