"""Transfers between institutions: a school hands units to another, an officer approves, the
receiver scans them in on the receipt page and may refuse one; every bad input is refused whole."""

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from inventory import lifecycle
from inventory.models import Unit, UnitEvent
from logistics import receiving, transfers
from logistics.models import Shipment, TransferEvent, TransferLine, TransferOrder
from tests import factories

from .transfer_world import units_at

U = Unit.Status
T = TransferOrder.Status


@pytest.fixture
def kit(school, staff):
    return units_at(school, 3, by=staff)


def propose(kit, to, by, n=2):
    return transfers.propose(kit[0].holder_id, to.pk, [u.pk for u in kit[:n]], by=by, reason="Class closed")


def scan(unit, shipment, by):
    return receiving.receive_scan(shipment.pk, unit.asset_tag, scan_id=uuid.uuid4(), by=by)


def test_a_transfer_from_proposal_to_receipt_with_a_refused_unit(kit, school, other_school, staff, outsider,
                                                                officer):
    order = propose(kit, other_school, staff)
    assert order.status == T.PROPOSED
    transfers.approve(order.pk, by=officer)
    order = transfers.dispatch(order.pk, by=staff)
    shipment = order.shipment
    assert (order.status, shipment.status, shipment.origin_id) == (T.DISPATCHED, Shipment.Status.DISPATCHED,
                                                                     school.pk)
    taken, refused = Unit.objects.filter(pk__in=[kit[0].pk, kit[1].pk]).order_by("pk")
    assert {taken.status, refused.status} == {U.IN_TRANSIT}
    assert taken.holder_id == school.pk  # the holder changes only on receipt

    assert scan(taken, shipment, outsider).outcome == receiving.Outcome.RECEIVED
    transfers.refuse_unit(shipment.pk, refused.pk, by=outsider, reason="Screen cracked")
    transfers.close_receipt(shipment.pk, by=outsider)

    order.refresh_from_db()
    shipment.refresh_from_db()
    taken.refresh_from_db()
    refused.refresh_from_db()
    assert order.status == T.CLOSED
    assert shipment.status == Shipment.Status.CLOSED_WITH_DISCREPANCIES
    assert (taken.status, taken.holder_id) == (U.RECEIVED, other_school.pk)
    assert (refused.status, refused.holder_id) == (U.RECEIVED, school.pk)
    assert not TransferLine.objects.filter(order=order, open=True).exists()
    path = list(UnitEvent.objects.filter(unit=taken).order_by("at", "pk").values_list("new_status", "reference"))
    assert path[-3:] == [(U.TRANSFERRED, order.number), (U.IN_TRANSIT, order.number), (U.RECEIVED, order.number)]
    refusal = UnitEvent.objects.filter(unit=refused).latest("pk")
    assert "Screen cracked" in refusal.note and refusal.place_id == school.pk
    summary = receiving.receipt_summary(shipment)
    assert [r["tag"] for r in summary["refused"]] == [refused.display_tag]
    assert [r["tag"] for r in summary["received"]] == [taken.display_tag]
    assert list(order.events.values_list("action", flat=True)) == [
        "proposed", "approved", "dispatched", "unit_refused", "closed"]


def test_an_officer_proposes_for_any_institution_and_a_manager_approves(kit, other_school, officer, manager):
    order = propose(kit, other_school, officer)
    transfers.approve(order.pk, by=manager)
    assert transfers.dispatch(order.pk, by=officer).status == T.DISPATCHED


def test_without_required_approval_the_sender_dispatches_a_proposal_at_once(kit, other_school, staff, settings):
    settings.TRANSFERS_NEED_APPROVAL = False
    order = propose(kit, other_school, staff)
    assert transfers.dispatch(order.pk, by=staff).status == T.DISPATCHED


def test_a_rejected_or_cancelled_transfer_frees_its_units(kit, other_school, staff, officer):
    first = propose(kit, other_school, staff)
    transfers.reject(first.pk, by=officer, note="Not this term")
    second = propose(kit, other_school, staff)
    transfers.cancel(second.pk, by=staff)
    assert propose(kit, other_school, staff).status == T.PROPOSED


# Bad input: a clear message, nothing changed.

def refused_whole(call, message):
    before = (TransferOrder.objects.count(), TransferLine.objects.count(), TransferEvent.objects.count(),
              UnitEvent.objects.count(), Shipment.objects.count())
    with pytest.raises(transfers.TransferError, match=message):
        call()
    assert before == (TransferOrder.objects.count(), TransferLine.objects.count(), TransferEvent.objects.count(),
                      UnitEvent.objects.count(), Shipment.objects.count())


def test_a_unit_not_held_by_the_sender_is_refused(kit, school, other_school, staff):
    elsewhere = units_at(other_school, 1)[0]
    third = factories.institution("School No. 30")
    refused_whole(lambda: transfers.propose(school.pk, third.pk, [kit[0].pk, elsewhere.pk], by=staff, reason="x"),
                  f"Unit {elsewhere.display_tag} is not held by School No. 7")


