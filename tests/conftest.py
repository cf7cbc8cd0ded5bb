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
