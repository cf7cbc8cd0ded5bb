"""Two phones scanning at the same moment: exactly one receipt event per unit and no errors, on
SQLite (WAL, IMMEDIATE transactions, busy timeout) and on PostgreSQL (row locks)."""

import uuid

import pytest

from inventory.models import Unit, UnitEvent
from logistics import receiving
from logistics.models import Shipment
from tests.races import assert_the_database_can_race, race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_phones_scanning_the_same_unit_give_one_receipt(shipped_kit, staff):
    unit = shipped_kit.units.first()
    jobs = [lambda: receiving.receive_scan(shipped_kit.pk, unit.asset_tag, scan_id=uuid.uuid4(), by=staff)
            for _ in range(4)]
    results, errors = race(jobs)
    assert errors == []
    assert sorted(r.outcome for r in results) == ["already_received"] * 3 + ["received"]
    assert UnitEvent.objects.filter(unit=unit, new_status=Unit.Status.RECEIVED).count() == 1
    assert_the_database_can_race()


def test_a_scan_resent_while_the_first_is_in_flight_counts_once(shipped_kit, staff):
    unit = shipped_kit.units.first()
    scan_id = uuid.uuid4()
    results, errors = race([lambda: receiving.receive_scan(shipped_kit.pk, unit.asset_tag, scan_id=scan_id, by=staff)
                            for _ in range(3)])
    assert errors == []
    assert {r.outcome for r in results} == {"received"}
    assert UnitEvent.objects.filter(scan_id=scan_id).count() == 1


def test_two_phones_scanning_one_shipment_receive_every_unit_once(shipped_kit, staff):
    units = list(shipped_kit.units.all())
    jobs = [lambda u=u: receiving.receive_scan(shipped_kit.pk, u.asset_tag, scan_id=uuid.uuid4(), by=staff)
            for u in units + units]
    results, errors = race(jobs)
    assert errors == []
    assert sorted(r.outcome for r in results) == ["already_received"] * 3 + ["received"] * 3
    for unit in units:
        assert UnitEvent.objects.filter(unit=unit, new_status=Unit.Status.RECEIVED).count() == 1
    shipped_kit.refresh_from_db()
    assert shipped_kit.status == Shipment.Status.ARRIVED


def test_a_scan_while_another_phone_closes_the_receipt_does_not_deadlock(shipped_kit, staff):
    from logistics.shipments import close_receipt

    unit = shipped_kit.units.first()

    def scan():
        try:
            return receiving.receive_scan(shipped_kit.pk, unit.asset_tag, scan_id=uuid.uuid4(), by=staff).outcome
        except receiving.ReceiptNotOpen:
            return "closed first"

    results, errors = race([scan, lambda: close_receipt(shipped_kit.pk, by=staff)])
    assert errors == []
    assert results[0] in {"received", "closed first"}
    assert Unit.objects.get(pk=unit.pk).status == (Unit.Status.RECEIVED if results[0] == "received"
                                                   else Unit.Status.MISSING)
