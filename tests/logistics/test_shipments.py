"""A shipment's life: drafted, dispatched once, followed as units arrive, closed with what never came,
its act signed. Every step goes through logistics.shipments and leaves a ShipmentEvent naming who took it;
every step that moves units goes through the unit life cycle, so each leaves unit events behind too."""

import pytest

from inventory import lifecycle
from inventory.models import Item, Unit, UnitEvent
from logistics import shipments as service
from logistics.models import Shipment, ShipmentEvent, ShipmentLine
from tests import factories
from tests.races import taken_and_refused

S = Shipment.Status
A = ShipmentEvent.Action
U = Unit.Status


def receive(shipment, *units, by, status=U.RECEIVED):
    for unit in units:
        lifecycle.change_status(unit.pk, status, by=by, place_id=shipment.destination_id, shipment_id=shipment.pk)
    return service.note_receipt_progress(shipment.pk, by=by)


def history(shipment):
    return [(e.action, e.old_status, e.new_status, e.actor.username if e.actor else None)
            for e in ShipmentEvent.objects.filter(shipment=shipment).order_by("at", "pk")]


def test_a_delivery_from_draft_to_signed_act_leaves_its_whole_story(school, officer, staff):
    draft = factories.shipment(school, units=2, dispatched=False, by=officer)
    service.dispatch(draft.pk, by=officer)
    first, second = draft.units.order_by("pk")
    receive(draft, first, by=staff)
    receive(draft, second, by=staff)
    service.close_receipt(draft.pk, by=staff, note="All in order")
    draft.refresh_from_db()
    service.record_act_signed(draft, by=staff, note="ACT-1")
    assert history(draft) == [
        (A.CREATED, "", S.DRAFT, "officer"),
        (A.DISPATCHED, S.DRAFT, S.DISPATCHED, "officer"),
        (A.FIRST_ARRIVAL, S.DISPATCHED, S.PARTIALLY_RECEIVED, "staff"),
        (A.ALL_ARRIVED, S.PARTIALLY_RECEIVED, S.ARRIVED, "staff"),
        (A.CLOSED, S.ARRIVED, S.RECEIVED, "staff"),
        (A.ACT_SIGNED, S.RECEIVED, S.RECEIVED, "staff"),
    ]
    assert ShipmentEvent.objects.get(shipment=draft, action=A.CLOSED).note == "All in order"


def test_dispatching_a_draft_puts_every_unit_in_transit_with_an_event(school, officer):
    draft = factories.shipment(school, units=3, dispatched=False, by=officer)
    shipment = service.dispatch(draft.pk, by=officer)
    assert shipment.status == S.DISPATCHED and shipment.dispatched_at is not None
    assert set(shipment.units.values_list("status", flat=True)) == {U.IN_TRANSIT}
    moved = UnitEvent.objects.filter(shipment_id=shipment.pk, new_status=U.IN_TRANSIT)
    assert moved.count() == 3
    assert {e.actor for e in moved} == {officer}
    assert {e.reference for e in moved} == {shipment.waybill_number}
    assert ShipmentEvent.objects.get(shipment=shipment, action=A.DISPATCHED).actor == officer


def test_it_dispatches_a_shipment_only_once(shipped_kit, officer):
    with pytest.raises(service.ShipmentStateError, match=shipped_kit.waybill_number) as refused:
        service.dispatch(shipped_kit.pk, by=officer)
    assert "Dispatched" in str(refused.value)  # names the status it is in, and the one refused
    assert UnitEvent.objects.filter(shipment_id=shipped_kit.pk, new_status=U.IN_TRANSIT).count() == 3
    assert ShipmentEvent.objects.filter(shipment=shipped_kit, action=A.DISPATCHED).count() == 1


def test_it_refuses_to_dispatch_a_shipment_without_lines(school, officer):
    empty = factories.shipment(school, units=0, dispatched=False, by=officer)
    with pytest.raises(service.ShipmentStateError):
        service.dispatch(empty.pk, by=officer)
    empty.refresh_from_db()
    assert empty.status == S.DRAFT
    assert not ShipmentEvent.objects.filter(shipment=empty, action=A.DISPATCHED).exists()


