"""The cast of the tests' stories: a procurement officer, a project manager, an administrator,
staff at a school, an outsider on the staff of another school, and a monitor assigned to the school.

Also the stage they play on: a run writes nothing into the checkout. The SQLite test database, the
private files (acts, imports, photos) and the static root live in a directory made for the run, and
every test gets a private root of its own, so no test finds another's files.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.db.models.signals import post_migrate

from inventory import reference
from inventory.models import Profile, Role

from . import factories

_RUN_DIR = None


def pytest_configure(config):
    """Point everything a run writes at a directory of its own, before the test database is created."""
    global _RUN_DIR
    _RUN_DIR = Path(tempfile.mkdtemp(prefix="inclusion-tests-"))
    database = django_settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not os.environ.get("SQLITE_TEST_PATH"):
        # A file still, never memory (see config/settings.py); the connection shares this very dict.
        database.setdefault("TEST", {})["NAME"] = str(_RUN_DIR / "test.sqlite3")
    # Fallbacks for anything that runs outside a test's own fixtures (session fixtures, live servers).
    django_settings.STATIC_ROOT = _RUN_DIR / "static"
    _use_private_root(django_settings, _RUN_DIR / "private")
    # Hypothesis (under the API's schema run) keeps a cache of the code's constants in ./.hypothesis.
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(str(_RUN_DIR / "hypothesis"))


def pytest_unconfigure(config):
    if _RUN_DIR is not None:
        shutil.rmtree(_RUN_DIR, ignore_errors=True)


def _use_private_root(target, root):
    target.PRIVATE_ROOT = root
    target.STORAGES = {**target.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(root), "base_url": None}}}


@pytest.fixture(autouse=True)
def _private_files_of_its_own(settings, tmp_path_factory):
    # Acts, uploads, photos and progress files of one test are neither left in the checkout nor
    # seen by the next test.
    _use_private_root(settings, tmp_path_factory.mktemp("private"))


@pytest.fixture
def subprocess_env(tmp_path_factory):
    """The environment for a process a test starts: its files, database and bytecode stay out of the checkout."""
    root = tmp_path_factory.mktemp("subprocess")
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PRIVATE_ROOT": str(root / "private"),
            "STATIC_ROOT": str(root / "static"), "SQLITE_PATH": str(root / "db.sqlite3")}


def _restore_vocabularies(**kwargs):
    # A transactional test (every live-server test among them) ends with a flush, which empties the
    # tables the data migration filled; Django re-sends post_migrate after it, so they are refilled here
    # with the migration's own code and the next test finds the same database as the first one.
    reference.load(apps)


post_migrate.connect(_restore_vocabularies, sender=apps.get_app_config("inventory"),
                     dispatch_uid="tests.restore_vocabularies")


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
def monitor(school):
    """An independent monitor assigned to verify `school` (and nothing else)."""
    user = _user("monitor", Role.MONITOR)
    Profile.objects.create(user=user).monitored.add(school)
    return user


@pytest.fixture
def shipped_kit(school, officer):
    """A dispatched shipment of three serialised units on its way to `school`."""
    return factories.shipment(school, units=3, by=officer)


@pytest.fixture(autouse=True)
def _a_cache_of_its_own():
    # Figures cached per version of the data (inventory/data_version.py) are keyed by the newest rows'
    # keys; a rolled-back test can leave the same keys over other rows for the next one.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The cast logs in constantly; the production hasher's deliberate slowness is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian chromium for the whole run."""
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests make
    # around it are ordinary synchronous code, so the async-safety guard is relaxed for them. It must
    # stay relaxed while Playwright's loop runs (to the session's end) and is restored after that.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as p:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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


@pytest.fixture
def clock(monkeypatch):
    """The programme-results stories' clock: every event is stamped with the time the story sets."""
    from .logistics import results_world

    return results_world.Clock(monkeypatch)
