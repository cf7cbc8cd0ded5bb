"""Someone guessing passwords gets a handful of tries, on the app's login page and the admin's alike;
then logging in is paused for that user name and that address, even with the right password, until the
cool-off has passed."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.utils import timezone

from config.login_throttling import client_address

LOGIN_PAGES = ["/login/", "/admin/login/"]
PASSWORD = "pass-word-123"


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("root", password=PASSWORD)


def log_in(client, page, username, password, address="10.0.0.7"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address,
                       HTTP_ACCEPT_LANGUAGE="en")


def fail_until_locked(client, page, settings, username="root", address="10.0.0.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        reply = log_in(client, page, username, "wrong", address)
        assert reply.status_code == 200  # the login form again, with its error
    return log_in(client, page, username, "wrong", address)


def it_is_the_lockout_page(reply):
    html = reply.content.decode()
    assert reply.status_code == 429
    assert "Too many failed attempts to log in" in html
    assert 'class="login-box panel"' in html  # the login page's layout, not a bare text
    assert 'name="password"' not in html


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_a_password_guesser_is_stopped_and_the_right_password_waits_for_the_cool_off(client, admin_user,
                                                                                      settings, page):
    it_is_the_lockout_page(fail_until_locked(client, page, settings))

    reply = log_in(client, page, "root", PASSWORD)
    it_is_the_lockout_page(reply)
    assert "_auth_user_id" not in client.session

    # The cool-off passes (the attempts age instead of the test sleeping).
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    reply = log_in(client, page, "root", PASSWORD)
    assert reply.status_code == 302
    assert int(client.session["_auth_user_id"]) == admin_user.pk


def test_the_lockout_page_says_how_long_to_wait(client, admin_user, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    reply = fail_until_locked(client, "/login/", settings)
    assert "try again in 15 minutes" in reply.content.decode()


def test_one_user_name_is_locked_whichever_address_the_guesses_come_from(client, admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "/login/", "root", "wrong", address=f"10.0.1.{n}")
    it_is_the_lockout_page(log_in(client, "/login/", "root", PASSWORD, address="10.0.2.1"))


def test_one_address_is_locked_whichever_user_names_it_tries(client, admin_user, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "/admin/login/", f"someone-{n}", "wrong", address="10.0.3.3")
    it_is_the_lockout_page(log_in(client, "/login/", "staff", PASSWORD, address="10.0.3.3"))
    # Another school's staff, elsewhere, still log in.
    assert log_in(client, "/login/", "staff", PASSWORD, address="10.0.4.4").status_code == 302


def test_a_few_mistakes_do_not_lock_anyone_out(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "/login/", "staff", "wrong")
    assert log_in(client, "/login/", "staff", PASSWORD).status_code == 302


def test_behind_the_tls_proxy_the_address_is_the_one_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.1",
                                    HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")  # the first part is forged
    assert client_address(request) == "203.0.113.9"


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().post("/login/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "198.51.100.2"

