"""The accessibility statement: every page links to it in its footer, and it says what was tested
(with the axe-core version the suite really runs), what is known not to work, and whom to tell."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent


def test_anyone_reads_what_was_tested_the_known_gaps_and_whom_to_tell(client):
    page = client.get(reverse("accessibility")).text
    assert "axe-core" in page and "390×844" in page and "1366×768" in page
    assert 'data-testid="statement-gaps"' in page
    assert "tell your programme coordinator" in page


def test_a_deployment_names_its_address_for_reports(client, settings):
    settings.ACCESSIBILITY_CONTACT = "a11y@example.kz"
    assert 'href="mailto:a11y@example.kz"' in client.get(reverse("accessibility")).text


def test_the_statement_names_the_axe_core_version_the_suite_runs():
    assert (ROOT / "vendor" / "axe-core" / "VERSION").read_text().strip() == settings.AXE_CORE_VERSION


@pytest.mark.parametrize("url", ["/login/", "/nope/", "/admin/login/"])
def test_every_page_links_to_the_statement_in_its_footer(client, db, url):
    assert f'href="{reverse("accessibility")}"' in client.get(url).text


def test_a_logged_in_page_links_to_it_too(client, officer):
    client.force_login(officer)
    assert 'data-testid="accessibility-link"' in client.get("/").text
