"""The national demo at a small scale: the whole country's areas, institutions inside them, and
histories that the life cycles could have written — every unit's status is its last event's, every
step is one the transition tables allow, and every shipment's status is what its units say."""

import itertools
from collections import defaultdict
from io import StringIO

import pytest
import shapely
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from inventory import lifecycle
from inventory.models import Area, Institution, StatusGroups, Unit, UnitEvent
from logistics import shipments as service
from logistics.models import Shipment, ShipmentEvent, ShipmentUnit

U, S = Unit.Status, Shipment.Status
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        out = StringIO()
        call_command("load_demo", "--scale", "national", "--units", "2000", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_every_region_has_its_real_districts_and_institutions_stand_inside_their_area(national, db):
    regions = Area.objects.filter(level=Area.Level.REGION)
    assert regions.count() == 20
    for region in regions:
        assert region.children.exists(), region.name_en
    assert Area.objects.filter(level__in=[Area.Level.DISTRICT, Area.Level.CITY]).count() == 224
    assert not Area.objects.filter(level=Area.Level.DISTRICT, boundary__isnull=True).exists()
    national_ones = Institution.objects.filter(bin__startswith="090540").select_related("area")
    assert national_ones.count() >= 224  # at least one in every area
    for institution in national_ones[:200]:
        shape = shapely.geometry.shape(institution.area.boundary)
        # Boundaries are stored simplified: a point may fall a few hundred metres outside the outline.
        assert shape.buffer(0.01).contains(shapely.Point(institution.longitude, institution.latitude)), institution


def test_the_units_and_shipments_add_up(national, db):
    assert Unit.objects.filter(serial__startswith="NS").count() == 2000
    assert Shipment.objects.filter(waybill_number__startswith="NAT-").count() == 60
    assert ShipmentUnit.objects.filter(shipment__waybill_number__startswith="NAT-").count() == 2000
    assert UnitEvent.objects.filter(unit__serial__startswith="NS").count() > 4 * 2000
    assert set(Shipment.objects.values_list("status", flat=True)) == set(S.values)


def test_every_unit_is_in_the_status_its_history_ends_in_through_allowed_steps(national, db):
    history = defaultdict(list)
    for unit_id, old, new, room in UnitEvent.objects.order_by("at", "pk").values_list(
            "unit_id", "old_status", "new_status", "room_id"):
        history[unit_id].append((old, new, room))
    for unit in Unit.objects.all():
        steps = history[unit.pk]
        assert steps[0][:2] == ("", U.EXPECTED), unit.asset_tag
        for (_, before, _), (old, new, _) in itertools.pairwise(steps):
            assert old == before, unit.asset_tag
            assert new in lifecycle.ALLOWED[old] or old == new == U.INSTALLED, (unit.asset_tag, old, new)
        assert steps[-1][1] == unit.status, unit.asset_tag
        if unit.status == U.INSTALLED:
            assert unit.room_id == next(room for _, new, room in reversed(steps) if room), unit.asset_tag


def test_every_shipment_is_in_the_status_its_units_say(national, db):
    for shipment in Shipment.objects.filter(waybill_number__startswith="NAT-"):
        statuses = set(shipment.units.values_list("status", flat=True))
        counts = service.receipt_counts(shipment)
        arrived, outstanding = counts["units_arrived"], counts["units_outstanding"]
        expected = {
            S.DRAFT: statuses == {U.EXPECTED},
            S.DISPATCHED: statuses == {U.IN_TRANSIT},
            S.PARTIALLY_RECEIVED: arrived and outstanding and not statuses & {U.EXPECTED, U.MISSING},
            S.ARRIVED: arrived == counts["units_expected"],
            S.RECEIVED: not statuses & (StatusGroups.OUTSTANDING | StatusGroups.DISCREPANT),
            S.CLOSED_WITH_DISCREPANCIES: statuses & StatusGroups.DISCREPANT and not statuses & StatusGroups.OUTSTANDING,
        }[shipment.status]
        assert expected, (shipment.waybill_number, shipment.status, statuses)
        events = list(ShipmentEvent.objects.filter(shipment=shipment).order_by("at", "pk"))
        assert events[-1].new_status == shipment.status
        for before, after in itertools.pairwise(events):
            assert after.old_status == before.new_status
            assert after.new_status in service.ALLOWED[before.new_status], shipment.waybill_number
        assert (shipment.closed_at is not None) == shipment.is_closed


def test_loading_again_adds_nothing(national, db):
    units, events = Unit.objects.count(), UnitEvent.objects.count()
    out = StringIO()
    call_command("load_demo", "--scale", "national", "--units", "2000", stdout=out)
    assert "already loaded" in out.getvalue()
    assert (Unit.objects.count(), UnitEvent.objects.count()) == (units, events)
