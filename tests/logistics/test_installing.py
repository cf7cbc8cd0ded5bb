"""Staff install what arrived: they scan a room's label, then the units that now live in that room,
or tick them in the list. Every step goes through the unit's life cycle with the room in its event."""

import uuid

import pytest
from django.urls import reverse

from inventory import installation, lifecycle
from inventory.identifiers import format_room_code, is_well_formed_room_code, new_room_code
from inventory.models import Room, Unit, UnitEvent
from inventory.scan_input import read_room, read_scan
from tests import factories

S = Unit.Status


@pytest.fixture
def received(shipped_kit, staff):
    """The three units of the kit, received at the school."""
    for unit in shipped_kit.units.all():
        lifecycle.change_status(unit.pk, S.RECEIVED, by=staff)
    return list(shipped_kit.units.order_by("pk"))


@pytest.fixture
def cabinet(school):
    return Room.objects.create(institution=school, name="Inclusion support cabinet")


def scan(client, code, room=None):
    return client.post(reverse("logistics:install-scan"),
                       {"code": code, "room": room.code if room else "", "scan_id": str(uuid.uuid4())})


def room_url(room):
    return f"https://equipment.example/r/{room.code}"


def test_staff_scan_a_room_label_then_the_units_and_they_are_installed_there(client, staff, received, cabinet):
    client.force_login(staff)
    reply = scan(client, room_url(cabinet)).json()
    assert reply["outcome"] == "room" and reply["room"]["code"] == cabinet.code
    for unit in received:
        reply = scan(client, unit.display_tag, room=cabinet)
        assert reply.status_code == 200 and reply.json()["outcome"] == "installed"
    for unit in received:
        unit.refresh_from_db()
        assert (unit.status, unit.room_id) == (S.INSTALLED, cabinet.pk)
        event = unit.events.last()
        assert (event.old_status, event.new_status, event.room_id, event.place_id, event.actor) == (
            S.RECEIVED, S.INSTALLED, cabinet.pk, cabinet.institution_id, staff)
    page = client.get(reverse("logistics:install") + f"?room={cabinet.code}").content.decode()
    assert all(u.display_tag in page for u in received)
    unit_page = client.get(received[0].get_absolute_url()).content.decode()
    assert 'data-testid="unit-room">Inclusion support cabinet<' in unit_page


def test_staff_name_a_new_room_and_install_units_picked_from_the_list(client, staff, received, school):
    client.force_login(staff)
    reply = client.post(reverse("logistics:install-room"), {"name": "  Class   2B "})
    room = Room.objects.get(institution=school)
    assert room.name == "Class 2B" and reply["Location"].endswith(f"?room={room.code}")
    # The same name again, in another case, is the same room.
    client.post(reverse("logistics:install-room"), {"name": "class 2b"})
    assert Room.objects.filter(institution=school).count() == 1
    reply = client.post(reverse("logistics:install-picked"),
                        {"room": room.code, "unit": [u.asset_tag for u in received[:2]]}, follow=True)
    assert "2 units installed in “Class 2B”." in reply.content.decode()
    assert [u.status for u in Unit.objects.order_by("pk")] == [S.INSTALLED, S.INSTALLED, S.RECEIVED]


def test_scanning_an_installed_unit_in_another_room_moves_it_and_keeps_it_installed(
        client, staff, received, cabinet, school):
    sensory = Room.objects.create(institution=school, name="Sensory room")
    client.force_login(staff)
    scan(client, received[0].asset_tag, room=cabinet)
    reply = scan(client, received[0].asset_tag, room=sensory).json()
    assert reply["outcome"] == "moved"
    received[0].refresh_from_db()
    assert (received[0].status, received[0].room_id) == (S.INSTALLED, sensory.pk)
    assert [(e.new_status, e.room_id) for e in received[0].events.all()][-2:] == [
        (S.INSTALLED, cabinet.pk), (S.INSTALLED, sensory.pk)]
    assert scan(client, received[0].asset_tag, room=sensory).json()["outcome"] == "already_here"


def test_it_asks_for_a_room_before_the_first_unit(client, staff, received):
    client.force_login(staff)
    reply = scan(client, received[0].asset_tag)
    assert reply.status_code == 409 and reply.json()["outcome"] == "no_room"
    received[0].refresh_from_db()
    assert received[0].status == S.RECEIVED


