"""A verification round: a manager opens it over a sample of institutions; a monitor visits a school
room by room, scans what is there and answers for each unit; closing the visit turns what was not
found into missing units; the round's numbers say what was found, working and in use."""

import io
import random
import re
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from inventory import lifecycle
from inventory.models import Room, Unit
from logistics import verification, verification_summary
from logistics.models import Finding, VerificationEvent, VerificationRound, Visit
from tests import factories

S = Unit.Status


@pytest.fixture
def equipped(school, staff):
    """Five units received at the school, three of them installed in the cabinet."""
    units = list(factories.shipment(school, units=5).units.order_by("pk"))
    cabinet = Room.objects.create(institution=school, name="Cabinet")
    for i, unit in enumerate(units):
        lifecycle.change_status(unit.pk, S.RECEIVED, by=staff)
        if i < 3:
            lifecycle.change_status(unit.pk, S.INSTALLED, by=staff, room_id=cabinet.pk)
    return units, cabinet


@pytest.fixture
def round_(school, manager):
    return verification.open_round(name="Autumn check", by=manager, selection="list", institution_ids=[school.pk])


def answer(client, visit, code, **fields):
    data = {"code": code, "scan_id": str(uuid.uuid4()), **fields}
    return client.post(reverse("logistics:visit-answer", args=[visit.pk]), data, HTTP_X_REQUESTED_WITH="fetch")


def test_a_monitor_visits_a_school_and_closing_the_visit_settles_each_unit(
        client, monitor, school, equipped, round_, other_school):
    units, cabinet = equipped
    sensory = Room.objects.create(institution=school, name="Sensory room")
    foreign = factories.shipment(other_school, units=1).units.get()
    client.force_login(monitor)
    reply = client.post(reverse("logistics:visit-start", args=[round_.pk, school.pk]))
    visit = Visit.objects.get(round=round_, institution=school)
    assert reply["Location"] == reverse("logistics:visit", args=[visit.pk])

    assert answer(client, visit, f"https://x.example/r/{cabinet.code}").json()["outcome"] == "room"
    assert answer(client, visit, units[0].asset_tag, room=cabinet.code, condition="working",
                  in_use="yes", latitude="49.8", longitude="73.1").json()["outcome"] == "in_place"
    assert answer(client, visit, units[1].asset_tag, room=cabinet.code, condition="broken", in_use="no",
                  reason="broken").json()["outcome"] == "in_place"
    # Installed in the cabinet, found in the sensory room: found elsewhere.
    assert answer(client, visit, units[2].asset_tag, room=sensory.code, condition="working", in_use="no",
                  reason="no_trained_teacher").json()["outcome"] == "elsewhere"
    # Another school's unit: recorded as found elsewhere, and never moved.
    reply = answer(client, visit, foreign.asset_tag, room=sensory.code).json()
    assert reply["outcome"] == "elsewhere" and "another institution" in reply["message"]
    assert answer(client, visit, units[3].asset_tag, not_found="1").json()["outcome"] == "not_found"

    page = client.get(reverse("logistics:visit-close", args=[visit.pk])).content.decode()
    assert units[4].display_tag in page  # never scanned: listed before closing
    client.post(reverse("logistics:visit-close", args=[visit.pk]))

    visit.refresh_from_db()
    assert visit.status == Visit.Status.CLOSED and not visit.late
    statuses = [Unit.objects.get(pk=u.pk).status for u in units]
    assert statuses == [S.INSTALLED, S.INSTALLED, S.INSTALLED, S.MISSING, S.MISSING]
    foreign.refresh_from_db()
    assert (foreign.holder_id, foreign.status) == (other_school.pk, S.IN_TRANSIT)
    summary = verification_summary.of_visit(visit)
    assert (summary.delivered, summary.verified, summary.found, summary.elsewhere, summary.not_found) == (5, 5, 3, 1, 2)
    assert (summary.working, summary.broken, summary.in_use, summary.not_in_use, summary.foreign) == (2, 1, 1, 2, 1)
    assert dict(summary.reasons) == {"broken": 1, "no_trained_teacher": 1}
    round_page = client.get(reverse("logistics:round", args=[round_.pk])).content.decode()
    assert 'data-n="not_found">2<' in round_page and 'data-n="in_use">1<' in round_page


def test_a_missing_unit_found_at_the_next_visit_comes_back(monitor, manager, school, equipped):
    units, _cabinet = equipped
    lifecycle.change_status(units[0].pk, S.MISSING, by=manager)
    round_ = verification.open_round(name="Spring", by=manager, selection="list", institution_ids=[school.pk])
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.record_finding(visit.pk, units[0].pk, by=monitor, scan_id=uuid.uuid4(), condition="working")
    verification.close_visit(visit.pk, by=monitor)
    assert Unit.objects.get(pk=units[0].pk).status == S.RECEIVED


