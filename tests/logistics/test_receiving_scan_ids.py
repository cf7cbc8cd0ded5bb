"""One device scan id is one scan: it has one outcome, whichever table keeps it (issue 11).

A phone makes an id for every scan; a resend of that scan gets its first answer, but the same id
cannot record an unknown code once and receive a unit the next time, or the reverse."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import Unit, UnitEvent
from logistics.models import ShipmentUnit, UnexpectedScan
from tests import factories

S = Unit.Status
REUSED = "This scan id was already used for another scan."
UNKNOWN = "4006381333931"  # a shop barcode, no label of ours


def scan(client, shipment, code, scan_id):
    return client.post(reverse("logistics:receive-scan", args=[shipment.pk]), {"code": code, "scan_id": str(scan_id)})


def written():
    return UnitEvent.objects.count(), UnexpectedScan.objects.count()


def test_an_id_kept_for_an_unknown_code_cannot_then_receive_a_unit(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan_id = uuid.uuid4()
    assert scan(client, shipped_kit, UNKNOWN, scan_id).json()["outcome"] == "unknown_code"
    before = written()

    reply = scan(client, shipped_kit, unit.asset_tag, scan_id)

    assert (reply.status_code, reply.json()) == (409, {"error": REUSED})
    assert written() == before
    assert Unit.objects.get(pk=unit.pk).status == S.IN_TRANSIT


def test_an_id_that_received_a_unit_cannot_then_be_kept_as_an_unknown_code(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan_id = uuid.uuid4()
    assert scan(client, shipped_kit, unit.asset_tag, scan_id).json()["outcome"] == "received"
    before = written()

    reply = scan(client, shipped_kit, UNKNOWN, scan_id)

    assert (reply.status_code, reply.json()) == (409, {"error": REUSED})
    assert written() == before


def test_an_id_that_received_a_unit_elsewhere_cannot_be_kept_as_unexpected_here(client, shipped_kit, staff, school):
    other = factories.shipment(school, units=1)
    client.force_login(staff)
    scan_id = uuid.uuid4()
    scan(client, other, other.units.get().asset_tag, scan_id)
    before = written()

    reply = scan(client, shipped_kit, UNKNOWN, scan_id)

    assert reply.status_code == 409
    assert written() == before


def test_a_resent_unknown_code_still_gets_its_first_answer(client, shipped_kit, staff):
    client.force_login(staff)
    scan_id = uuid.uuid4()
    first = scan(client, shipped_kit, UNKNOWN, scan_id).json()
    again = scan(client, shipped_kit, UNKNOWN, scan_id).json()
    assert (again["outcome"], again["message"], again["repeated"]) == (first["outcome"], first["message"], True)
    assert UnexpectedScan.objects.count() == 1


def test_a_scan_resent_after_its_stray_unit_joined_the_shipment_gets_its_first_answer(client, shipped_kit, staff,
                                                                                      school):
    stray = factories.shipment(school, units=1).units.get()
    client.force_login(staff)
    scan_id = uuid.uuid4()
    assert scan(client, shipped_kit, stray.asset_tag, scan_id).json()["outcome"] == "not_in_shipment"
    ShipmentUnit.objects.create(shipment=shipped_kit, unit=stray, line=shipped_kit.lines.get())

    again = scan(client, shipped_kit, stray.asset_tag, scan_id)

    assert (again.status_code, again.json()["outcome"], again.json()["repeated"]) == (200, "not_in_shipment", True)
    assert Unit.objects.get(pk=stray.pk).status == S.IN_TRANSIT


def test_the_check_costs_a_receiving_scan_no_statement(client, shipped_kit, staff):
    """The id's other table is asked inside the query that finds and locks the unit."""
    client.force_login(staff)
    first, second = shipped_kit.units.order_by("pk")[:2]
    scan(client, shipped_kit, first.asset_tag, uuid.uuid4())
    with CaptureQueriesContext(connection) as captured:
        assert scan(client, shipped_kit, second.asset_tag, uuid.uuid4()).json()["outcome"] == "received"
    lookups = [q["sql"] for q in captured.captured_queries if "logistics_unexpectedscan" in q["sql"]]
    assert len(lookups) == 1
    assert "inventory_unit" in lookups[0]
    assert not any("logistics_unexpectedscan" in q["sql"] and "inventory_unit" not in q["sql"]
                   for q in captured.captured_queries)
