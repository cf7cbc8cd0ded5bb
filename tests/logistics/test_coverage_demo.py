"""On the demo data the coverage analysis tells the study's story: special organisations in 5 of
the 6 cities and only 3 of the 7 districts, and no special school for autism."""

import pytest

from catalog_data import catalogue, institutions, places, statistics
from inventory.models import Area
from logistics import coverage_data, coverage_report
from logistics.models import SpecialistCount


@pytest.fixture
def demo(db):
    for step in (places.load, catalogue.load, institutions.load, statistics.load):
        step()
    region = Area.objects.get(code="350000000")
    return coverage_report.build(region, coverage_data.load(region), coverage_report.Filters(year=2024))


def test_the_flags_match_the_study(demo):
    table = demo.table
    districts, cities = table[table["level"] == "district"], table[table["level"] == "city"]
    assert (len(districts), len(cities)) == (7, 6)
    assert districts["flag_no_org"].sum() == 4
    assert cities["flag_no_org"].sum() == 1
    assert table["special_orgs"].sum() == 34
    assert table["kind_special_school"].sum() == 10
    assert demo.needs_without_school == ["autism"]


def test_the_real_boundaries_and_the_studys_staff_totals_are_loaded(demo):
    assert Area.objects.filter(parent__code="350000000").exclude(boundary=None).count() == 13
    assert Area.objects.get(code="350000000").boundary is not None
    totals = {(kind, year): 0 for kind, years in statistics.SPECIALISTS.items() for year in years}
    for row in SpecialistCount.objects.values("kind", "year", "count"):
        totals[(row["kind"], row["year"])] += row["count"]
    assert totals[("defectologist", 2021)] == 190 and totals[("speech_therapist", 2024)] == 179
    assert totals[("typhlopedagogue", 2024)] == 1 and totals[("teaching_assistant", 2023)] == 276
    assert all(SpecialistCount.objects.values_list("illustrative", flat=True))
    # The demo loader runs on every start: a second run changes nothing.
    before = SpecialistCount.objects.count()
    assert "(0 new)" in statistics.load()
    assert SpecialistCount.objects.count() == before


def test_the_split_keeps_the_regional_total():
    assert sum(statistics.split(187, statistics.AREA_WEIGHTS).values()) == 187
    assert sum(statistics.split(1, statistics.AREA_WEIGHTS).values()) == 1
