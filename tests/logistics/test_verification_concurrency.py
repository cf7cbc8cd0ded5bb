"""Two phones at once on one visit: closed once, each unit settled once; the same answer sent
twice while the first is in flight is recorded once. On SQLite (WAL, IMMEDIATE) and PostgreSQL."""

import uuid

import pytest

from inventory import lifecycle
from inventory.models import Unit, UnitEvent
from logistics import verification
from logistics.models import Finding, VerificationEvent
from tests import factories
from tests.races import assert_the_database_can_race, race, taken_and_refused

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def visit(school, staff, manager, monitor):
    for unit in factories.shipment(school, units=3).units.all():
        lifecycle.change_status(unit.pk, Unit.Status.RECEIVED, by=staff)
    round_ = verification.open_round(name="Race", by=manager, selection="list", institution_ids=[school.pk])
    return verification.start_visit(round_.pk, school.pk, by=monitor)


def test_the_same_visit_closed_from_two_phones_closes_once(visit, monitor):
    taken, refused = taken_and_refused([lambda: verification.close_visit(visit.pk, by=monitor)] * 2,
                                       verification.VerificationError)
    assert (taken, refused) == (1, 1)
    assert VerificationEvent.objects.filter(visit=visit, action="visit_closed").count() == 1
    assert Finding.objects.filter(visit=visit, result="not_found").count() == 3
    assert UnitEvent.objects.filter(new_status=Unit.Status.MISSING).count() == 3
    assert_the_database_can_race()


def test_an_answer_resent_while_the_first_is_in_flight_counts_once(visit, monitor):
    unit = visit.institution.units.first()
    scan_id = uuid.uuid4()

    def send():
        return verification.record_finding(visit.pk, unit.pk, by=monitor, scan_id=scan_id).pk

    results, errors = race([send] * 3)
    assert errors == []
    assert len(set(results)) == 1
    assert Finding.objects.filter(scan_id=scan_id).count() == 1
