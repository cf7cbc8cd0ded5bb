"""The receipt page says it opens without a connection only once it really does: on the very first
visit the note reads "saving…" until the offline worker's cache holds the page, and a reload with the
connection gone right after the note changes shows the receipt, not the browser's error page."""

import pytest

from tests.browser import login, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def test_the_first_visit_is_ready_offline_as_soon_as_the_page_says_so(phone, live_server, staff, shipped_kit):
    login(phone, live_server, "staff")
    phone.goto(f"{live_server.url}/shipments/{shipped_kit.pk}/receive/")
    note = phone.locator("[data-testid=offline-copy]")
    assert note.get_attribute("aria-live") == "polite"
    phone.wait_for_function("() => document.getElementById('offline-copy').dataset.state !== 'preparing'",
                            timeout=15000)
    assert note.get_attribute("data-state") == "ready", note.text_content()
    assert "откроется и без связи" in note.text_content()  # the Russian phone is told in its language

    phone.context.set_offline(True)
    phone.reload()
    assert shipped_kit.waybill_number in phone.text_content("h1")
    assert phone.locator("[data-testid=scan-code]").is_visible()
    phone.context.set_offline(False)


def test_the_note_never_claims_an_offline_copy_before_the_cache_holds_the_page(phone, live_server, staff,
                                                                               shipped_kit):
    login(phone, live_server, "staff")
    phone.goto(f"{live_server.url}/shipments/{shipped_kit.pk}/receive/")
    # Whatever the note says at any moment, "ready" means the cache answers for this page.
    phone.wait_for_function("""async () => {
      const state = document.getElementById("offline-copy").dataset.state;
      if (state !== "ready") return false;
      return Boolean(await caches.match(location.href, { ignoreSearch: true, ignoreVary: true }));
    }""", timeout=15000)
