"""A monitor's own system reads the verification round, starts the visit and sends its answers
through the visit page's step; the same batch sent again changes nothing, and refusals are problem
details with the page's message."""

from uuid import uuid4

import pytest
from django.utils import timezone

from inventory.models import Unit
from logistics import verification
from logistics.models import Finding, Visit

from ..logistics import test_verification as visit_page_tests

S = Unit.Status
equipped = visit_page_tests.equipped  # a fixture: five units received at the school, three in its cabinet


@pytest.fixture
def round_(school, other_school, manager):
    return verification.open_round(name="Autumn check", by=manager, selection="list",
                                   institution_ids=[school.pk, other_school.pk])


def answers(*items):
    return {"answers": [{"scan_id": str(uuid4()), **item} for item in items]}


def findings_url(visit_id):
    return f"/api/v1/visits/{visit_id}/findings/"


def test_a_monitors_system_records_a_visit_and_a_resent_batch_changes_nothing(
        api_as, monitor, school, equipped, round_):
    units, cabinet = equipped
    client = api_as(monitor)
    rounds = client.get("/api/v1/rounds/").json()["results"]
    assert [(r["id"], r["institutions"]) for r in rounds] == [(round_.pk, [school.pk])]  # only the assigned one

    started = client.post(f"/api/v1/rounds/{round_.pk}/visits/", {"institution": school.pk}, format="json")
    assert started.status_code == 200
    visit_id = started.json()["id"]
    sent = answers(
        {"code": units[0].asset_tag, "room": cabinet.code, "condition": "working", "in_use": True,
         "latitude": 49.8, "longitude": 73.1},
        {"code": units[1].display_tag, "room": cabinet.code, "condition": "broken", "in_use": False,
         "reason": "broken"},
        {"code": units[2].asset_tag, "not_found": True})
    reply = client.post(findings_url(visit_id), sent, format="json")
    assert reply.status_code == 200, reply.content
    results = reply.json()["results"]
    assert [r["outcome"] for r in results] == ["in_place", "in_place", "not_found"]
    assert results[2]["message"] == f"{units[2].display_tag} recorded as not found."

    # The connection dropped before the answer came: the same batch again records nothing new.
    again = client.post(findings_url(visit_id), sent, format="json").json()["results"]
    assert [r["repeated"] for r in again] == [True] * 3
    assert [r["outcome"] for r in again] == [r["outcome"] for r in results]
    assert Finding.objects.count() == 3

    visit = client.get(f"/api/v1/visits/{visit_id}/").json()
    assert [f["asset_tag"] for f in visit["findings"]] == [u.asset_tag for u in units[:3]]
    assert visit["findings"][0]["room_code"] == cabinet.code and visit["findings"][0]["latitude"] == 49.8
    assert (visit["summary"]["delivered"], visit["summary"]["found"], visit["summary"]["in_use"]) == (5, 2, 1)
    # Nothing moves until the visit is closed, on the page.
    assert {Unit.objects.get(pk=u.pk).status for u in units} == {S.INSTALLED, S.RECEIVED}


def test_it_refuses_a_scan_id_reused_for_another_unit(api_as, monitor, school, equipped, round_):
    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    client = api_as(monitor)
    scan_id = str(uuid4())
    client.post(findings_url(visit.pk), {"answers": [{"code": units[0].asset_tag, "scan_id": scan_id}]},
                format="json")
    reply = client.post(findings_url(visit.pk), {"answers": [{"code": units[1].asset_tag, "scan_id": scan_id}]},
                        format="json")
    assert reply.json()["results"][0]["outcome"] == "scan_id_reused"
    assert list(Finding.objects.values_list("unit_id", flat=True)) == [units[0].pk]


def test_it_answers_unknown_codes_and_room_labels_as_the_page_does(api_as, monitor, school, equipped, round_):
    _units, cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    reply = api_as(monitor).post(findings_url(visit.pk), answers(
        {"code": "ZZZZ-ZZZZ"}, {"code": f"https://x.example/r/{cabinet.code}"}), format="json").json()["results"]
    assert [r["outcome"] for r in reply] == ["unknown_code", "refused"]
    assert reply[1]["message"] == "This is a room's label; an answer needs the unit's label."
    assert not Finding.objects.exists()


def test_a_closed_visit_refuses_the_batch_with_the_pages_message(api_as, monitor, school, equipped, round_):
    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.close_visit(visit.pk, by=monitor)
    before = Finding.objects.count()
    reply = api_as(monitor).post(findings_url(visit.pk), answers({"code": units[0].asset_tag}), format="json")
    assert reply.status_code == 409 and reply["Content-Type"] == "application/problem+json"
    assert reply.json()["detail"] == "The visit is closed; its findings can no longer change."
    assert reply.json()["code"] == "visit_closed"
    assert Finding.objects.count() == before


@pytest.mark.parametrize("item, field", [
    ({"in_use": True, "reason": "broken"}, "answers.0.reason"),
    ({"condition": "shiny"}, "answers.0.condition"),
    ({"colour": "red"}, "answers.0.colour"),
    ({"latitude": 91, "longitude": 0}, "answers.0.latitude"),
])
def test_bad_answers_are_refused_by_field_and_nothing_is_written(
        api_as, monitor, school, equipped, round_, item, field):
    units, _cabinet = equipped
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    reply = api_as(monitor).post(findings_url(visit.pk), answers({"code": units[0].asset_tag, **item}),
                                 format="json")
    assert reply.status_code == 400
    assert [e["field"] for e in reply.json()["errors"]] == [field]
    assert not Finding.objects.exists()


def test_a_visit_cannot_be_started_where_the_caller_may_not_verify(api_as, monitor, other_school, round_):
    reply = api_as(monitor).post(f"/api/v1/rounds/{round_.pk}/visits/", {"institution": other_school.pk},
                                 format="json")
    assert reply.status_code == 403
    assert not Visit.objects.exists()


def test_a_closed_round_refuses_a_new_visit_with_the_pages_message(api_as, manager, school, round_):
    verification.close_round(round_.pk, by=manager)
    reply = api_as(manager).post(f"/api/v1/rounds/{round_.pk}/visits/", {"institution": school.pk}, format="json")
    assert reply.status_code == 409
    assert reply.json()["detail"] == "The round is closed; no new visits can start."


def test_a_sync_fetches_only_the_visits_started_or_closed_since_it_last_ran(api_as, manager, school, other_school,
                                                                           round_):
    earlier = verification.start_visit(round_.pk, school.pk, by=manager)
    since = timezone.now()
    later = verification.start_visit(round_.pk, other_school.pk, by=manager)
    client = api_as(manager)
    changed = client.get("/api/v1/visits/", {"changed_since": since.isoformat()}).json()["results"]
    assert [v["id"] for v in changed] == [later.pk]
    verification.close_visit(earlier.pk, by=manager)
    changed = client.get("/api/v1/visits/", {"changed_since": since.isoformat()}).json()["results"]
    assert [v["id"] for v in changed] == [earlier.pk, later.pk]
