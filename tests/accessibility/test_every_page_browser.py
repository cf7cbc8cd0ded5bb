"""Every page each role reaches passes axe-core's WCAG 2.2 AA rules: no serious or critical violation,
in Kazakh, Russian and English, on a phone (390×844) and a desktop (1366×768), and `<html lang>` says
which language the page is in.

The roles walk the app from their home page by its links (tests/accessibility/crawl.py); a kind of
page is checked once, under the first role that reaches it. One browser, one logged-in context per
role; the language changes by cookie. The full sweep runs on SQLite; on PostgreSQL, where the same
templates render the same pages, a Russian phone walk checks that nothing depends on the database.
"""

import pytest
from django.db import connection

from tests.browser import login, needs_chromium, only_local

from . import axe, crawl, world

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
ROLES = ["anonymous", "staff", "monitor", "manager", "officer", "admin"]
LANGUAGES = ["kk", "ru", "en"]
# Pages that draw themselves after the load event: what to wait for before axe looks.
DRAWN_LATER = {"/api/docs/": ".opblock"}


def start_pages(role, demo):
    """Where a role starts walking: home, plus pages no link leads to, or whose kind another role
    reached first with other content (a draft shipment, the label pages, error pages, API docs)."""
    if role == "anonymous":
        return ["/login/", "/nope/", "/api/docs/", "/accessibility/", f"/u/{demo.signed.units.first().asset_tag}"]
    if role == "staff":  # the signed act, the signing form, and the import list, which staff may not see (403)
        return ["/", f"/shipments/{demo.signed.pk}/", f"/shipments/{demo.signed.pk}/receive/sign/",
                f"/shipments/{demo.to_sign.pk}/receive/sign/", "/imports/"]
    if role == "officer":
        return ["/", f"/shipments/{demo.draft.pk}/", f"/labels/shipment/{demo.draft.pk}/",
                f"/labels/batches/{demo.batch.pk}/"]
    if role == "admin":
        return ["/", "/boundaries/", "/admin/auth/user/"]
    return ["/"]


def check(page, base_url, url, languages, sizes):
    """The axe findings on one page in every language and size, as readable paragraphs."""
    problems = []
    for language in languages:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
        for n, size in enumerate(sizes):
            page.set_viewport_size(size)
            if n == 0:
                page.goto(base_url + url)
                if url in DRAWN_LATER:
                    page.wait_for_selector(DRAWN_LATER[url])
            if page.get_attribute("html", "lang") != language:
                problems.append(f"{url} in {language}: <html lang={page.get_attribute('html', 'lang')!r}>")
            if found := axe.violations(page):
                problems.append(axe.describe(f"{url} in {language} at {size['width']}×{size['height']}", found))
    return problems


def walk_every_role(chromium, live_server, demo, languages, sizes):
    problems, seen_kinds, reached = [], set(), {}
    for role in ROLES:
        # Still pages: axe judges what a person can act on, not a map caught halfway through a zoom.
        context = chromium.new_context(viewport=sizes[0], accept_downloads=False, reduced_motion="reduce")
        context.route("**/*", only_local)
        axe.install(context)
        page = context.new_page()
        if role != "anonymous":
            login(page, live_server, role, world.PASSWORDS[role])
        reached[role] = []
        for url, status in crawl.reach(page, live_server.url, start_pages(role, demo), seen_kinds=seen_kinds):
            reached[role].append(f"{url} ({status})")
            problems.extend(f"[{role}] {p}" for p in check(page, live_server.url, url, languages, sizes))
        context.close()
    return problems, reached


@pytest.fixture
def demo(live_server, tmp_path, settings):
    # The import's checks run at once, inside the upload, instead of waiting for a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return world.build(tmp_path)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the full sweep runs once, on SQLite; "
                    "PostgreSQL gets the Russian phone walk below")
def test_every_page_each_role_reaches_passes_axe_in_three_languages_on_a_phone_and_a_desktop(
        chromium, live_server, demo):
    problems, reached = walk_every_role(chromium, live_server, demo, LANGUAGES, [PHONE, DESKTOP])
    assert sum(map(len, reached.values())) > 30, reached
    assert problems == [], "\n".join(problems)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the full sweep above covers it on SQLite")
def test_every_page_each_role_reaches_passes_axe_in_russian_on_a_phone(chromium, live_server, demo):
    problems, reached = walk_every_role(chromium, live_server, demo, ["ru"], [PHONE])
    assert sum(map(len, reached.values())) > 30, reached
    assert problems == [], "\n".join(problems)
