"""A funder's monitoring system reads the programme's result indicators for a quarter: baseline,
target and actual, and each region's target and actual; the figures the results page shows."""

import pytest

from inventory.models import Area
from logistics.models import RegionTarget
from logistics.results.periods import Quarter
from tests.logistics import results_world
from tests.logistics.test_results_indicators import values


@pytest.fixture
def programme(clock, officer):
    results_world.build(clock, officer, officer)
    prog = results_world.programme()
    furniture = prog.indicators.get(code="furniture_installed")
    RegionTarget.objects.create(indicator=furniture, region=Area.objects.get(code="350000000"), target=3)
    clock.release()
    return prog


def test_a_manager_reads_every_indicator_as_it_stood_at_the_end_of_the_quarter(api_as, programme, manager):
    reply = api_as(manager).get("/api/v1/indicators/", {"period": "2024Q4"})
    assert reply.status_code == 200, reply.content
    body = reply.json()
    assert (body["programme"], body["period"], body["closed"]) == ("p", "2024Q4", True)
    figures = {i["code"]: i for i in body["indicators"]}
    expected = values(Quarter(2024, 4))
    assert list(figures) == list(programme.indicators.values_list("code", flat=True))
    for code, value in expected.items():
        assert figures[code]["actual"] == (None if value is None else float(value)), code
    furniture = figures["furniture_installed"]
    assert (furniture["baseline"], furniture["target"], furniture["measure"]) == (0, 10, "count")
    assert furniture["regions"] == [{"code": "350000000", "name": "Karaganda region", "target": 3, "actual": 1}]
    # Not measured yet: null, not zero.
    assert figures["in_use"]["actual"] is None and figures["in_use"]["on_track"] is None
    assert figures["discrepancy_rate"]["lower_is_better"] is True


@pytest.mark.parametrize("period", ["2024-12", "Q4", "2024Q5"])
def test_a_period_that_is_not_a_quarter_is_refused_by_name(api_as, programme, manager, period):
    reply = api_as(manager).get("/api/v1/indicators/", {"period": period})
    assert reply.status_code == 400
    assert reply.json()["errors"] == [{"field": "period", "message": f"“{period}” is not a quarter; write it "
                                                                     "like 2024Q4."}]


def test_an_unknown_programme_is_not_found_and_says_which_there_are(api_as, programme, manager):
    reply = api_as(manager).get("/api/v1/indicators/", {"programme": "other"})
    assert reply.status_code == 404 and "the programmes are: p" in reply.json()["detail"]


@pytest.mark.django_db
def test_without_a_programme_it_says_what_to_do(api_as, manager):
    reply = api_as(manager).get("/api/v1/indicators/")
    assert reply.status_code == 404 and "No programme has been set up yet" in reply.json()["detail"]
