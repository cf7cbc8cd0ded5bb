"""A monitor's visit on a phone, in Debian's chromium: the phone goes offline before the first scan
and comes back after the last; the scans and answers wait on the phone (through a reload), are sent
once, the visit is closed, both sign the act on the phone, and the round's numbers match what was
scanned."""

import pytest
from django.conf import settings
from pypdf import PdfReader

from inventory.models import Unit
from logistics import verification
from logistics.models import Finding, Visit
from tests import factories
from tests.browser import login, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def wedge(page, text):
    """A handheld scanner: fast keys ending with Enter, wherever the focus is."""
    page.locator("h1").click()
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def draw(page, pad):
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    for step in range(1, 30):
        page.mouse.move(box["x"] + 20 + step * 9, box["y"] + box["height"] * (0.6 - 0.3 * ((step % 6) / 6)))
    page.mouse.up()


def queued(page, count):
    page.wait_for_function("n => document.getElementById('queue-count').textContent === String(n)", arg=count,
                           timeout=15000)


def test_a_monitor_verifies_offline_and_the_numbers_match(phone, live_server, monitor, manager, staff, school,
                                                          tmp_path):
    cabinet, units = factories.installed_in_a_room(school, by=staff, units=4, room_name="Cabinet")
    round_ = verification.open_round(name="Autumn", by=manager, selection="list", institution_ids=[school.pk])
    working, broken, missing, never = units
    page = phone
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, live_server, "monitor")
    page.goto(f"{live_server.url}/verification/{round_.pk}/")
    page.click("text=Start the visit")
    page.wait_for_url("**/visits/*/")
    visit = Visit.objects.get()
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()  # now through the worker, which keeps a copy of the page for offline use
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    wedge(page, f"{settings.SITE_URL}/r/{cabinet.code}")
    page.wait_for_function("() => document.getElementById('room-name').textContent === 'Cabinet'")
    wedge(page, working.asset_tag)
    wedge(page, f"{settings.SITE_URL}/u/{broken.asset_tag}")
    queued(page, 2)
    # The answer for the broken one: the form holds the last unit scanned.
    assert page.input_value("[data-testid=answer-code]") == broken.asset_tag
    page.check("input[name=condition][value=broken]")
    page.check("input[name=in_use][value=no]")
    page.select_option("select[name=reason]", "broken")
    page.click("#answer-form button[type=submit]")
    queued(page, 3)
    page.click(f"#unscanned li[data-tag='{missing.asset_tag}'] button")
    queued(page, 4)
    page.reload()  # offline: the worker's copy, and the queue survives
    queued(page, 4)
    assert Finding.objects.count() == 0
    page.screenshot(path=tmp_path / "visit-offline.png", full_page=True)

    page.context.set_offline(False)
    queued(page, 0)
    page.evaluate("() => window.verification.flush()")  # a second attempt must not count twice
    assert Finding.objects.filter(visit=visit).count() == 4
    assert set(Finding.objects.values_list("room__code", flat=True)) == {cabinet.code, None}

    page.goto(f"{live_server.url}/visits/{visit.pk}/close/")
    assert never.display_tag in page.text_content("[data-testid=never-scanned]")
    page.click("[data-testid=close-visit]")
    page.wait_for_selector("[data-testid=representative-pad][data-ready]")
    assert [Unit.objects.get(pk=u.pk).status for u in units] == [
        Unit.Status.INSTALLED, Unit.Status.INSTALLED, Unit.Status.MISSING, Unit.Status.MISSING]

    # Both sign on the phone; the act reads in Russian and Kazakh.
    page.fill("#id_verifier_name", "Алия Монитор")
    page.fill("#id_representative_name", "Ержан Нурланов")
    for pad in ("verifier-pad", "representative-pad"):
        draw(page, page.locator(f"[data-testid={pad}]"))
    page.click("[data-testid=sign-act]")
    page.wait_for_selector("[data-testid=act-signed]")
    with page.expect_download() as download:
        page.click("[data-testid=act-download]")
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Акт проверки оборудования" in text and "Жабдықты тексеру актісі" in text
    assert text.index("Помещение / Бөлме: Cabinet") < text.index(broken.display_tag) < text.index("Не обнаружено")
    assert text.index("Не обнаружено") < text.index(never.display_tag)

    page.goto(f"{live_server.url}/verification/{round_.pk}/")
    numbers = {n: page.text_content(f"[data-testid=round-summary] [data-n={n}]").strip()
               for n in ("delivered", "verified", "found", "not_found", "broken", "not_in_use")}
    assert numbers == {"delivered": "4", "verified": "4", "found": "2", "not_found": "2", "broken": "1",
                       "not_in_use": "1"}
    page.screenshot(path=tmp_path / "round.png", full_page=True)

    # The institution's page leads to the same numbers.
    page.goto(f"{live_server.url}/institutions/{school.pk}/")
    page.click("[data-testid=verification-link]")
    visit_numbers = {n: page.text_content(f"[data-testid=institution-visit] [data-n={n}]").strip() for n in numbers}
    assert visit_numbers == numbers
