"""When something goes wrong, a user sees the app's own page in their language, saying what happened and
where to go next: never Django's debug page listing every URL, never a bare error text."""

import io
import logging

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext

from config.log_filters import ClientErrorsInOneLine
from config.urls import urlpatterns as app_urlpatterns

LANGUAGES = ["ru", "kk", "en"]


def broken_view(request):
    raise OperationalError("the database is down")


urlpatterns = [*app_urlpatterns, path("broken/", broken_view)]


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def says(reply, language, *sentences):
    """The page is in `language` and carries each sentence as that language's catalogue has it."""
    html = reply.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        for sentence in sentences:
            assert gettext(sentence) in html, sentence


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_mistyped_address_gets_the_apps_own_404_page(client, staff, language):
    in_language(client, language).force_login(staff)
    reply = client.get("/shipments-of-last-year/")
    assert reply.status_code == 404
    says(reply, language, "Page not found", "Go to the home page")
    assert reverse("home") in reply.content.decode()


def test_the_404_page_never_lists_the_url_patterns(client, settings):
    settings.DEBUG = False
    reply = client.get("/admin-secret/")
    html = reply.content.decode()
    assert reply.status_code == 404
    assert 'class="error-box panel"' in html
    assert "Using the URLconf" not in html and "admin/" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_opening_the_coverage_map_are_told_to_log_in_as_someone_else(client, staff, language):
    in_language(client, language).force_login(staff)
    reply = client.get(reverse("logistics:coverage"))
    assert reply.status_code == 403
    says(reply, language, "Access denied", "Log in as someone else", "Go to the home page")
    html = reply.content.decode()
    assert f'action="{reverse("logout")}"' in html
    # After logging out the user lands on the login page, which brings the next user back here.
    assert f'value="{reverse("login")}?next=/coverage/"' in html


def test_logging_in_as_someone_else_from_the_403_page_leads_back_to_it(client, staff, manager):
    client.force_login(staff)
    reply = client.post(reverse("logout"), {"next": f"{reverse('login')}?next=/coverage/"})
    assert reply.status_code == 302
    assert reply.url == f"{reverse('login')}?next=/coverage/"
    reply = client.post(reply.url, {"username": "manager", "password": "pass-word-123"})
    assert reply.status_code == 302 and reply.url == "/coverage/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_request_for_another_host_gets_the_400_page(client, db, language):
    reply = in_language(client, language).get("/", HTTP_HOST="evil.example.com")
    assert reply.status_code == 400
    says(reply, language, "Bad request", "Go to the home page")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_renders_with_the_database_down(client, language):
    # No `db` fixture: any query made while rendering the page would fail the test.
    client.raise_request_exception = False
    reply = in_language(client, language).get("/broken/")
    assert reply.status_code == 500
    says(reply, language, "Something went wrong on our side", "Go to the home page")
    assert "the database is down" not in reply.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expired_form_gets_a_page_that_says_so(db, language):
    from django.test import Client

    client = in_language(Client(enforce_csrf_checks=True), language)
    reply = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert reply.status_code == 403
    says(reply, language, "The form has expired")


@pytest.fixture
def console_log():
    """What the console handler writes, captured for the test."""
    handler = next(h for h in logging.getLogger().handlers
                   if any(isinstance(f, ClientErrorsInOneLine) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refused_request_is_logged_in_one_line_without_a_traceback(client, staff, console_log):
    client.force_login(staff)
    client.get(reverse("logistics:coverage"))
    lines = console_log.getvalue().splitlines()
    assert [line for line in lines if "Forbidden" in line] == ["Forbidden (Permission denied): /coverage/"]
    assert "Traceback" not in console_log.getvalue()


@pytest.mark.urls(__name__)
def test_a_server_error_keeps_its_traceback_in_the_log(client, console_log):
    client.raise_request_exception = False
    client.get("/broken/")
    assert "Traceback" in console_log.getvalue()
    assert "the database is down" in console_log.getvalue()
