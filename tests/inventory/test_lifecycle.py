"""A unit's status changes only through lifecycle.change_status: legal steps append an event,
illegal ones are refused with a message naming both statuses."""

import uuid
from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from inventory import lifecycle
from inventory.models import AppendOnly, Unit, UnitEvent
from tests import factories
from tests.races import assert_the_database_can_race, taken_and_refused

S = Unit.Status
LEGAL = sorted((old, new) for old, targets in lifecycle.ALLOWED.items() for new in targets)
ILLEGAL = sorted((old, new) for old in S for new in S if new not in lifecycle.ALLOWED[old])


def unit_in(status, holder):
    """A unit brought to `status` by writing its row directly: only the test's arrangement does this."""
    [unit] = lifecycle.create_units([lifecycle.NewUnit(factories.item().pk, "SN-1", holder.pk)], by=None)
    Unit.objects.filter(pk=unit.pk).update(status=status)
    return Unit.objects.get(pk=unit.pk)


def test_the_table_covers_every_status():
    assert set(lifecycle.ALLOWED) == set(S)


@pytest.mark.parametrize(("old", "new"), LEGAL)
def test_a_legal_step_changes_the_status_and_appends_one_event(db, school, officer, old, new):
    unit = unit_in(old, school)
    before = unit.events.count()
    event = lifecycle.change_status(unit.pk, new, by=officer, note="checked", reference="WB-1")
    unit.refresh_from_db()
    assert unit.status == new
    assert unit.events.count() == before + 1
    assert (event.old_status, event.new_status, event.actor, event.note) == (old, new, officer, "checked")


@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_an_illegal_step_is_refused_and_names_the_transition(db, school, officer, old, new):
    unit = unit_in(old, school)
    before = unit.events.count()
    with pytest.raises(lifecycle.TransitionNotAllowed) as refused:
        lifecycle.change_status(unit.pk, new, by=officer)
    message = str(refused.value)
    assert unit.display_tag in message
    assert str(S(old).label) in message and str(S(new).label) in message
    unit.refresh_from_db()
    assert unit.status == old
    assert unit.events.count() == before


@pytest.mark.django_db(transaction=True)
def test_it_writes_neither_event_nor_status_when_saving_the_unit_fails(school, officer):
    # Its own transaction, as in use: inside a caller's, a failure fails the caller's whole transaction.
    unit = unit_in(S.IN_TRANSIT, school)
    with mock.patch.object(Unit, "save", side_effect=RuntimeError("disk full")), pytest.raises(RuntimeError):
        lifecycle.change_status(unit.pk, S.RECEIVED, by=officer)
    unit.refresh_from_db()
    assert unit.status == S.IN_TRANSIT
    assert not unit.events.filter(new_status=S.RECEIVED).exists()


def test_it_refuses_a_transfer_without_a_new_holder(db, school, officer):
    unit = unit_in(S.RECEIVED, school)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.change_status(unit.pk, S.TRANSFERRED, by=officer, holder_id=None)
    assert Unit.objects.get(pk=unit.pk).status == S.RECEIVED


def test_it_moves_the_holder_with_a_transfer(db, school, other_school, officer):
    unit = unit_in(S.RECEIVED, school)
    lifecycle.change_status(unit.pk, S.TRANSFERRED, by=officer, holder_id=other_school.pk)
    assert Unit.objects.get(pk=unit.pk).holder == other_school


def test_it_ignores_the_same_scan_sent_twice(db, school, officer):
    unit = unit_in(S.IN_TRANSIT, school)
    scan = uuid.uuid4()
    first = lifecycle.change_status(unit.pk, S.RECEIVED, by=officer, scan_id=scan)
    again = lifecycle.change_status(unit.pk, S.RECEIVED, by=officer, scan_id=scan)
    assert first.pk == again.pk
    assert (first.resent, again.resent) == (False, True)
    assert unit.events.filter(new_status=S.RECEIVED).count() == 1


def test_a_unit_asked_to_stay_as_it_is_is_left_unchanged(db, school, officer):
    unit = unit_in(S.DAMAGED, school)
    with pytest.raises(lifecycle.Unchanged) as caught:
        lifecycle.change_status(unit.pk, S.RECEIVED, by=officer, unless={S.DAMAGED})
    assert caught.value.status == S.DAMAGED
    assert Unit.objects.get(pk=unit.pk).status == S.DAMAGED
    assert not unit.events.filter(new_status=S.RECEIVED).exists()