def test_a_unit_in_transit_is_refused(school, other_school, staff):
    on_its_way = factories.shipment(school, units=1).units.get()
    refused_whole(lambda: transfers.propose(school.pk, other_school.pk, [on_its_way.pk], by=staff, reason="x"),
                  "is in transit")


def test_a_written_off_or_damaged_unit_is_refused(school, other_school, staff):
    written_off = units_at(school, 1, status=U.WRITTEN_OFF)[0]
    damaged = units_at(school, 1, status=U.DAMAGED)[0]
    refused_whole(lambda: transfers.propose(school.pk, other_school.pk, [written_off.pk], by=staff, reason="x"),
                  "is written off")
    refused_whole(lambda: transfers.propose(school.pk, other_school.pk, [damaged.pk], by=staff, reason="x"),
                  "is damaged; repair it or write it off")


def test_a_unit_already_in_another_open_transfer_is_refused(kit, other_school, staff):
    first = propose(kit, other_school, staff)
    third = factories.institution("School No. 31")
    refused_whole(lambda: propose(kit, third, staff), f"already in transfer {first.number}")


def test_the_database_keeps_a_unit_in_one_open_transfer(kit, other_school, staff):
    first = propose(kit, other_school, staff)
    second = TransferOrder.objects.create(origin_id=kit[0].holder_id, destination=other_school, reason="x",
                                          proposed_by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        TransferLine.objects.create(order=second, unit=kit[0])
    assert first.lines.count() == 2


def test_a_transfer_to_the_same_institution_is_refused(kit, school, staff):
    refused_whole(lambda: propose(kit, school, staff), "choose a destination other than the sender")
    with pytest.raises(IntegrityError), transaction.atomic():
        TransferOrder.objects.create(origin=school, destination=school, reason="x", proposed_by=staff)


def test_the_proposer_may_not_approve_when_approval_is_required(kit, other_school, officer):
    order = propose(kit, other_school, officer)
    refused_whole(lambda: transfers.approve(order.pk, by=officer), "was proposed by you")
    order.refresh_from_db()
    assert order.status == T.PROPOSED


def test_a_proposal_is_not_dispatched_before_approval(kit, other_school, staff):
    order = propose(kit, other_school, staff)
    refused_whole(lambda: transfers.dispatch(order.pk, by=staff), "must be approved before it is dispatched")


def test_a_transfer_is_dispatched_once(kit, other_school, staff, officer):
    order = propose(kit, other_school, staff)
    transfers.approve(order.pk, by=officer)
    transfers.dispatch(order.pk, by=staff)
    refused_whole(lambda: transfers.dispatch(order.pk, by=staff), "cannot go from “Dispatched” to “Dispatched”")


def test_a_unit_broken_after_approval_stops_the_dispatch(kit, other_school, staff, officer):
    order = propose(kit, other_school, staff)
    transfers.approve(order.pk, by=officer)
    lifecycle.change_status(kit[0].pk, U.DAMAGED, by=staff)
    refused_whole(lambda: transfers.dispatch(order.pk, by=staff), "is damaged")


def test_the_receipt_is_not_found_at_another_institution(kit, school, other_school, staff, officer):
    order = propose(kit, other_school, staff)
    transfers.approve(order.pk, by=officer)
    shipment = transfers.dispatch(order.pk, by=staff).shipment
    before = UnitEvent.objects.count()
    with pytest.raises(Http404):
        scan(kit[0], shipment, staff)  # the sender's staff cannot receive their own transfer
    assert UnitEvent.objects.count() == before


def test_a_received_unit_can_no_longer_be_refused(kit, other_school, staff, outsider, officer):
    order = propose(kit, other_school, staff)
    transfers.approve(order.pk, by=officer)
    shipment = transfers.dispatch(order.pk, by=staff).shipment
    scan(kit[0], shipment, outsider)
    refused_whole(lambda: transfers.refuse_unit(shipment.pk, kit[0].pk, by=outsider, reason="No"),
                  "can no longer be refused")
    refused_whole(lambda: transfers.refuse_unit(shipment.pk, kit[1].pk, by=outsider, reason="  "),
                  "Say why the unit is refused")


def test_a_refused_unit_scanned_or_reported_damaged_afterwards_stays_with_the_sender(kit, school, other_school,
                                                                                     staff, outsider, officer):
    order = propose(kit, other_school, staff)
    transfers.approve(order.pk, by=officer)
    shipment = transfers.dispatch(order.pk, by=staff).shipment
    transfers.refuse_unit(shipment.pk, kit[0].pk, by=outsider, reason="Not ours")
    before = UnitEvent.objects.count()
    result = scan(kit[0], shipment, outsider)
    assert (result.outcome, result.status) == (receiving.Outcome.REFUSED, "refused")
    assert "was refused at this receipt" in result.message
    with pytest.raises(lifecycle.TransitionNotAllowed, match="was refused at this receipt"):
        receiving.mark_damaged(shipment, kit[0], by=outsider, note="Cracked")
    kit[0].refresh_from_db()
    assert (UnitEvent.objects.count(), kit[0].holder_id, kit[0].status) == (before, school.pk, U.RECEIVED)
