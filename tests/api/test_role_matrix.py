"""Who may read and write what through the API: exactly what the pages allow, object by object.

Staff at one school never read or write another institution's objects, anonymous callers get 401,
and a guessed id outside the caller's reach is not found (404), never forbidden: it reveals nothing.
"""

from uuid import uuid4

import pytest
from django.contrib.auth.models import Group, User

from inventory.models import Profile, Role, Unit
from logistics import verification
from logistics.models import Finding

from .. import factories
from .world import journeys, signed_receipt


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
         "/api/v1/institutions/", "/api/v1/areas/", "/api/v1/rounds/", "/api/v1/visits/", "/api/v1/indicators/",
         "/api/v1/transfers/", "/api/v1/faults/", "/api/v1/write-offs/"]


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


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/units/by-tag/ABCD/", "/api/v1/transfers/1/",
                                 "/api/v1/faults/1/", "/api/v1/write-offs/1/", "/api/v1/write-offs/1/pdf/"])
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


# ---- Verification and results ----

@pytest.fixture
def two_visits(school, other_school, manager, monitor):
    """A round over both schools with a visit to each, and a round over the other school alone."""
    both = verification.open_round(name="Both", by=manager, selection="list",
                                   institution_ids=[school.pk, other_school.pk])
    theirs_only = verification.open_round(name="Theirs", by=manager, selection="list",
                                          institution_ids=[other_school.pk])
    ours = verification.start_visit(both.pk, school.pk, by=monitor)
    theirs = verification.start_visit(both.pk, other_school.pk, by=manager)
    unit = factories.shipment(school, units=1).units.get()
    return {"both": both, "theirs_only": theirs_only, "ours": ours, "theirs": theirs, "unit": unit}


@pytest.mark.parametrize("who, ours, theirs", [
    ("staff", 200, 404), ("monitor", 200, 404), ("outsider", 404, 200), ("officer", 200, 200),
    ("manager", 200, 200), ("administrator", 200, 200)])
def test_each_role_reads_exactly_the_rounds_and_visits_the_verification_pages_show_it(
        api_as, two_visits, request, who, ours, theirs):
    client = api_as(request.getfixturevalue(who))
    assert client.get(f"/api/v1/visits/{two_visits['ours'].pk}/").status_code == ours
    assert client.get(f"/api/v1/visits/{two_visits['theirs'].pk}/").status_code == theirs
    assert client.get(f"/api/v1/rounds/{two_visits['both'].pk}/").status_code == 200
    assert client.get(f"/api/v1/rounds/{two_visits['theirs_only'].pk}/").status_code == theirs
    listed = {v["id"] for v in client.get("/api/v1/visits/").json()["results"]}
    assert listed == {v.pk for v, code in ((two_visits["ours"], ours), (two_visits["theirs"], theirs)) if code == 200}


def test_a_round_shows_staff_only_their_own_institution(api_as, two_visits, staff, school):
    both = api_as(staff).get(f"/api/v1/rounds/{two_visits['both'].pk}/").json()
    assert both["institutions"] == [school.pk]


@pytest.mark.parametrize("who, answered", [
    ("staff", 200), ("monitor", 200), ("manager", 200), ("administrator", 200), ("outsider", 404),
    ("officer", 404)])
def test_only_those_who_may_verify_there_send_answers(api_as, two_visits, request, who, answered):
    reply = api_as(request.getfixturevalue(who)).post(
        f"/api/v1/visits/{two_visits['ours'].pk}/findings/",
        {"answers": [{"code": two_visits["unit"].asset_tag, "scan_id": str(uuid4())}]}, format="json")
    assert reply.status_code == answered
    assert Finding.objects.count() == (1 if answered == 200 else 0)


@pytest.mark.parametrize("who, status", [
    ("manager", 404), ("officer", 404), ("administrator", 404), ("staff", 403), ("monitor", 403),
    ("outsider", 403)])
def test_programme_indicators_are_for_managers_officers_and_administrators(api_as, request, who, status):
    # No programme here: those allowed are told so (404); the others are refused before that (403).
    reply = api_as(request.getfixturevalue(who)).get("/api/v1/indicators/")
    assert reply.status_code == status and reply["Content-Type"] == "application/problem+json"


# ---- Journeys after delivery: transfers, fault reports, write-offs ----

@pytest.fixture
def bystander(db):
    """Staff at a third school, neither sending nor receiving."""
    user = User.objects.create_user("bystander")
    user.groups.add(Group.objects.get(name=Role.SCHOOL_STAFF.value))
    Profile.objects.create(user=user, institution=factories.institution("School No. 30"))
    return user


@pytest.fixture
def after_delivery(school, other_school, staff, officer):
    """A transfer from the staff's school to the outsider's, a fault report and a write-off at the staff's."""
    return journeys(school, other_school, staff=staff, officer=officer)


@pytest.mark.parametrize("who, transfer, fault, write_off", [
    ("staff", 200, 200, 404),        # the sender; the report was made at their school
    ("outsider", 200, 404, 404),     # the receiver
    ("bystander", 404, 404, 404),    # a third school
    ("monitor", 404, 404, 404),
    ("officer", 200, 200, 200), ("manager", 200, 200, 200), ("administrator", 200, 200, 200)])
def test_each_role_reads_exactly_the_transfers_faults_and_write_offs_the_pages_show_it(
        api_as, after_delivery, request, who, transfer, fault, write_off):
    client = api_as(request.getfixturevalue(who))
    objects = {"transfers": (after_delivery["transfer"], transfer), "faults": (after_delivery["fault"], fault),
               "write-offs": (after_delivery["write_off"], write_off)}
    for path, (obj, code) in objects.items():
        assert client.get(f"/api/v1/{path}/{obj.pk}/").status_code == code, path
        listed = [o["id"] for o in client.get(f"/api/v1/{path}/").json()["results"]]
        assert listed == ([obj.pk] if code == 200 else []), path
    assert client.get(f"/api/v1/write-offs/{after_delivery['write_off'].pk}/pdf/").status_code == write_off
