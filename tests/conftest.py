"""The cast of the tests' stories: a procurement officer, a project manager, an administrator,
staff at a school, and an outsider on the staff of another school."""

import pytest
from django.contrib.auth.models import Group, User

from inventory.models import Profile, Role

from . import factories


def _user(username, role, institution=None):
    user = User.objects.create_user(username, password="pass-word-123", first_name=username.title())
    user.groups.add(Group.objects.get(name=role.value))
    if institution is not None:
        Profile.objects.create(user=user, institution=institution)
    return user


@pytest.fixture
def school(db):
    return factories.institution("School No. 7")


@pytest.fixture
def other_school(db):
    return factories.institution("School No. 12")


@pytest.fixture
def officer(db):
    return _user("officer", Role.PROCUREMENT)


@pytest.fixture
def manager(db):
    return _user("manager", Role.MANAGER)


@pytest.fixture
def administrator(db):
    return _user("administrator", Role.ADMINISTRATOR)


@pytest.fixture
def staff(school):
    return _user("staff", Role.SCHOOL_STAFF, school)


@pytest.fixture
def outsider(other_school):
    return _user("outsider", Role.SCHOOL_STAFF, other_school)


@pytest.fixture
def shipped_kit(school, officer):
    """A dispatched shipment of three serialised units on its way to `school`."""
    return factories.shipment(school, units=3, by=officer)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The cast logs in constantly; the production hasher's deliberate slowness is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian chromium for the whole run."""
    import os

    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests make
    # around it are ordinary synchronous code, so the async-safety guard is relaxed for them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium, live_server):
    """A phone-sized page that can reach only the app under test."""
    from .browser import PHONE, only_local

    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU",
                                   accept_downloads=True)
    context.route("**/*", only_local)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(chromium, live_server):
    """A desktop-sized page that can reach only the app under test."""
    from .browser import DESKTOP, only_local

    context = chromium.new_context(viewport=DESKTOP, locale="ru-RU", accept_downloads=True)
    context.route("**/*", only_local)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise(settings):
    # The product defaults to Russian; the stories read in English, the source language, so their
    # assertions name the messages as written. Tests of the translations choose their language.
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