def test_the_first_arrival_makes_it_partially_received_and_the_last_one_arrived(shipped_kit, staff):
    first, *rest = shipped_kit.units.order_by("pk")
    assert receive(shipped_kit, first, by=staff).status == S.PARTIALLY_RECEIVED
    assert receive(shipped_kit, *rest, by=staff).status == S.ARRIVED
    shipped_kit.refresh_from_db()
    assert shipped_kit.receipt_is_open and not shipped_kit.is_closed and shipped_kit.closed_at is None


def test_a_damaged_unit_has_arrived_and_is_a_discrepancy_at_closing(shipped_kit, staff):
    first, second, third = shipped_kit.units.order_by("pk")
    receive(shipped_kit, first, second, by=staff)
    assert receive(shipped_kit, third, by=staff, status=U.DAMAGED).status == S.ARRIVED
    counts = service.receipt_counts(shipped_kit)
    assert (counts["units_arrived"], counts["units_damaged"], counts["units_outstanding"]) == (3, 1, 0)
    assert service.close_receipt(shipped_kit.pk, by=staff).status == S.CLOSED_WITH_DISCREPANCIES


def test_closing_the_receipt_makes_what_never_arrived_missing(shipped_kit, staff):
    first, second, _ = shipped_kit.units.order_by("pk")
    receive(shipped_kit, first, by=staff)
    closed = service.close_receipt(shipped_kit.pk, by=staff, note="Two boxes were not on the lorry")
    assert closed.status == S.CLOSED_WITH_DISCREPANCIES and closed.closed_at is not None
    assert [u.status for u in shipped_kit.units.order_by("pk")] == [U.RECEIVED, U.MISSING, U.MISSING]
    missing = UnitEvent.objects.get(unit=second, new_status=U.MISSING)
    assert missing.note == "Two boxes were not on the lorry"
    assert missing.place_id == shipped_kit.destination_id
    assert ShipmentEvent.objects.get(shipment=shipped_kit, action=A.CLOSED).actor.username == "staff"


def test_a_receipt_closed_before_anything_arrived_is_all_missing(shipped_kit, staff):
    assert service.close_receipt(shipped_kit.pk, by=staff).status == S.CLOSED_WITH_DISCREPANCIES
    assert set(shipped_kit.units.values_list("status", flat=True)) == {U.MISSING}


def test_a_complete_receipt_closes_as_received(shipped_kit, staff):
    receive(shipped_kit, *shipped_kit.units.all(), by=staff)
    assert service.close_receipt(shipped_kit.pk, by=staff).status == S.RECEIVED


def test_a_short_count_of_packs_closes_with_discrepancies(school, officer, staff):
    shipment = factories.shipment(school, units=1, counted=10, by=officer)
    line = shipment.lines.get(item__tracking=Item.Tracking.COUNTED)
    ShipmentLine.objects.filter(pk=line.pk).update(quantity_received=8)
    assert receive(shipment, *shipment.units.all(), by=staff).status == S.PARTIALLY_RECEIVED
    assert service.close_receipt(shipment.pk, by=staff).status == S.CLOSED_WITH_DISCREPANCIES


def test_a_count_corrected_downwards_reopens_a_complete_receipt(school, officer, staff):
    shipment = factories.shipment(school, units=0, counted=10, by=officer)
    line = shipment.lines.get()
    ShipmentLine.objects.filter(pk=line.pk).update(quantity_received=10)
    assert service.note_receipt_progress(shipment.pk, by=staff).status == S.ARRIVED
    ShipmentLine.objects.filter(pk=line.pk).update(quantity_received=7)
    assert service.note_receipt_progress(shipment.pk, by=staff).status == S.PARTIALLY_RECEIVED
    assert [e[0] for e in history(shipment)][-2:] == [A.ALL_ARRIVED, A.RECEIPT_REOPENED]