def test_a_scan_id_used_for_another_unit_is_refused_by_the_unique_index(db, school, officer):
    first, second = unit_in(S.IN_TRANSIT, school), unit_in(S.IN_TRANSIT, school)
    scan = uuid.uuid4()
    lifecycle.change_status(first.pk, S.RECEIVED, by=officer, scan_id=scan)
    with pytest.raises(IntegrityError), transaction.atomic():
        lifecycle.change_status(second.pk, S.RECEIVED, by=officer, scan_id=scan)
    assert Unit.objects.get(pk=second.pk).status == S.IN_TRANSIT


def test_a_unit_locked_by_the_caller_is_not_read_again(db, school, officer, django_assert_num_queries):
    unit = unit_in(S.IN_TRANSIT, school)
    with transaction.atomic():
        [locked] = lifecycle.lock(Unit.objects.filter(pk=unit.pk))
        with django_assert_num_queries(2):  # the event and the unit's new status; no second lock
            lifecycle.change_status(locked, S.RECEIVED, by=officer, locked=True)
    assert Unit.objects.get(pk=unit.pk).status == S.RECEIVED


def test_a_refused_step_is_not_answered_with_another_units_event(db, school, officer):
    first, second = unit_in(S.IN_TRANSIT, school), unit_in(S.RECEIVED, school)
    scan = uuid.uuid4()
    lifecycle.change_status(first.pk, S.RECEIVED, by=officer, scan_id=scan)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.change_status(second.pk, S.RECEIVED, by=officer, scan_id=scan)


def test_many_units_change_all_or_none(db, school, officer):
    moving = unit_in(S.EXPECTED, school)
    stuck = unit_in(S.WRITTEN_OFF, school)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.change_status_many([moving.pk, stuck.pk], S.IN_TRANSIT, by=officer)
    assert Unit.objects.get(pk=moving.pk).status == S.EXPECTED
    assert not UnitEvent.objects.filter(new_status=S.IN_TRANSIT).exists()


def test_a_doubled_serial_fails_the_whole_batch(db, school, officer):
    item = factories.item()
    with pytest.raises(IntegrityError), transaction.atomic():
        lifecycle.create_units([lifecycle.NewUnit(item.pk, s, school.pk) for s in ("A", "B", "A")], by=officer)
    assert not Unit.objects.filter(item=item).exists()


def test_new_units_start_expected_with_a_first_event(db, school, officer):
    item = factories.item()
    units = lifecycle.create_units(
        [lifecycle.NewUnit(item.pk, f"SN-{i}", school.pk) for i in range(5)], by=officer, reference="WB-9")
    assert {u.status for u in Unit.objects.filter(pk__in=[u.pk for u in units])} == {S.EXPECTED}
    events = UnitEvent.objects.filter(unit_id__in=[u.pk for u in units])
    assert events.count() == 5
    assert {(u.serial, u.asset_tag) for u in units} == set(
        Unit.objects.filter(pk__in=[u.pk for u in units]).values_list("serial", "asset_tag"))
    assert {(e.old_status, e.new_status, e.reference) for e in events} == {("", S.EXPECTED, "WB-9")}


def test_events_are_never_edited_or_deleted(db, school, officer):
    unit = unit_in(S.IN_TRANSIT, school)
    event = lifecycle.change_status(unit.pk, S.RECEIVED, by=officer)
    event.note = "rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        UnitEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(AppendOnly):
        UnitEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_two_phones_receiving_one_unit_at_once_give_one_received_event(school, officer):
    unit = unit_in(S.IN_TRANSIT, school)
    receive = lambda: lifecycle.change_status(unit.pk, S.RECEIVED, by=officer, scan_id=uuid.uuid4())  # noqa: E731
    assert taken_and_refused([receive, receive], lifecycle.TransitionNotAllowed) == (1, 1)
    assert UnitEvent.objects.filter(unit=unit, new_status=S.RECEIVED).count() == 1
    assert_the_database_can_race()


def test_history_recorded_after_the_fact_keeps_its_own_date(school, officer):
    from datetime import datetime

    from django.utils import timezone

    then = timezone.make_aware(datetime(2024, 10, 3, 11, 0))
    unit = unit_in(S.IN_TRANSIT, school)
    event = lifecycle.change_status(unit.pk, S.RECEIVED, by=officer, at=then)
    assert UnitEvent.objects.get(pk=event.pk).at == then
    later = lifecycle.change_status(unit.pk, S.INSTALLED, by=officer)  # a person's step now: dated now
    assert later.at > then
