"""Who may read and write what through the API: exactly what the pages allow, object by object.

Staff at one school never read or write another institution's objects, anonymous callers get 401,
and a guessed id outside the caller's reach is not found (404), never forbidden: it reveals nothing.
"""

from uuid import uuid4

import pytest

from inventory.models import Unit

from .. import factories
from .world import signed_receipt


@pytest.fixture
def two_schools(school, other_school, officer, staff):
    """A signed receipt at the staff's school, and a shipment on its way to the other school."""
    ours = factories.shipment(school, units=2, by=officer)
    act = signed_receipt(ours, staff)
    theirs = factories.shipment(other_school, units=2, by=officer)
    return {"ours": ours, "act": act, "theirs": theirs}


def object_urls(world):
    ours, theirs = world["ours"], world["theirs"]
    unit_ours, unit_theirs = ours.units.first(), theirs.units.first()
    return {
        "ours": [f"/api/v1/shipments/{ours.pk}/", f"/api/v1/shipments/{ours.pk}/units/",
                 f"/api/v1/units/{unit_ours.pk}/", f"/api/v1/units/by-tag/{unit_ours.asset_tag}/",
                 f"/api/v1/acts/{world['act'].pk}/", f"/api/v1/acts/{world['act'].pk}/pdf/"],
        "theirs": [f"/api/v1/shipments/{theirs.pk}/", f"/api/v1/shipments/{theirs.pk}/units/",
                   f"/api/v1/units/{unit_theirs.pk}/", f"/api/v1/units/by-tag/{unit_theirs.asset_tag}/"],
    }


LISTS = ["/api/v1/units/", "/api/v1/shipments/", "/api/v1/acts/", "/api/v1/imports/", "/api/v1/items/",
         "/api/v1/institutions/", "/api/v1/areas/"]


@pytest.mark.parametrize("who, ours, theirs", [
    ("staff", 200, 404), ("outsider", 404, 200), ("officer", 200, 200), ("manager", 200, 200),
    ("administrator", 200, 200)])
def test_each_role_reads_exactly_the_objects_the_pages_show_it(api_as, two_schools, request, who, ours, theirs):
    client = api_as(request.getfixturevalue(who))
    urls = object_urls(two_schools)
    for url in urls["ours"]:
        assert client.get(url).status_code == ours, url
    for url in urls["theirs"]:
        assert client.get(url).status_code == theirs, url


def test_staff_lists_hold_only_their_institutions_objects(api_as, two_schools, staff, school):
    client = api_as(staff)
    units = client.get("/api/v1/units/").json()["results"]
    assert units and {u["holder"] for u in units} == {school.pk}
    shipments = client.get("/api/v1/shipments/").json()["results"]
    assert [s["id"] for s in shipments] == [two_schools["ours"].pk]
    # Filtering for the other school does not widen the scope.
    theirs = client.get("/api/v1/units/", {"holder": two_schools["theirs"].destination_id}).json()["results"]
    assert theirs == []
    assert client.get("/api/v1/imports/").json()["results"] == []


def test_staff_cannot_scan_for_another_institutions_shipment(api_as, two_schools, staff):
    theirs = two_schools["theirs"]
    unit = theirs.units.first()
    reply = api_as(staff).post(f"/api/v1/shipments/{theirs.pk}/scans/",
                               {"scans": [{"code": unit.asset_tag, "scan_id": str(uuid4())}]}, format="json")
    assert reply.status_code == 404 and reply.json()["status"] == 404
    assert Unit.objects.get(pk=unit.pk).status == Unit.Status.IN_TRANSIT


def test_a_manager_reads_but_neither_receives_nor_imports(api_as, two_schools, manager):
    client = api_as(manager)
    theirs = two_schools["theirs"]
    scan = {"scans": [{"code": theirs.units.first().asset_tag, "scan_id": str(uuid4())}]}
    assert client.post(f"/api/v1/shipments/{theirs.pk}/scans/", scan, format="json").status_code == 404
    assert client.post("/api/v1/imports/", {}, format="multipart").status_code == 403


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/units/by-tag/ABCD/"])
def test_anonymous_callers_get_401_everywhere(api_as, db, url):
    reply = api_as(None).get(url)
    assert reply.status_code == 401 and reply["Content-Type"] == "application/problem+json"


def test_anonymous_writes_get_401_and_change_nothing(api_as, shipped_kit):
    unit = shipped_kit.units.first()
    reply = api_as(None).post(f"/api/v1/shipments/{shipped_kit.pk}/scans/",
                              {"scans": [{"code": unit.asset_tag, "scan_id": str(uuid4())}]}, format="json")
    assert reply.status_code == 401
    assert Unit.objects.get(pk=unit.pk).status == Unit.Status.IN_TRANSIT


def test_a_session_in_the_browsable_api_needs_csrf_for_writes(staff, shipped_kit):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    assert browser.get("/api/v1/units/", HTTP_ACCEPT="text/html").status_code == 200
    unit = shipped_kit.units.first()
    reply = browser.post(f"/api/v1/shipments/{shipped_kit.pk}/scans/",
                         {"scans": [{"code": unit.asset_tag, "scan_id": str(uuid4())}]},
                         content_type="application/json")
    assert reply.status_code == 403 and "CSRF" in reply.json()["detail"]
    assert Unit.objects.get(pk=unit.pk).status == Unit.Status.IN_TRANSIT