def test_a_draft_or_a_closed_receipt_cannot_be_closed(school, officer, shipped_kit, staff):
    draft = factories.shipment(school, units=1, dispatched=False, by=officer)
    with pytest.raises(service.ShipmentStateError, match=draft.waybill_number):
        service.close_receipt(draft.pk, by=officer)
    service.close_receipt(shipped_kit.pk, by=staff)
    with pytest.raises(service.ShipmentStateError):
        service.close_receipt(shipped_kit.pk, by=staff)
    assert ShipmentEvent.objects.filter(shipment=shipped_kit, action=A.CLOSED).count() == 1


def test_progress_on_a_closed_shipment_changes_nothing(shipped_kit, staff):
    service.close_receipt(shipped_kit.pk, by=staff)
    before = ShipmentEvent.objects.filter(shipment=shipped_kit).count()
    assert service.note_receipt_progress(shipped_kit.pk, by=staff).status == S.CLOSED_WITH_DISCREPANCIES
    assert ShipmentEvent.objects.filter(shipment=shipped_kit).count() == before


def test_an_act_cannot_be_recorded_before_the_receipt_is_closed(shipped_kit, staff):
    with pytest.raises(service.ShipmentStateError):
        service.record_act_signed(shipped_kit, by=staff)
    assert not ShipmentEvent.objects.filter(shipment=shipped_kit, action=A.ACT_SIGNED).exists()


LEGAL = [(old, new) for old, targets in service.ALLOWED.items() for new in targets]
ILLEGAL = [(old, new) for old in S for new in S if new not in service.ALLOWED[old]]


@pytest.mark.parametrize(("old", "new"), LEGAL)
def test_every_step_the_table_allows_is_taken(old, new):
    service.check_transition(Shipment(waybill_number="WB-1", status=old), new)


@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_every_step_the_table_forbids_is_refused_naming_both_statuses(old, new):
    with pytest.raises(service.ShipmentStateError) as refused:
        service.check_transition(Shipment(waybill_number="WB-1", status=old), new)
    assert str(S(old).label) in str(refused.value) and str(S(new).label) in str(refused.value)


def test_the_predicates_follow_the_status_groups():
    for status in S:
        shipment = Shipment(status=status)
        assert shipment.is_draft == (status == S.DRAFT)
        assert shipment.receipt_is_open == (status in {S.DISPATCHED, S.PARTIALLY_RECEIVED, S.ARRIVED})
        assert shipment.is_closed == (status in {S.RECEIVED, S.CLOSED_WITH_DISCREPANCIES})
        assert service.can_dispatch(shipment) == (status == S.DRAFT)


def test_shipment_events_are_append_only(shipped_kit):
    from inventory.models import AppendOnly

    event = ShipmentEvent.objects.filter(shipment=shipped_kit).first()
    event.note = "rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        ShipmentEvent.objects.filter(shipment=shipped_kit).update(note="x")
    with pytest.raises(AppendOnly):
        ShipmentEvent.objects.filter(shipment=shipped_kit).delete()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_phones_closing_one_receipt_at_once_close_it_once(school, officer, staff):
    shipment = factories.shipment(school, units=3, by=officer)
    close = lambda: service.close_receipt(shipment.pk, by=staff)  # noqa: E731
    assert taken_and_refused([close, close], service.ShipmentStateError) == (1, 1)
    assert ShipmentEvent.objects.filter(shipment=shipment, action=A.CLOSED).count() == 1
    assert UnitEvent.objects.filter(shipment_id=shipment.pk, new_status=U.MISSING).count() == 3


def test_the_shipment_page_shows_its_history_and_no_counted_line_it_does_not_have(client, school, officer):
    draft = factories.shipment(school, units=2, dispatched=False, by=officer)
    service.dispatch(draft.pk, by=officer)
    client.force_login(officer)
    page = client.get(draft.get_absolute_url()).content.decode()
    history = page.split('data-testid="shipment-history"')[1]
    assert history.index("Created") < history.index("Dispatched") and "Officer" in history
    assert "Counted items received" not in page  # it carries no counted items
