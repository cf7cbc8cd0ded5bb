"""On a phone and at a desk, a manager opens the programme's results, breaks them down another
way and follows a number to the institutions behind it."""

import pytest

from tests.browser import login, needs_chromium
from tests.logistics import results_world

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def world(clock, officer):
    world = results_world.with_programme_over_two_quarters(clock, officer)
    clock.release()
    return world


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_manager_changes_the_breakdown_and_follows_a_number(request, live_server, manager, world, device):
    page = request.getfixturevalue(device)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, live_server, "manager")
    page.goto(f"{live_server.url}/results/")
    assert page.locator("[data-indicator=furniture_installed] [data-testid=actual]").text_content().strip() == "2"
    assert page.locator("svg.trend").count() == page.locator("[data-testid=indicators] article").count()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.select_option("#id_dimension", "settlement")
    page.click("[data-testid=results-filters] button[type=submit]")
    page.wait_for_selector("[data-testid=breakdown][data-dimension=settlement]")
    page.wait_for_load_state("load")  # the stylesheet that puts the wide table in its scroll box
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.click("[data-testid=breakdown] tr[data-key=rural] td[data-indicator=didactic_units_delivered] a")
    page.wait_for_selector("[data-testid=behind]")
    assert page.text_content("[data-testid=behind-value]").strip() == "2"
    assert "District school" in page.text_content("[data-testid=behind]")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
