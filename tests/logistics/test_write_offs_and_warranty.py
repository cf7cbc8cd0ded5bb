"""Warranties counted from the act, flagged on the officer's home page when they run out on a broken unit;
write-offs with their act; and what anyone learns from the label."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inventory.models import Item, Unit
from logistics import faults, warranty, write_offs
from logistics.models import FaultReport, RepairOrder, WriteOff
from tests import factories

from .fault_world import arrived_units

S = Unit.Status


def test_the_delivery_lines_warranty_wins_over_the_catalogues(school, officer):
    unit = arrived_units(school, by=officer, act_days_ago=10, item_months=24, line_months=6)[0]
    found = warranty.warranty_of(unit.pk)
    assert found.months == 6 and found.starts == timezone.localdate() - timedelta(days=10)


def test_no_act_no_warranty(school, officer):
    unit = factories.shipment(school, units=1).units.get()
    assert warranty.warranty_of(unit.pk) is None


def test_months_are_added_to_the_last_day_of_a_short_month():
    assert warranty.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert warranty.add_months(date(2024, 11, 30), 15) == date(2026, 2, 28)


def test_an_expired_warranty_is_not_under_warranty(school, officer):
    unit = arrived_units(school, by=officer, act_days_ago=400, item_months=12)[0]
    report = faults.file_report(unit.asset_tag, kind="broken", text="x", address="1")
    faults.triage(report.pk, FaultReport.Status.NEEDS_REPAIR, by=officer, supplier="Workshop")
    assert not RepairOrder.objects.get().under_warranty


def test_the_officers_home_page_flags_a_warranty_running_out_on_a_broken_unit(client, school, officer, settings):
    settings.WARRANTY_WARNING_DAYS = 30
    soon = arrived_units(school, by=officer, count=1, act_days_ago=350, item_months=12)[0]  # ends in ~15 days
    later = arrived_units(school, by=officer, count=1, act_days_ago=10, item_months=12)[0]
    for unit in (soon, later):
        faults.file_report(unit.asset_tag, kind="broken", text="x", address=unit.asset_tag)
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert "Warranty running out" in page and soon.display_tag in page and later.display_tag not in page


def test_an_officer_writes_units_off_with_an_act_and_they_stay_in_history(client, school, officer, tmp_path):
    units = arrived_units(school, by=officer, count=2)
    client.force_login(officer)
    reply = client.post("/write-offs/new/", {"tags": "\n".join(u.display_tag for u in units), "reason": "stolen",
                                             "document_number": "Order No. 17", "note": ""})
    act = WriteOff.objects.get()
    assert reply.status_code == 302 and act.number == "WO-000001"
    assert {u.status for u in Unit.objects.filter(pk__in=[u.pk for u in units])} == {S.WRITTEN_OFF}
    assert Unit.objects.count() == 2 and units[0].events.last().reference == act.number
    pdf = b"".join(client.get(f"/write-offs/{act.pk}/act.pdf").streaming_content)
    assert pdf.startswith(b"%PDF")
    (tmp_path / "write-off.pdf").write_bytes(pdf)


def test_a_unit_in_transit_cannot_be_written_off_and_nothing_changes(client, school, officer):
    received = arrived_units(school, by=officer, count=1)[0]
    travelling = factories.shipment(school, units=1).units.get()
    client.force_login(officer)
    reply = client.post("/write-offs/new/", {"tags": f"{received.asset_tag} {travelling.asset_tag}",
                                             "reason": "lost", "document_number": "Order 1"})
    assert reply.status_code == 400 and b"is in transit and cannot be written off" in reply.content
    assert WriteOff.objects.count() == 0 and Unit.objects.get(pk=received.pk).status == S.INSTALLED


@pytest.mark.parametrize("fields, message", [
    ({"tags": "ZZZZZZZZZ"}, b"No unit has these tags"),
    ({"tags": ""}, b"Name at least one unit"),
    ({"reason": "bored"}, b"Select a valid choice"),
    ({"document_number": ""}, b"Give the number of the document"),
])
def test_a_write_off_says_what_is_wrong(client, school, officer, fields, message):
    unit = arrived_units(school, by=officer, count=1)[0]
    client.force_login(officer)
    data = {"tags": unit.asset_tag, "reason": "lost", "document_number": "Order 1", **fields}
    reply = client.post("/write-offs/new/", data)
    assert reply.status_code == 400 and message in reply.content and WriteOff.objects.count() == 0


def test_a_unit_written_off_twice_is_refused(school, officer):
    unit = arrived_units(school, by=officer, count=1)[0]
    write_offs.write_off([unit.pk], reason="lost", document_number="A", by=officer)
    with pytest.raises(write_offs.WriteOffRefused, match="already written off"):
        write_offs.write_off([unit.pk], reason="lost", document_number="B", by=officer)


def test_lectures_take_only_http_addresses_with_titles():
    good = [{"title": "Lecture 12: sensory play", "url": "https://edu.example.kz/12"}]
    assert Item.lectures.field.run_validators(good) is None
    for bad in ([{"title": "x", "url": "javascript:alert(1)"}], [{"title": "", "url": "https://a.kz"}],
                {"title": "x"}, ["https://a.kz"]):
        with pytest.raises(ValidationError):
            Item.lectures.field.run_validators(bad)
    item = Item(lectures=[*good, {"title": "bad", "url": "javascript:alert(1)"}])
    assert item.lecture_links == good


def test_anyone_reads_what_the_unit_is_and_how_to_use_it_in_their_language(client, school, officer):
    from inventory.models import DevelopmentSphere

    unit = arrived_units(school, by=officer, count=1)[0]
    item = unit.item
    item.guidance_en, item.guidance_ru = "Switch it on with the blue button.", "Включите синей кнопкой."
    item.lectures = [{"title": "Lecture 7", "url": "https://edu.example.kz/7"},
                     {"title": "Sneaky", "url": "javascript:alert(1)"}]
    item.save()
    item.spheres.add(DevelopmentSphere.objects.first())
    page = client.get(unit.get_absolute_url(), HTTP_COOKIE="django_language=en").content.decode()
    assert "Switch it on with the blue button." in page and 'href="https://edu.example.kz/7"' in page
    assert "javascript:" not in page and DevelopmentSphere.objects.first().name_en in page
    assert school.name in page and unit.serial not in page and school.settlement not in page
    assert f"/u/{unit.asset_tag}/problem/" in page
    client.cookies["django_language"] = "ru"
    assert "Включите синей кнопкой." in client.get(unit.get_absolute_url()).content.decode()


def test_the_public_page_shows_the_repair_path_without_names(client, school, officer):
    unit = arrived_units(school, by=officer, count=1)[0]
    report = faults.file_report(unit.asset_tag, kind="broken", text="x", address="1")
    faults.triage(report.pk, FaultReport.Status.NEEDS_REPAIR, by=officer, supplier="Workshop")
    repair = RepairOrder.objects.get()
    faults.send_for_repair(repair.pk, by=officer)
    faults.return_from_repair(repair.pk, "repaired", by=officer)
    page = client.get(unit.get_absolute_url()).content.decode()
    assert page.count(repair.number) == 2 and officer.username not in page
