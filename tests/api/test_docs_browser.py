"""In Debian's chromium, under the Content-Security-Policy and without the internet: a member of staff
makes a token on the tokens page, and the API documentation draws from the app's own files."""

import pytest

from api.models import ApiToken
from tests.browser import login, needs_chromium
from tests.logistics.test_content_policy_browser import watch_policy

pytestmark = [pytest.mark.browser, needs_chromium]


def test_staff_make_a_token_and_read_the_api_documentation(desktop, live_server, staff):
    desktop.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    violations = watch_policy(desktop)
    login(desktop, live_server, "staff")
    desktop.goto(f"{live_server.url}/api/tokens/")
    desktop.fill("#id_name", "register sync")
    desktop.click("main form button[type=submit]")
    shown = desktop.locator("[data-testid=token-value]").inner_text()
    assert shown.startswith(ApiToken.objects.get(user=staff).prefix)

    desktop.goto(f"{live_server.url}/api/docs/")
    desktop.wait_for_function("() => document.querySelectorAll('.opblock').length > 10")
    assert "/api/v1/units/by-tag/{tag}/" in desktop.locator("#swagger-ui").inner_text()
    assert violations == []
