"""A whole verification visit with the keyboard alone — no mouse, no touch. The monitor scans the room's
label and the units in the field that has the focus (a handheld scanner types like a keyboard), hears each
result (the feedback box is an aria-live region), marks a unit not found, closes the visit, and both the
monitor and the institution's representative sign by typing their full names instead of drawing; the act
shows both typed names."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from logistics import verification
from logistics.models import VerificationAct
from tests import factories
from tests.browser import needs_chromium

from .keyboard import announced, log_in_with_the_keyboard, tab_to

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def visit_to_make(school, staff, manager, monitor):
    cabinet, units = factories.installed_in_a_room(school, by=staff)
    round_ = verification.open_round(name="Осень", by=manager, selection="list", institution_ids=[school.pk])
    return verification.start_visit(round_.pk, school.pk, by=monitor), cabinet, units


def scan(page, code, outcome):
    page.evaluate("() => { document.getElementById('feedback').dataset.outcome = ''; }")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_function("(o) => document.getElementById('feedback').dataset.outcome === o", arg=outcome)


def test_a_monitor_verifies_closes_and_both_sign_with_the_keyboard_alone(desktop, live_server, visit_to_make):
    visit, cabinet, (first, second, lost) = visit_to_make
    page = desktop
    log_in_with_the_keyboard(page, live_server, "monitor")

    page.goto(f"{live_server.url}/visits/{visit.pk}/")
    assert page.evaluate("() => document.activeElement.id") == "scan-code"
    scan(page, f"{settings.SITE_URL}/r/{cabinet.code}", "room")
    assert page.text_content("#room-name") == "Кабинет"
    for unit in (first, second):
        scan(page, unit.asset_tag, "in_place")
        said = announced(page)
        assert said.startswith("assertive: ") and unit.display_tag in said, said

    # The unit nobody could find: its "Not found" button, reached with Tab and pressed with Enter.
    page.reload()  # the list of units not scanned yet is drawn by the server
    page.evaluate("() => { document.getElementById('feedback').dataset.outcome = ''; }")
    tab_to(page, f"#unscanned li[data-tag='{lost.asset_tag}'] button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('feedback').dataset.outcome === 'not_found'")
    assert lost.display_tag in announced(page)

    tab_to(page, "[data-testid=close-link]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/visits/{visit.pk}/close/")
    tab_to(page, "[data-testid=close-visit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/visits/{visit.pk}/sign/")

    for field, text in (("#id_verifier_name", "Алия Монитор"), ("#id_verifier_typed", "Алия Монитор"),
                        ("#id_representative_name", "Ержан Нурланов"), ("#id_representative_typed", "Ержан Нурланов")):
        tab_to(page, field)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
    tab_to(page, "[data-testid=sign-act]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=act-signed]")
    act = VerificationAct.objects.get(visit=visit)
    assert (act.verifier_typed_signature, act.representative_typed_signature) == ("Алия Монитор", "Ержан Нурланов")

    tab_to(page, "[data-testid=act-download]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), "rb") as f:
        text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages).split())
    assert text.count("подписано вводом имени") == 2
    assert lost.display_tag in text[text.index("Не обнаружено"):]
