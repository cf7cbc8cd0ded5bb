"""The import's fast write path keeps the life cycle's promises: every unit once, with its own tag, its
"created" event and its place on its waybill's line; a failure in any batch leaves nothing behind."""

import gc
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count

from inventory import bulk_insert, identifiers, lifecycle
from inventory.models import Unit, UnitEvent
from logistics.importing import apply, pipeline
from logistics.models import Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit
from tests import factories

from . import import_files
from .import_files import row, xlsx

world = import_files.world  # a fixture


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(apply, "BATCH", 20)


def everything():
    """Every table an import writes, counted."""
    return {model.__name__: model.objects.count()
            for model in (Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit, Unit, UnitEvent)}


def delivery(world, tmp_path, name="d"):
    """Five waybills of a dozen displays and tablets each, and a counted line on each: 60 units."""
    rows = [row(f"ТН-{name}-{n % 5}", world.school.bin, ("BR-40", "TAB-10")[n % 2], f"SN-{name}-{n:03d}")
            for n in range(60)]
    rows += [row(f"ТН-{name}-{w}", world.school.bin, "CARD-1", quantity=3) for w in range(5)]
    return xlsx(tmp_path / f"{name}.xlsx", rows)


def test_across_batches_every_unit_has_one_created_event_and_its_place_on_its_line(world, officer, tmp_path,
                                                                                 small_batches):
    outcome = pipeline.run(delivery(world, tmp_path), by=officer)
    assert (outcome.written, outcome.shipments_created, outcome.units_created) == (True, 5, 60)
    events = UnitEvent.objects.values("unit").annotate(n=Count("pk"))
    assert len(events) == 60 and {e["n"] for e in events} == {1}
    for event in UnitEvent.objects.select_related("unit"):
        link = ShipmentUnit.objects.get(unit=event.unit)
        assert (event.new_status, event.shipment_id, event.reference, event.actor) == (
            Unit.Status.EXPECTED, link.shipment_id, link.shipment.waybill_number, officer)
        assert (link.line.shipment_id, link.line.item_id) == (link.shipment_id, event.unit.item_id)
    # Each line expects as many units as are linked to it; the counted lines keep their quantities.
    linked = Counter(ShipmentUnit.objects.values_list("line_id", flat=True))
    for line in ShipmentLine.objects.select_related("item"):
        assert line.quantity_expected == (linked[line.pk] if line.item.is_serialised else 3)
    assert Unit.objects.values("asset_tag").distinct().count() == 60


def test_a_drawn_tag_already_taken_or_drawn_twice_is_drawn_again(world, officer, school, monkeypatch):
    taken = lifecycle.create_units([lifecycle.NewUnit(world.display.pk, "OLD-1", school.pk)], by=officer)[0].asset_tag
    fresh = identifiers.new_asset_tags(10)
    # The first draw for five units: the tag of a unit already in the system, and one tag twice.
    draws = [[taken, fresh[0], fresh[1], fresh[1], fresh[2]]]
    monkeypatch.setattr(lifecycle, "new_asset_tags",
                        lambda count: draws.pop(0) if draws else identifiers.new_asset_tags(count))
    specs = [lifecycle.NewUnit(world.display.pk, f"NEW-{n}", school.pk, reference="WB-1") for n in range(5)]
    units = lifecycle.create_units(specs, by=officer)
    assert [u.serial for u in units] == [f"NEW-{n}" for n in range(5)]
    stored = dict(Unit.objects.filter(serial__startswith="NEW-").values_list("serial", "asset_tag"))
    assert stored == {u.serial: u.asset_tag for u in units}
    assert len(set(stored.values())) == 5 and taken not in stored.values()
    assert {u.asset_tag for u in units} >= {fresh[0], fresh[1], fresh[2]}
    assert Counter(UnitEvent.objects.filter(unit__serial__startswith="NEW-").values_list("unit", flat=True)) == {
        u.pk: 1 for u in units}


def test_a_failure_in_a_later_batch_leaves_nothing_from_the_earlier_ones(world, officer, tmp_path, small_batches,
                                                                        monkeypatch):
    before = everything()
    real = apply._link_units
    calls = []

    def fail_on_the_third_batch(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        real(*args)

    monkeypatch.setattr(apply, "_link_units", fail_on_the_third_batch)
    with pytest.raises(RuntimeError):
        pipeline.run(delivery(world, tmp_path), by=officer)
    assert len(calls) == 3 and everything() == before


def test_the_import_leaves_the_collector_and_the_connection_as_it_found_them(world, officer, tmp_path, monkeypatch):
    def cache_size():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    sqlite = connection.vendor == "sqlite"
    before = cache_size() if sqlite else None
    assert pipeline.run(delivery(world, tmp_path), by=officer).written
    assert gc.isenabled() and (cache_size() == before if sqlite else True)
    monkeypatch.setattr(apply, "_link_units", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pipeline.run(delivery(world, tmp_path, "again"), by=officer)
    assert gc.isenabled()


def test_many_rows_go_in_statements_of_bounded_size_and_all_come_back(db, monkeypatch, django_assert_num_queries):
    # On SQLite ten lines of three columns a statement; PostgreSQL takes any number as arrays, in one.
    monkeypatch.setattr(bulk_insert, "MAX_PARAMS", 30)
    statements = 3 if connection.vendor == "sqlite" else 1
    shipments = [factories.shipment(factories.institution(), units=0, dispatched=False) for _ in range(5)]
    items = [factories.item(f"IT-{n}") for n in range(5)]
    rows = [(s.pk, i.pk, n + 1) for n, (s, i) in enumerate((s, i) for s in shipments for i in items)]
    with django_assert_num_queries(statements):
        returned = bulk_insert.insert_rows(ShipmentLine, ("shipment_id", "item_id", "quantity_expected"), rows,
                                           returning=("shipment_id", "item_id", "quantity_expected"))
    assert sorted(returned) == sorted(rows)
    assert sorted(ShipmentLine.objects.values_list("shipment_id", "item_id", "quantity_expected")) == sorted(rows)
