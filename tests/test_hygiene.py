"""The stage the tests play on: a run writes nothing into the checkout, a test's files are its own,
and the next test finds the database as the migrations left it, even after a flush."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from inventory.models import DevelopmentSphere, NeedCategory
from inventory.reference import NEEDS, SPHERES

ROOT = Path(__file__).resolve().parent.parent


def test_the_test_database_and_every_stored_file_live_outside_the_checkout(db, settings):
    places = [settings.PRIVATE_ROOT, settings.STORAGES["default"]["OPTIONS"]["location"], settings.STATIC_ROOT]
    if connection.vendor == "sqlite":
        places.append(connection.settings_dict["NAME"])
    assert [p for p in places if Path(p).resolve().is_relative_to(ROOT)] == []


def test_a_stored_file_lands_in_the_tests_own_private_root(settings):
    name = default_storage.save("acts/act.pdf", ContentFile(b"%PDF-1.7"))
    assert (Path(settings.PRIVATE_ROOT) / name).read_bytes() == b"%PDF-1.7"
    assert not (ROOT / "var" / "private" / name).exists()


@pytest.fixture(params=["first", "second"])
def each_of_two_tests(request):
    return request.param


def test_no_test_sees_the_files_another_left(settings, each_of_two_tests):
    # Run twice: had the root been shared, the second run would find the first one's file.
    assert not default_storage.exists("left-behind.txt")
    default_storage.save("left-behind.txt", ContentFile(b"x"))


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_vocabularies_the_data_migration_loaded():
    # Every transactional test, the live-server ones among them, ends with this flush.
    call_command("flush", interactive=False, verbosity=0)
    assert NeedCategory.objects.count() == len(NEEDS)
    assert DevelopmentSphere.objects.count() == len(SPHERES)
