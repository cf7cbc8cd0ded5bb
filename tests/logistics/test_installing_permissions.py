"""Who may install and reach rooms: every role, against its own and another institution's room,
on every installation URL. Only school staff install, and only at their own institution; a room
of another institution is not found; every POST needs the CSRF token."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from inventory import lifecycle
from inventory.models import Room, Unit
from tests import factories

ROLES = ["anonymous", "staff", "outsider", "officer", "manager", "administrator"]
INSTALLERS = {"staff", "outsider"}


@pytest.fixture
def rooms(school, other_school):
    own = Room.objects.create(institution=school, name="Cabinet")
    other = Room.objects.create(institution=other_school, name="Cabinet")
    for room in (own, other):
        unit = factories.shipment(room.institution, units=1).units.get()
        lifecycle.change_status(unit.pk, Unit.Status.RECEIVED, by=None)
    return {"own": own, "other": other}


def as_role(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


ACTIONS = {
    "page": ("get", "logistics:install", lambda r: {}),
    "scan": ("post", "logistics:install-scan",
             lambda r: {"code": r.institution.units.get().asset_tag, "room": r.code, "scan_id": str(uuid.uuid4())}),
    "new-room": ("post", "logistics:install-room", lambda r: {"name": "Class 2B"}),
    "picked": ("post", "logistics:install-picked",
               lambda r: {"room": r.code, "unit": r.institution.units.get().asset_tag}),
    "labels": ("get", "logistics:room-labels", lambda r: {}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_school_staff_install(client, request, rooms, role, action):
    method, name, build = ACTIONS[action]
    client = as_role(client, request, role)
    own_room = rooms["own" if role != "outsider" else "other"]
    reply = getattr(client, method)(reverse(name), build(own_room))
    if role == "anonymous":
        assert reply.status_code == 302 and reply["Location"].startswith(reverse("login"))
    elif role in INSTALLERS:
        assert reply.status_code in (200, 302), reply.content[:300]
    else:
        assert reply.status_code == 403
        assert not Unit.objects.filter(status=Unit.Status.INSTALLED).exists()
        assert Room.objects.count() == 2


@pytest.mark.parametrize("role", sorted(INSTALLERS))
def test_staff_cannot_install_into_another_institutions_room(client, request, rooms, role):
    client = as_role(client, request, role)
    foreign = rooms["other" if role == "staff" else "own"]
    own_unit = rooms["own" if role == "staff" else "other"].institution.units.get()
    client.post(reverse("logistics:install-scan"), {"code": own_unit.asset_tag, "room": foreign.code,
                                                   "scan_id": str(uuid.uuid4())})
    client.post(reverse("logistics:install-picked"), {"room": foreign.code, "unit": own_unit.asset_tag})
    assert not Unit.objects.filter(status=Unit.Status.INSTALLED).exists()


# Where a room label leads: its own staff to installation, whoever sees everything to the room, others nowhere.
ROOM_PAGE = {("staff", "own"): 302, ("outsider", "other"): 302}


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_a_room_label_opens_what_the_role_may_see(client, request, rooms, role, target):
    client = as_role(client, request, role)
    reply = client.get(reverse("logistics:room", args=[rooms[target].code]))
    if role == "anonymous":
        assert reply.status_code == 302 and reply["Location"].startswith(reverse("login"))
    elif (role, target) in ROOM_PAGE:
        assert reply.status_code == 302 and reply["Location"].endswith(f"?room={rooms[target].code}")
    elif role in INSTALLERS:
        assert reply.status_code == 404
    else:
        assert reply.status_code == 200 and rooms[target].name in reply.content.decode()


@pytest.mark.parametrize("action", [a for a, spec in ACTIONS.items() if spec[0] == "post"])
def test_every_installation_post_needs_the_csrf_token(rooms, staff, action):
    _method, name, build = ACTIONS[action]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    browser.get(reverse("logistics:install"))
    assert browser.post(reverse(name), build(rooms["own"])).status_code == 403
    token = browser.cookies["csrftoken"].value
    assert browser.post(reverse(name), build(rooms["own"]), HTTP_X_CSRFTOKEN=token).status_code != 403