def test_the_same_answer_sent_twice_is_recorded_once(client, monitor, school, equipped, round_):
    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    client.force_login(monitor)
    data = {"code": units[0].asset_tag, "scan_id": str(uuid.uuid4()), "condition": "working"}
    url = reverse("logistics:visit-answer", args=[visit.pk])
    first = client.post(url, data, HTTP_X_REQUESTED_WITH="fetch").json()
    again = client.post(url, data, HTTP_X_REQUESTED_WITH="fetch").json()
    assert (first["repeated"], again["repeated"]) == (False, True)
    assert Finding.objects.filter(visit=visit).count() == 1


def test_the_same_unit_scanned_twice_keeps_both_answers_and_the_latest_counts(monitor, school, equipped, round_):
    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.record_finding(visit.pk, units[0].pk, by=monitor, scan_id=uuid.uuid4(), condition="working")
    verification.record_finding(visit.pk, units[0].pk, by=monitor, scan_id=uuid.uuid4(), condition="broken")
    assert Finding.objects.filter(visit=visit, unit=units[0]).count() == 2
    summary = verification_summary.of_visit(visit)
    assert (summary.verified, summary.working, summary.broken) == (1, 0, 1)


def test_a_visit_synced_after_the_round_was_closed_is_kept_and_marked_late(monitor, manager, school, equipped, round_):
    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.close_round(round_.pk, by=manager)
    finding = verification.record_finding(visit.pk, units[0].pk, by=monitor, scan_id=uuid.uuid4())
    verification.close_visit(visit.pk, by=monitor)
    visit.refresh_from_db()
    assert finding.late and visit.late and visit.status == Visit.Status.CLOSED
    with pytest.raises(verification.VerificationError):
        verification.start_visit(round_.pk, factories.institution("Late school").pk, by=manager)


def test_a_closed_visit_takes_no_more_answers(client, monitor, school, equipped, round_):
    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.close_visit(visit.pk, by=monitor)
    client.force_login(monitor)
    reply = answer(client, visit, units[0].asset_tag)
    assert reply.status_code == 409 and "closed" in reply.json()["error"]
    with pytest.raises(verification.VerificationError):
        verification.close_visit(visit.pk, by=monitor)
    assert VerificationEvent.objects.filter(visit=visit, action="visit_closed").count() == 1


@pytest.mark.parametrize(("code", "why"), [("K7QM-X4R8", "not a valid tag"), ("hello", "No unit has this label")])
def test_it_refuses_a_label_that_is_no_unit(client, monitor, school, round_, code, why):
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    client.force_login(monitor)
    reply = answer(client, visit, code)
    assert reply.status_code == 409 and why in reply.json()["error"]
    assert not Finding.objects.exists()


def test_it_refuses_another_institutions_room_label(client, monitor, school, other_school, round_):
    gym = Room.objects.create(institution=other_school, name="Gym")
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    client.force_login(monitor)
    reply = answer(client, visit, f"https://x.example/r/{gym.code}")
    assert reply.status_code == 409 and reply.json()["outcome"] == "refused"


def test_an_answer_given_to_a_room_label_is_refused_not_lost(client, monitor, school, round_):
    cabinet = Room.objects.create(institution=school, name="Cabinet")
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    client.force_login(monitor)
    reply = answer(client, visit, cabinet.code, condition="broken")
    assert reply.status_code == 409 and "room's label" in reply.json()["error"]
    assert not Finding.objects.exists()


def test_a_reason_needs_a_unit_not_in_use(client, monitor, school, equipped, round_):
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    client.force_login(monitor)
    reply = answer(client, visit, equipped[0][0].asset_tag, in_use="yes", reason="not_unpacked")
    assert reply.status_code == 400 and not Finding.objects.exists()


def _png(width, height):
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return out.getvalue()


def test_a_photo_is_kept_and_a_file_that_is_no_photo_or_a_bomb_is_refused(client, monitor, school, equipped, round_):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    client.force_login(monitor)
    tag = equipped[0][0].asset_tag
    for upload, why in ((SimpleUploadedFile("a.jpg", b"not an image"), "not a photo"),
                        (SimpleUploadedFile("bomb.png", _png(20_000, 20_000)), "too many pixels")):
        reply = answer(client, visit, tag, photo=upload)
        assert reply.status_code == 400 and why in reply.json()["error"]
    assert not Finding.objects.exists()
    reply = answer(client, visit, tag, photo=SimpleUploadedFile("ok.png", _png(40, 30)))
    finding = Finding.objects.get()
    assert reply.status_code == 200 and finding.photo
    assert client.get(reverse("logistics:visit-photo", args=[visit.pk, finding.pk])).status_code == 200


