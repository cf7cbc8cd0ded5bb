"""A shipment's own status: dispatched once, followed as units arrive, closed with what never came.

Every step that moves units goes through the unit life cycle, so each leaves events behind."""

import pytest

from inventory import lifecycle
from inventory.models import Item, Unit, UnitEvent
from logistics import shipments as service
from logistics.models import Shipment, ShipmentLine
from tests import factories

S = Shipment.Status
U = Unit.Status


def receive(shipment, *units, by, status=U.RECEIVED):
    for unit in units:
        lifecycle.change_status(unit.pk, status, by=by, place_id=shipment.destination_id, shipment_id=shipment.pk)
    return service.note_receipt_progress(shipment.pk)


def test_dispatching_a_draft_puts_every_unit_in_transit_with_an_event(school, officer):
    draft = factories.shipment(school, units=3, dispatched=False, by=officer)
    shipment = service.dispatch(draft.pk, by=officer)
    assert shipment.status == S.DISPATCHED and shipment.dispatched_at is not None
    assert set(shipment.units.values_list("status", flat=True)) == {U.IN_TRANSIT}
    moved = UnitEvent.objects.filter(shipment_id=shipment.pk, new_status=U.IN_TRANSIT)
    assert moved.count() == 3
    assert {e.actor for e in moved} == {officer}
    assert {e.reference for e in moved} == {shipment.waybill_number}


def test_it_dispatches_a_shipment_only_once(shipped_kit, officer):
    with pytest.raises(service.ShipmentStateError, match=shipped_kit.waybill_number):
        service.dispatch(shipped_kit.pk, by=officer)
    assert UnitEvent.objects.filter(shipment_id=shipped_kit.pk, new_status=U.IN_TRANSIT).count() == 3


def test_it_refuses_to_dispatch_a_shipment_without_lines(school, officer):
    empty = factories.shipment(school, units=0, dispatched=False, by=officer)
    with pytest.raises(service.ShipmentStateError):
        service.dispatch(empty.pk, by=officer)
    empty.refresh_from_db()
    assert empty.status == S.DRAFT


def test_the_first_scan_makes_it_partially_received_and_the_last_one_received(shipped_kit, staff):
    first, *rest = shipped_kit.units.order_by("pk")
    assert receive(shipped_kit, first, by=staff).status == S.PARTIALLY_RECEIVED
    assert receive(shipped_kit, *rest, by=staff).status == S.RECEIVED


def test_a_damaged_unit_keeps_the_shipment_from_being_simply_received(shipped_kit, staff):
    first, second, third = shipped_kit.units.order_by("pk")
    receive(shipped_kit, first, second, by=staff)
    assert receive(shipped_kit, third, by=staff, status=U.DAMAGED).status == S.PARTIALLY_RECEIVED
    closed = service.close_receipt(shipped_kit.pk, by=staff)
    assert closed.status == S.CLOSED_WITH_DISCREPANCIES


def test_closing_the_receipt_makes_what_never_arrived_missing(shipped_kit, staff):
    first, second, _ = shipped_kit.units.order_by("pk")
    receive(shipped_kit, first, by=staff)
    closed = service.close_receipt(shipped_kit.pk, by=staff, note="Two boxes were not on the lorry")
    assert closed.status == S.CLOSED_WITH_DISCREPANCIES and closed.closed_at is not None
    assert [u.status for u in shipped_kit.units.order_by("pk")] == [U.RECEIVED, U.MISSING, U.MISSING]
    missing = UnitEvent.objects.get(unit=second, new_status=U.MISSING)
    assert missing.note == "Two boxes were not on the lorry"
    assert missing.place_id == shipped_kit.destination_id


def test_a_complete_receipt_closes_as_received(shipped_kit, staff):
    receive(shipped_kit, *shipped_kit.units.all(), by=staff)
    assert service.close_receipt(shipped_kit.pk, by=staff).status == S.RECEIVED


def test_a_short_count_of_packs_closes_with_discrepancies(school, officer, staff):
    shipment = factories.shipment(school, units=1, counted=10, by=officer)
    line = shipment.lines.get(item__tracking=Item.Tracking.COUNTED)
    ShipmentLine.objects.filter(pk=line.pk).update(quantity_received=8)
    receive(shipment, *shipment.units.all(), by=staff)
    assert service.close_receipt(shipment.pk, by=staff).status == S.CLOSED_WITH_DISCREPANCIES


def test_a_draft_or_a_closed_receipt_cannot_be_closed(school, officer, shipped_kit, staff):
    draft = factories.shipment(school, units=1, dispatched=False, by=officer)
    with pytest.raises(service.ShipmentStateError, match=draft.waybill_number):
        service.close_receipt(draft.pk, by=officer)
    service.close_receipt(shipped_kit.pk, by=staff)
    with pytest.raises(service.ShipmentStateError):
        service.close_receipt(shipped_kit.pk, by=staff)


def test_progress_on_a_closed_shipment_changes_nothing(shipped_kit, staff):
    service.close_receipt(shipped_kit.pk, by=staff)
    assert service.note_receipt_progress(shipped_kit.pk).status == S.CLOSED_WITH_DISCREPANCIES
