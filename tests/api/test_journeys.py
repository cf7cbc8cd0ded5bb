"""A school's or a ministry's system follows units after delivery: transfers between schools with the units a
receiver refused, fault reports and their repairs (never the reporter's contact), and write-off acts with
their PDFs; each list syncs incrementally with `changed_since`."""

import json

import pytest
from django.utils import timezone

from logistics import faults, transfers

from .world import journeys as journeys_world


@pytest.fixture
def journeys(school, other_school, staff, officer):
    return journeys_world(school, other_school, staff=staff, officer=officer)


def test_the_receiver_sees_the_transfer_with_its_units_and_a_refusal_it_made(api_as, journeys, outsider, staff,
                                                                           other_school):
    transfer = journeys["transfer"]
    unit = transfer.lines.get().unit
    before = timezone.now()
    transfers.refuse_unit(transfer.shipment_id, unit.pk, by=outsider, reason="Not ordered")

    client = api_as(outsider)
    listed = client.get("/api/v1/transfers/", {"destination": other_school.pk}).json()["results"]
    assert [t["number"] for t in listed] == [transfer.number]
    line = listed[0]["lines"][0]
    assert (line["asset_tag"], line["item_code"], line["refused"], line["refusal"]) == (
        unit.asset_tag, unit.item.code, True, "Not ordered")
    detail = client.get(f"/api/v1/transfers/{transfer.pk}/").json()
    assert [e["action"] for e in detail["events"]][-1] == "unit_refused" and detail["status"] == "dispatched"
    # The sender's system, syncing since before the refusal, fetches the order again; by status too.
    sender = api_as(staff)
    assert [t["id"] for t in sender.get("/api/v1/transfers/", {"changed_since": before.isoformat()})
            .json()["results"]] == [transfer.pk]
    assert sender.get("/api/v1/transfers/", {"changed_since": timezone.now().isoformat()}).json()["results"] == []
    assert sender.get("/api/v1/transfers/", {"status": "proposed,closed"}).json()["results"] == []


def test_a_fault_report_shows_its_repair_and_never_the_reporters_contact(api_as, journeys, staff, officer, school):
    report = journeys["fault"]
    client = api_as(staff)
    listed = client.get("/api/v1/faults/", {"status": "needs_repair", "kind": "broken",
                                            "institution": school.pk}).json()["results"]
    assert [r["number"] for r in listed] == [report.number]
    detail = client.get(f"/api/v1/faults/{report.pk}/").json()
    assert detail["repair"]["supplier"] == "Workshop" and detail["repair"]["status"] == "open"
    assert [e["action"] for e in detail["events"]] == ["reported", "triaged"]
    for body in (listed[0], detail):
        text = json.dumps(body)
        assert "555 0101" not in text and report.client_hash not in text
        assert not {"contact", "photo", "client_hash"} & set(body)
    assert client.get("/api/v1/faults/", {"kind": "not_used"}).json()["results"] == []


def test_a_repair_sent_off_brings_its_report_into_the_next_sync(api_as, journeys, officer):
    report = journeys["fault"]
    client = api_as(officer)
    since = timezone.now().isoformat()
    assert client.get("/api/v1/faults/", {"changed_since": since}).json()["results"] == []
    faults.send_for_repair(report.repair.pk, by=officer)
    synced = client.get("/api/v1/faults/", {"changed_since": since}).json()["results"]
    assert [(r["id"], r["repair"]["status"]) for r in synced] == [(report.pk, "sent")]


def test_an_officer_reads_a_write_off_and_downloads_its_act(api_as, journeys, officer):
    act = journeys["write_off"]
    client = api_as(officer)
    listed = client.get("/api/v1/write-offs/", {"reason": "lost"}).json()["results"]
    assert [(w["number"], w["document_number"], w["asset_tags"]) for w in listed] == [
        (act.number, "Order No. 17", [act.units.get().asset_tag])]
    pdf = client.get(listed[0]["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get("/api/v1/write-offs/", {"reason": "stolen"}).json()["results"] == []


def test_a_filter_value_that_does_not_parse_is_refused(api_as, journeys, officer):
    reply = api_as(officer).get("/api/v1/faults/", {"status": "fixed"})
    assert reply.status_code == 400 and reply["Content-Type"] == "application/problem+json"
