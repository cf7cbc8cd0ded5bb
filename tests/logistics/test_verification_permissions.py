"""Who may do what in verification: every role against a visit at its own and at another
institution, on every verification URL. Managers and administrators see and verify everywhere;
procurement officers may look; a monitor only where assigned (the school); school staff only at
their own institution. Outside one's reach a visit is not found; every POST needs the CSRF token."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from inventory import lifecycle
from inventory.models import Unit
from logistics import verification
from logistics.models import Finding, VerificationRound, Visit
from tests import factories

ROLES = ["anonymous", "staff", "outsider", "officer", "manager", "administrator", "monitor"]
HOME = {"staff": "own", "outsider": "other", "monitor": "own"}
EVERYWHERE = {"manager", "administrator"}


def verifies(role, target):
    return role in EVERYWHERE or HOME.get(role) == target


def sees(role, target):
    return verifies(role, target) or role == "officer"


@pytest.fixture
def visits(school, other_school, manager, staff):
    round_ = verification.open_round(name="Both", by=manager, selection="list",
                                     institution_ids=[school.pk, other_school.pk])
    out = {}
    for target, inst in (("own", school), ("other", other_school)):
        unit = factories.shipment(inst, units=1).units.get()
        lifecycle.change_status(unit.pk, Unit.Status.RECEIVED, by=staff)
        out[target] = verification.start_visit(round_.pk, inst.pk, by=manager)
    return out


def as_role(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


VISIT_ACTIONS = {
    "page": ("get", "logistics:visit", lambda v: {}, sees, 200),
    "answer": ("post", "logistics:visit-answer",
               lambda v: {"code": v.institution.units.get().asset_tag, "scan_id": str(uuid.uuid4())}, verifies, 302),
    "close-page": ("get", "logistics:visit-close", lambda v: {}, verifies, 200),
    "close": ("post", "logistics:visit-close", lambda v: {}, verifies, 302),
    "sign-page": ("get", "logistics:visit-sign", lambda v: {}, verifies, 302),  # open: sent to close it first
}


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(VISIT_ACTIONS))
def test_visit_urls_answer_only_those_who_may(client, request, visits, role, target, action):
    method, name, build, may, allowed_status = VISIT_ACTIONS[action]
    visit = visits[target]
    client = as_role(client, request, role)
    reply = getattr(client, method)(reverse(name, args=[visit.pk]), build(visit))
    if role == "anonymous":
        assert reply.status_code == 302 and reply["Location"].startswith(reverse("login"))
    elif may(role, target):
        assert reply.status_code == allowed_status, reply.content[:300]
    else:
        assert reply.status_code == 404
    if role == "anonymous" or not verifies(role, target):
        assert not Finding.objects.exists()
        assert Visit.objects.get(pk=visit.pk).status == Visit.Status.OPEN


@pytest.mark.parametrize("role", ROLES)
def test_a_visit_starts_only_where_the_role_verifies(client, request, school, other_school, manager, role):
    round_ = verification.open_round(name="Start", by=manager, selection="list",
                                     institution_ids=[school.pk, other_school.pk])
    client = as_role(client, request, role)
    for target, inst in (("own", school), ("other", other_school)):
        reply = client.post(reverse("logistics:visit-start", args=[round_.pk, inst.pk]))
        if role == "anonymous":
            assert reply.status_code == 302 and reply["Location"].startswith(reverse("login"))
        elif verifies(role, target):
            assert reply.status_code == 302 and Visit.objects.filter(institution=inst).exists()
        else:
            assert reply.status_code in (403, 404)
            assert not Visit.objects.filter(institution=inst).exists()


ROUND_PAGES = {  # url name -> roles allowed (others: 403), status when allowed
    "logistics:rounds": ({"staff", "outsider", "manager", "administrator", "monitor"}, 200),
    "logistics:round-new": (EVERYWHERE, 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ROUND_PAGES))
def test_round_pages_answer_only_those_who_may(client, request, visits, role, name):
    roles, status = ROUND_PAGES[name]
    reply = as_role(client, request, role).get(reverse(name))
    if role == "anonymous":
        assert reply.status_code == 302
    else:
        assert reply.status_code == (status if role in roles else 403)


@pytest.mark.parametrize("role", ROLES)
def test_a_round_page_shows_each_role_only_its_institutions(client, request, visits, school, other_school, role):
    round_ = VerificationRound.objects.get()
    reply = as_role(client, request, role).get(reverse("logistics:round", args=[round_.pk]))
    if role == "anonymous":
        assert reply.status_code == 302
        return
    assert reply.status_code == 200
    page = reply.content.decode()
    assert (school.bin in page) == sees(role, "own")
    assert (other_school.bin in page) == sees(role, "other")


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_close_a_round(client, request, visits, role):
    round_ = VerificationRound.objects.get()
    reply = as_role(client, request, role).post(reverse("logistics:round-close", args=[round_.pk]))
    round_.refresh_from_db()
    assert (round_.status == "closed") == (role in EVERYWHERE)
    assert reply.status_code == (302 if role in EVERYWHERE or role == "anonymous" else 403)


def test_a_monitor_sees_only_the_assigned_institutions_units(client, monitor, visits):
    client.force_login(monitor)
    own = visits["own"].institution.units.get()
    other = visits["other"].institution.units.get()
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(reverse("inventory:unit-label-png", args=[other.asset_tag])).status_code == 404


@pytest.mark.parametrize("action", [a for a, spec in VISIT_ACTIONS.items() if spec[0] == "post"])
def test_every_verification_post_needs_the_csrf_token(visits, monitor, action):
    _method, name, build, _may, _status = VISIT_ACTIONS[action]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(monitor)
    visit = visits["own"]
    browser.get(reverse("logistics:visit", args=[visit.pk]))
    url = reverse(name, args=[visit.pk])
    assert browser.post(url, build(visit)).status_code == 403
    token = browser.cookies["csrftoken"].value
    assert browser.post(url, build(visit), HTTP_X_CSRFTOKEN=token).status_code != 403


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_an_institutions_verification_page_answers_only_those_who_see_it(client, request, visits, role, target):
    institution = visits[target].institution
    reply = as_role(client, request, role).get(reverse("logistics:institution-verification", args=[institution.pk]))
    if role == "anonymous":
        assert reply.status_code == 302
    else:
        assert reply.status_code == (200 if sees(role, target) else 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_round_export_holds_only_the_rows_the_role_may_see(client, request, visits, role):
    from io import BytesIO

    from openpyxl import load_workbook

    round_ = VerificationRound.objects.get()
    reply = as_role(client, request, role).get(reverse("logistics:round-export", args=[round_.pk]))
    if role == "anonymous":
        assert reply.status_code == 302
        return
    assert reply.status_code == 200
    names = {row[1] for row in load_workbook(BytesIO(reply.content)).active.values if row[0] == "Visit"}
    expected = {visits[t].institution.name for t in ("own", "other") if sees(role, t)}
    assert names == expected
