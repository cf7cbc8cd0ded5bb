"""A funder's monitoring system reads a region's coverage table: the numbers the coverage page shows."""

import pytest

from ..logistics import coverage_world


@pytest.fixture
def world(db):
    return coverage_world.build()


def test_a_manager_reads_the_coverage_table_with_the_flagged_district_first(api_as, manager, world):
    reply = api_as(manager).get("/api/v1/coverage/")
    assert reply.status_code == 200
    body = reply.json()
    rows = {r["code"]: r for r in body["rows"]}
    assert body["rows"][0]["flagged"] and rows["353200000"]["special_orgs"] == 0
    assert rows["351000000"]["children_per_org"] == 60 and rows["351000000"]["expected"] == 4


@pytest.mark.parametrize("bad", [{"need": "telepathy"}, {"region": "999"}, {"year": "1850"}, {"km": "far"}])
def test_an_unknown_filter_value_is_a_400_naming_it(api_as, manager, world, bad):
    reply = api_as(manager).get("/api/v1/coverage/", bad)
    assert reply.status_code == 400 and reply.json()["errors"][0]["field"] == next(iter(bad))


def test_school_staff_may_not_read_coverage(api_as, staff, world):
    assert api_as(staff).get("/api/v1/coverage/").status_code == 403
