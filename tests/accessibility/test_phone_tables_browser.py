"""Tables on a 390 px phone: the home page's and the import list's stack each row into lines with
their column names, so nothing hides off to the right; a table that must stay wide (the coverage
figures) says it scrolls sideways and takes the keyboard's focus to be scrolled."""

import pytest

from tests import factories
from tests.browser import login, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

OVERFLOWING = ("() => [...document.querySelectorAll('.table-wrap')]"
               ".filter(b => b.scrollWidth > b.clientWidth + 1).length")


def test_the_officers_home_and_import_tables_fit_a_phone(phone, live_server, officer, school):
    factories.shipment(school, units=2, dispatched=False, by=officer)
    login(phone, live_server, "officer")
    for url in ("/", "/imports/"):
        phone.goto(live_server.url + url)
        assert phone.locator(".table-wrap").count() > 0, url
        assert phone.evaluate(OVERFLOWING) == 0, url
        assert phone.locator(".scroll-hint").count() == 0, url


def test_a_table_that_must_stay_wide_says_so_and_scrolls_with_the_keyboard(phone, live_server, officer):
    login(phone, live_server, "officer")
    phone.goto(live_server.url + "/")
    # A wide table of its own, as a page that cannot stack its columns would have.
    phone.evaluate("""() => {
      const box = document.createElement("div");
      box.className = "table-wrap";
      box.innerHTML = "<table><tr>" + "<td>wide&nbsp;column&nbsp;of&nbsp;figures</td>".repeat(8) + "</tr></table>";
      document.querySelector("main").append(box);
      window.dispatchEvent(new Event("resize"));
    }""")
    box = phone.locator(".table-wrap").last
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label") == "Таблица прокручивается вбок"  # the Russian phone's words
    assert phone.locator(".scroll-hint").last.is_visible()
    box.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => [...document.querySelectorAll('.table-wrap')].pop().scrollLeft > 0")