def test_a_sample_is_drawn_with_a_recorded_seed_that_anyone_can_redo(manager):
    karaganda = factories.area()
    schools = [factories.institution(f"School {i}", in_area=karaganda) for i in range(12)]
    round_ = verification.open_round(name="Sample", by=manager, selection="sample", area_id=karaganda.pk,
                                     sample_size=4, seed=2026)
    chosen = set(round_.institutions.values_list("bin", flat=True))
    assert round_.population == sorted(s.bin for s in schools)
    assert chosen == set(random.Random(2026).sample(sorted(s.bin for s in schools), 4))
    again = verification.open_round(name="Again", by=manager, selection="sample", area_id=karaganda.pk,
                                    sample_size=4, seed=2026)
    assert set(again.institutions.values_list("bin", flat=True)) == chosen


@pytest.mark.parametrize(("kwargs", "why"), [
    ({"selection": "sample", "sample_size": 50}, "cannot be drawn"),
    ({"selection": "list", "institution_ids": []}, "no institutions"),
])
def test_it_refuses_a_selection_that_cannot_be_made(manager, school, kwargs, why):
    with pytest.raises(verification.BadSelection, match=why):
        verification.open_round(name="X", by=manager, **kwargs)
    assert not VerificationRound.objects.exists()


def test_a_manager_opens_a_round_for_an_area_from_the_form(client, manager, school, other_school):
    client.force_login(manager)
    reply = client.post(reverse("logistics:round-new"), {"name": "Karaganda", "selection": "area",
                                                         "area": school.area_id})
    round_ = VerificationRound.objects.get()
    assert reply["Location"] == reverse("logistics:round", args=[round_.pk])
    assert set(round_.institutions.all()) == {school, other_school}


def test_a_sample_of_recipients_draws_only_from_institutions_that_hold_equipment(manager, staff):
    karaganda = factories.area()
    empty = [factories.institution(f"Empty {i}", in_area=karaganda) for i in range(5)]
    holders = [factories.institution(f"Holder {i}", in_area=karaganda) for i in range(3)]
    for inst in holders:
        unit = factories.shipment(inst, units=1).units.get()
        lifecycle.change_status(unit.pk, S.RECEIVED, by=staff)
    round_ = verification.open_round(name="Recipients", by=manager, selection="sample", area_id=karaganda.pk,
                                     sample_size=2, seed=7, recipients_only=True)
    assert round_.population == sorted(i.bin for i in holders)
    assert not set(round_.institutions.all()) & set(empty)


def test_the_round_exports_its_numbers_per_visit_area_and_round(client, manager, monitor, school, equipped, round_):
    from openpyxl import load_workbook

    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.record_finding(visit.pk, units[0].pk, by=monitor, scan_id=uuid.uuid4(), condition="working",
                                in_use=False, reason="not_unpacked")
    verification.close_visit(visit.pk, by=monitor)
    client.force_login(manager)
    reply = client.get(reverse("logistics:round-export", args=[round_.pk]))
    rows = list(load_workbook(io.BytesIO(reply.content)).active.values)
    header = rows[0]
    visit_row, area_row, round_row = rows[1:]
    assert visit_row[:3] == ("Visit", school.name, school.bin)
    numbers = dict(zip(header, round_row, strict=True))
    assert (numbers["Units held"], numbers["Verified"], numbers["Found"], numbers["Not found"]) == (5, 5, 1, 4)
    assert numbers["Not unpacked"] == 1 and area_row[0] == "Area"


def test_the_institution_page_leads_to_its_verification_numbers(client, monitor, outsider, school, equipped, round_):
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.close_visit(visit.pk, by=monitor)
    client.force_login(monitor)
    page = client.get(reverse("inventory:institution", args=[school.pk])).content.decode()
    url = reverse("logistics:institution-verification", args=[school.pk])
    assert url in page
    assert 'data-n="not_found">5<' in client.get(url).content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_round_page_maps_its_institutions_by_visit(client, manager, monitor, school, other_school):
    round_ = verification.open_round(name="Map", by=manager, selection="list",
                                     institution_ids=[school.pk, other_school.pk])
    verification.close_visit(verification.start_visit(round_.pk, school.pk, by=monitor).pk, by=monitor)
    client.force_login(manager)
    client.cookies["django_language"] = "ru"  # a decimal comma would break the drawing
    page = client.get(reverse("logistics:round", args=[round_.pk])).content.decode()
    assert 'lang="ru"' in page
    assert page.count('class="map-dot map-dot-closed"') == 1 and page.count('class="map-dot map-dot-none"') == 1
    assert re.search(r'cx="\d+(\.\d+)?" cy="\d+(\.\d+)?"', page)


def test_a_manager_opens_a_round_for_a_list_of_bins_and_an_unknown_bin_is_named(client, manager, school,
                                                                                 other_school):
    client.force_login(manager)
    url = reverse("logistics:round-new")
    reply = client.post(url, {"name": "List", "selection": "list", "institutions": f"{school.bin}, 990000000000"})
    assert reply.status_code == 400 and "990000000000" in reply.content.decode()
    assert not VerificationRound.objects.exists()
    client.post(url, {"name": "List", "selection": "list", "institutions": f"{school.bin}\n{other_school.bin}"})
    assert set(VerificationRound.objects.get().institutions.all()) == {school, other_school}
