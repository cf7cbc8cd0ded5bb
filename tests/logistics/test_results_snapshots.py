"""A closed quarter's figures are computed once, kept, and read back: later events do not touch them,
and the results page costs the same few statements however many units there are."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from logistics.models import ResultsSnapshot, SnapshotValue
from logistics.results import grouping, report, snapshots
from logistics.results.indicators import REGISTRY
from logistics.results.periods import Quarter
from tests.logistics import results_world

Q3, Q4 = Quarter(2024, 3), Quarter(2024, 4)


@pytest.fixture
def world(clock, officer):
    return results_world.with_programme_over_two_quarters(clock, officer)


def whole(quarter):
    return {row.definition: row.value for row in
            SnapshotValue.objects.filter(snapshot__period=str(quarter), dimension=grouping.WHOLE)}


def test_a_closed_quarter_is_computed_once_and_then_read(world):
    assert snapshots.fill(Q4) is True
    assert snapshots.fill(Q4) is False
    assert ResultsSnapshot.objects.filter(period="2024Q4").count() == 1
    with CaptureQueriesContext(connection) as reading:
        table = snapshots.read([Q4], grouping.WHOLE)[Q4]
    assert len(reading.captured_queries) == 2   # which are stored, and their figures
    assert table[grouping.WHOLE] == {name: c.value(Q4.end) for name, c in REGISTRY.items()}


def test_the_open_quarter_is_never_stored(world):
    with pytest.raises(ValueError):
        snapshots.fill(Quarter(2025, 1))
    report.build(report.default_programme(), Quarter(2025, 1), regions=False)
    assert set(ResultsSnapshot.objects.values_list("period", flat=True)) == {"2024Q3", "2024Q4"}


def test_later_events_leave_a_stored_quarter_as_it_was(clock, world, officer):
    call_command("results_snapshots", stdout=open("/dev/null", "w"))   # noqa: SIM115
    stored = whole(Q3)
    clock.set(2025, 3, 1)
    third = results_world.send(world.school, [(world.kit, 5)], by=officer)
    results_world.arrive(third, third.units.order_by("pk")[:1], by=officer)
    call_command("results_snapshots", stdout=open("/dev/null", "w"))   # noqa: SIM115
    assert whole(Q3) == stored
    assert stored["furniture_installed"] == 1 and stored["discrepancy_rate"] == 50


def test_every_slice_of_every_breakdown_is_stored(world):
    snapshots.fill(Q4)
    dimensions = set(SnapshotValue.objects.values_list("dimension", flat=True))
    assert dimensions == {grouping.WHOLE, "region", "area", "settlement", "kind", "need", "sphere"}