def test_it_refuses_a_unit_of_another_institution_and_leaves_it_where_it_is(client, staff, cabinet, other_school):
    foreign = factories.shipment(other_school, units=1).units.get()
    lifecycle.change_status(foreign.pk, S.RECEIVED, by=None)
    client.force_login(staff)
    reply = scan(client, foreign.asset_tag, room=cabinet)
    assert reply.status_code == 409 and reply.json()["outcome"] == "other_institution"
    foreign.refresh_from_db()
    assert (foreign.status, foreign.room_id, foreign.holder_id) == (S.RECEIVED, None, other_school.pk)


def test_it_refuses_another_institutions_room_label(client, staff, received, other_school):
    foreign_room = Room.objects.create(institution=other_school, name="Gym")
    client.force_login(staff)
    reply = scan(client, room_url(foreign_room))
    assert reply.status_code == 409 and reply.json()["outcome"] == "refused"
    # Nor can a forged post install into it: the room is not found at the staff's institution.
    reply = scan(client, received[0].asset_tag, room=foreign_room)
    assert reply.json()["outcome"] == "no_room"
    assert not Unit.objects.filter(room=foreign_room).exists()


def test_it_refuses_a_unit_not_yet_received(client, staff, shipped_kit, cabinet):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    reply = scan(client, unit.asset_tag, room=cabinet)
    assert reply.status_code == 409 and "only received units can be installed" in reply.json()["message"]
    unit.refresh_from_db()
    assert unit.status == S.IN_TRANSIT


def test_the_same_scan_sent_twice_installs_once(client, staff, received, cabinet):
    client.force_login(staff)
    data = {"code": received[0].asset_tag, "room": cabinet.code, "scan_id": str(uuid.uuid4())}
    first = client.post(reverse("logistics:install-scan"), data).json()
    again = client.post(reverse("logistics:install-scan"), data).json()
    assert first["outcome"] == again["outcome"] == "installed"
    assert UnitEvent.objects.filter(unit=received[0], new_status=S.INSTALLED).count() == 1


def test_a_forged_pick_for_another_institutions_unit_changes_nothing(client, staff, received, cabinet, other_school):
    foreign = factories.shipment(other_school, units=1).units.get()
    lifecycle.change_status(foreign.pk, S.RECEIVED, by=None)
    client.force_login(staff)
    reply = client.post(reverse("logistics:install-picked"),
                        {"room": cabinet.code, "unit": [received[0].asset_tag, foreign.asset_tag]}, follow=True)
    assert "not at your institution" in reply.content.decode()
    assert not Unit.objects.filter(status=S.INSTALLED).exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_it_refuses_a_room_without_a_usable_name(client, staff, name):
    client.force_login(staff)
    reply = client.post(reverse("logistics:install-room"), {"name": name}, follow=True)
    assert "room" in reply.content.decode().lower()
    assert not Room.objects.exists()


def test_a_room_code_is_never_read_as_a_unit_tag_and_the_reverse(received, cabinet):
    assert read_room(room_url(cabinet)) == cabinet.code
    assert read_room(format_room_code(cabinet.code).lower()) == cabinet.code
    assert read_scan(room_url(cabinet)).tags == ()
    assert read_room(received[0].asset_tag) is None
    assert read_room(f"https://equipment.example/u/{received[0].asset_tag}") is None


def test_a_mistyped_room_code_is_rejected_by_its_check_character():
    code = new_room_code()
    wrong = code[:-1] + next(c for c in "ABCDEFGH" if c != code[-1])
    assert is_well_formed_room_code(code) and not is_well_formed_room_code(wrong)
    assert read_room(wrong) is None


def test_a_new_holder_takes_the_unit_out_of_the_old_holders_room(staff, received, cabinet, other_school):
    unit = received[0]
    lifecycle.change_status(unit.pk, S.INSTALLED, by=staff, room_id=cabinet.pk)
    lifecycle.change_status(unit.pk, S.TRANSFERRED, by=staff, holder_id=other_school.pk)
    unit.refresh_from_db()
    assert (unit.holder_id, unit.room_id) == (other_school.pk, None)


def test_only_an_installed_unit_moves_between_rooms(staff, received, cabinet):
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.move_to_room(received[0].pk, cabinet.pk, by=staff)
    received[0].refresh_from_db()
    assert received[0].room_id is None


def test_room_labels_print_on_the_label_sheets(client, staff, cabinet):
    client.force_login(staff)
    reply = client.get(reverse("logistics:room-labels"))
    assert reply.status_code == 200 and reply.content.startswith(b"%PDF")


def test_two_phones_creating_the_same_room_make_one(school):
    first = installation.room_named(school.pk, "Sensory room")
    assert installation.room_named(school.pk, "SENSORY ROOM") == first
