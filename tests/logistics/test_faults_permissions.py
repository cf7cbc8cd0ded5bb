"""Who may see and decide what, role by object: staff of the holding institution, staff of another one,
an officer, a manager, a monitor and an anonymous visitor, on every page of fault reports and write-offs."""

import pytest

from logistics import faults
from logistics.models import FaultReport, RepairOrder

from .fault_world import arrived_units, post_report

# role -> (queue, report page, triage, repair steps, write-off form, write-off list)
EXPECTED = {
    "staff": (200, 200, 302, 302, 403, 403),
    "outsider": (200, 404, 404, 404, 403, 403),
    "officer": (200, 200, 302, 302, 200, 200),
    "manager": (200, 200, 404, 404, 403, 200),
    "monitor": (403, 403, 403, 403, 403, 403),
    "anonymous": (302, 302, 302, 302, 302, 302),
}


@pytest.fixture
def world(school, officer):
    unit = arrived_units(school, by=officer, count=1)[0]
    report = faults.file_report(unit.asset_tag, kind="broken", text="x", address="1")
    other = faults.file_report(unit.asset_tag, kind="broken", text="y", address="2")
    faults.triage(other.pk, FaultReport.Status.NEEDS_REPAIR, by=officer, supplier="Workshop")
    return unit, report, RepairOrder.objects.get()


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_object(request, client, world, role):
    _unit, report, repair = world
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    got = (client.get("/faults/").status_code, client.get(f"/faults/{report.pk}/").status_code,
           client.post(f"/faults/{report.pk}/triage/", {"outcome": "not_a_fault"}).status_code,
           client.post(f"/repairs/{repair.pk}/send/", {}).status_code,
           client.get("/write-offs/new/").status_code, client.get("/write-offs/").status_code)
    assert got == EXPECTED[role]
    decided = FaultReport.objects.get(pk=report.pk).status == FaultReport.Status.NOT_A_FAULT
    assert decided == (EXPECTED[role][2] == 302 and role != "anonymous")


@pytest.mark.parametrize("role", list(EXPECTED))
def test_everyone_may_read_the_label_and_report_a_problem(request, client, world, role):
    unit = world[0]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(unit.get_absolute_url()).status_code == 200
    assert client.get(f"/u/{unit.asset_tag}/problem/").status_code == 200
    assert post_report(client, unit, address=f"10.0.0.{len(role)}").status_code == 200


def test_the_queue_shows_staff_only_their_institutions_reports(client, world, outsider, other_school, officer):
    theirs = arrived_units(other_school, by=officer, count=1)[0]
    faults.file_report(theirs.asset_tag, kind="other", text="z", address="3")
    client.force_login(outsider)
    page = client.get("/faults/?status=all").content.decode()
    assert theirs.display_tag in page and world[0].display_tag not in page


def test_an_anonymous_visitor_never_sees_the_reports_or_their_photos(client, world):
    report = world[1]
    assert client.get(f"/faults/{report.pk}/photo/").status_code == 302
