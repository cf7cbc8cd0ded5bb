"""Anyone who scans a unit's label can report a problem; the holding school's staff or an officer decide
what it is; a repair order takes the unit to the repairer and back; the unit's status follows."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inventory.models import Unit
from logistics import faults
from logistics.models import FaultEvent, FaultReport, RepairOrder

from .fault_world import arrived_units, post_report, report_url

F = FaultReport.Status
S = Unit.Status


@pytest.fixture(autouse=True)
def mail_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_teacher_reports_a_dead_camera_and_the_officer_has_it_repaired_under_warranty(
        client, school, staff, officer, django_capture_on_commit_callbacks):
    staff.email, officer.email = "staff@example.org", "officer@example.org"
    staff.save(), officer.save()
    unit = arrived_units(school, by=officer, act_days_ago=40, item_months=12)[0]

    with django_capture_on_commit_callbacks(execute=True):
        reply = post_report(client, unit, kind="broken", text="The eye-tracking camera is dead.",
                            contact="+7 701 000 00 00")
    assert reply.status_code == 200 and b"the problem is reported" in reply.content
    report = FaultReport.objects.get()
    assert (report.unit, report.institution, report.status) == (unit, school, F.NEW)
    assert report.client_hash != "203.0.113.5" and len(report.client_hash) == 64
    assert sorted(m.to[0] for m in mail.outbox) == ["officer@example.org", "staff@example.org"]
    assert report.number in mail.outbox[0].subject and "dead" in mail.outbox[0].body

    client.force_login(officer)
    client.post(f"/faults/{report.pk}/triage/", {"outcome": "needs_repair", "supplier": "Tech Service LLP"})
    repair = RepairOrder.objects.get()
    assert repair.under_warranty and repair.status_before == S.INSTALLED
    assert Unit.objects.get(pk=unit.pk).status == S.DAMAGED

    client.post(f"/repairs/{repair.pk}/send/", {})
    client.post(f"/repairs/{repair.pk}/return/", {"outcome": "repaired"})
    repair.refresh_from_db(), report.refresh_from_db()
    assert (repair.status, repair.outcome, report.status) == ("returned", "repaired", F.RESOLVED)
    unit = Unit.objects.get(pk=unit.pk)
    assert unit.status == S.INSTALLED and unit.room_id is None
    path = list(unit.events.values_list("new_status", "reference"))[-2:]
    assert path == [(S.DAMAGED, repair.number), (S.INSTALLED, repair.number)]
    assert [e.action for e in report.events.all()] == ["reported", "triaged", "resolved"]


def test_it_refuses_a_repair_returned_twice_and_changes_nothing(school, officer):
    unit = arrived_units(school, by=officer, installed=False)[0]
    report = faults.file_report(unit.asset_tag, kind="broken", text="x", address="1.1.1.1")
    faults.triage(report.pk, F.NEEDS_REPAIR, by=officer, supplier="Workshop")
    repair = RepairOrder.objects.get()
    faults.send_for_repair(repair.pk, by=officer)
    faults.return_from_repair(repair.pk, "repaired", by=officer)
    events = unit.events.count()
    with pytest.raises(faults.FaultRefused, match="is “Returned” and cannot become “Returned”"):
        faults.return_from_repair(repair.pk, "not_repairable", by=officer)
    repair.refresh_from_db()
    assert repair.outcome == "repaired" and unit.events.count() == events
    assert Unit.objects.get(pk=unit.pk).status == S.RECEIVED  # what it was before it broke


def test_a_unit_not_repairable_stays_damaged(school, officer):
    unit = arrived_units(school, by=officer)[0]
    report = faults.file_report(unit.asset_tag, kind="broken", text="x", address="1.1.1.1")
    faults.triage(report.pk, F.NEEDS_REPAIR, by=officer, supplier="Workshop")
    repair = RepairOrder.objects.get()
    faults.send_for_repair(repair.pk, by=officer)
    faults.return_from_repair(repair.pk, "not_repairable", by=officer)
    assert Unit.objects.get(pk=unit.pk).status == S.DAMAGED


def test_it_refuses_a_return_before_the_repair_was_sent(school, officer):
    unit = arrived_units(school, by=officer)[0]
    report = faults.file_report(unit.asset_tag, kind="broken", text="x", address="1.1.1.1")
    faults.triage(report.pk, F.NEEDS_REPAIR, by=officer, supplier="Workshop")
    repair = RepairOrder.objects.get()
    with pytest.raises(faults.FaultRefused, match="“Open” and cannot become “Returned”"):
        faults.return_from_repair(repair.pk, "repaired", by=officer)


def test_it_refuses_a_report_for_an_unknown_tag(client, db):
    reply = client.post("/u/ABCDEFGHJ/problem/", {"kind": "broken", "text": "x"})
    assert reply.status_code == 404
    assert FaultReport.objects.count() == 0


def test_it_refuses_a_report_for_a_written_off_unit(client, school, officer):
    from logistics import write_offs

    unit = arrived_units(school, by=officer)[0]
    write_offs.write_off([unit.pk], reason="lost", document_number="Order 5", by=officer)
    reply = post_report(client, unit)
    assert reply.status_code == 410 and b"has been written off" in reply.content
    with pytest.raises(faults.FaultRefused, match="written off"):
        faults.file_report(unit.asset_tag, kind="broken", text="x", address="1.1.1.1")
    assert FaultReport.objects.count() == 0


def test_it_stops_a_flood_from_one_address_but_not_from_another(client, school, officer, settings):
    settings.FAULT_REPORTS_PER_ADDRESS = 3
    unit = arrived_units(school, by=officer)[0]
    assert [post_report(client, unit).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert b"Too many reports" in post_report(client, unit).content
    assert post_report(client, unit, address="198.51.100.7").status_code == 200
    assert FaultReport.objects.count() == 4


def test_the_limit_counts_the_address_the_trusted_proxy_saw(client, school, officer, settings):
    settings.FAULT_REPORTS_PER_ADDRESS, settings.TRUSTED_PROXY_COUNT = 1, 1
    unit = arrived_units(school, by=officer)[0]
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    client.post(report_url(unit), {"kind": "broken", "text": "x"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.1",
                **proxied)
    # A forged left-hand entry does not make a new sender.
    reply = client.post(report_url(unit), {"kind": "broken", "text": "x"}, HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.1",
                        **proxied)
    assert reply.status_code == 429


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client, school, officer):
    unit = arrived_units(school, by=officer)[0]
    reply = post_report(client, unit, website="http://spam.example")
    assert reply.status_code == 200 and FaultReport.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize("fields, message", [
    ({"kind": ""}, b"Choose what is wrong."),
    ({"kind": "exploded"}, b"Select a valid choice."),
    ({"text": ""}, b"Describe the problem in a few words."),
    ({"text": "x" * 2001}, b"at most 2000 characters"),
    ({"contact": "x" * 201}, b"at most 200 characters"),
])
def test_it_says_what_is_missing_or_wrong_in_the_form(client, school, officer, fields, message):
    unit = arrived_units(school, by=officer)[0]
    reply = post_report(client, unit, **fields)
    assert reply.status_code == 400 and message in reply.content
    assert FaultReport.objects.count() == 0


def _png(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="PNG")
    return out.getvalue()


def test_a_photo_is_kept_re_encoded_and_a_non_photo_is_refused(client, school, officer, staff):
    unit = arrived_units(school, by=officer)[0]
    reply = post_report(client, unit, photo=SimpleUploadedFile("x.png", b"<script>", content_type="image/png"))
    assert reply.status_code == 400 and b"not a photo" in reply.content
    reply = post_report(client, unit, photo=SimpleUploadedFile("cam.png", _png(), content_type="image/png"))
    assert reply.status_code == 200
    report = FaultReport.objects.get()
    assert report.photo.read()[:3] == b"\xff\xd8\xff"  # a JPEG the app wrote
    client.force_login(staff)
    assert client.get(f"/faults/{report.pk}/photo/")["Content-Type"] == "image/jpeg"


def test_a_photo_with_too_many_pixels_is_refused(client, school, officer, settings):
    settings.MAX_PHOTO_PIXELS = 100
    unit = arrived_units(school, by=officer)[0]
    reply = post_report(client, unit, photo=SimpleUploadedFile("big.png", _png((60, 60)), content_type="image/png"))
    assert reply.status_code == 400 and b"too many pixels" in reply.content


def test_a_duplicate_names_another_report_of_the_same_unit(school, officer):
    first, second = arrived_units(school, by=officer)
    original = faults.file_report(first.asset_tag, kind="broken", text="a", address="1")
    again = faults.file_report(first.asset_tag, kind="broken", text="b", address="2")
    elsewhere = faults.file_report(second.asset_tag, kind="broken", text="c", address="3")
    for wrong in ("", "FR-999999", elsewhere.number, again.number):
        with pytest.raises(faults.FaultRefused, match="Name another report of unit"):
            faults.triage(again.pk, F.DUPLICATE, by=officer, duplicate_of=wrong)
    faults.triage(again.pk, F.DUPLICATE, by=officer, duplicate_of=original.number)
    again.refresh_from_db()
    assert (again.status, again.duplicate_of) == (F.DUPLICATE, original)
    with pytest.raises(faults.FaultRefused, match="cannot become"):
        faults.triage(again.pk, F.NOT_A_FAULT, by=officer)


def test_a_repair_needs_a_repairer_and_one_open_repair_per_unit(school, officer):
    unit = arrived_units(school, by=officer)[0]
    first = faults.file_report(unit.asset_tag, kind="broken", text="a", address="1")
    second = faults.file_report(unit.asset_tag, kind="missing_parts", text="b", address="2")
    with pytest.raises(faults.FaultRefused, match="Name who repairs"):
        faults.triage(first.pk, F.NEEDS_REPAIR, by=officer, supplier=" ")
    faults.triage(first.pk, F.NEEDS_REPAIR, by=officer, supplier="Workshop")
    with pytest.raises(faults.FaultRefused, match="already in repair"):
        faults.triage(second.pk, F.NEEDS_REPAIR, by=officer, supplier="Workshop")
    assert FaultReport.objects.get(pk=second.pk).status == F.NEW and RepairOrder.objects.count() == 1


def test_not_a_fault_and_write_off_leave_the_unit_as_it_is(school, officer):
    unit = arrived_units(school, by=officer)[0]
    for outcome in (F.NOT_A_FAULT, F.WRITE_OFF):
        report = faults.file_report(unit.asset_tag, kind="not_used", text="No trained teacher.", address="1")
        faults.triage(report.pk, outcome, by=officer, note="checked")
        assert FaultReport.objects.get(pk=report.pk).status == outcome
    assert Unit.objects.get(pk=unit.pk).status == S.INSTALLED


def test_fault_events_are_append_only(school, officer):
    from inventory.models import AppendOnly

    unit = arrived_units(school, by=officer)[0]
    faults.file_report(unit.asset_tag, kind="broken", text="a", address="1")
    event = FaultEvent.objects.get()
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        FaultEvent.objects.all().delete()
