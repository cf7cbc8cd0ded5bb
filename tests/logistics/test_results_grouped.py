"""The results page and the report read every slice of a breakdown from one set of grouped facts;
the per-slice functions say the same one slice at a time. They must agree, slice by slice."""

import pytest

from inventory.models import NeedCategory
from logistics.results import breakdowns, facts, grouping
from logistics.results.indicators import REGISTRY
from logistics.results.periods import Quarter
from tests.logistics import results_world


@pytest.fixture
def world(clock, officer):
    world = results_world.build(clock, officer, officer)
    results_world.next_quarter(clock, world, officer)
    world.kit.needs.add(NeedCategory.objects.get(code="autism"))
    return world


def test_every_indicator_has_a_grouped_form():
    assert set(grouping.FROM_PART) == set(REGISTRY)


@pytest.mark.parametrize("period", [Quarter(2024, 2), Quarter(2024, 3), Quarter(2024, 4), Quarter(2025, 1),
                                    Quarter(2025, 2)])
@pytest.mark.parametrize("dimension", [grouping.WHOLE, *breakdowns.DIMENSIONS])
def test_the_grouped_figures_are_those_of_each_slice(world, period, dimension):
    known = facts.compute(period.end)
    grouped = grouping.values(known, dimension)
    listed = [(grouping.WHOLE, REGISTRY and None)] if dimension == grouping.WHOLE else [
        (key, scope) for key, _label, scope in breakdowns.slices(dimension)]
    for key, scope in listed:
        for name, computation in REGISTRY.items():
            expected = computation.value(period.end, scope) if scope else computation.value(period.end)
            got = grouped.get(key, {}).get(name, grouping.default(computation.measure))
            assert got == expected, (dimension, key, name)
