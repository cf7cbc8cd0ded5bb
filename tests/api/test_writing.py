"""Another system writes through the pages' own steps: receipt scans, and a delivery list uploaded,
checked and confirmed. Refusals are problem details with the page's message; nothing is half-written."""

import json
from uuid import uuid4

from django.utils import translation

from inventory.identifiers import new_asset_tag
from inventory.models import Unit, UnitEvent
from logistics import shipments as shipment_service
from logistics.models import DeliveryImport, Shipment, UnexpectedScan

from .. import factories
from ..logistics import import_files
from ..logistics.import_files import good_rows, row, xlsx

world, immediate_tasks = import_files.world, import_files.immediate_tasks  # fixtures


def scans_url(shipment):
    return f"/api/v1/shipments/{shipment.pk}/scans/"


def batch(*pairs):
    return {"scans": [{"code": code, "scan_id": str(scan_id)} for code, scan_id in pairs]}


def test_a_school_system_sends_its_scans_and_the_kit_is_received(api_as, staff, shipped_kit):
    units = list(shipped_kit.units.all())
    sent = batch(*[(u.asset_tag, uuid4()) for u in units], (new_asset_tag(), uuid4()))
    client = api_as(staff)
    reply = client.post(scans_url(shipped_kit), sent, format="json")
    assert reply.status_code == 200
    outcomes = [r["outcome"] for r in reply.json()["results"]]
    assert outcomes == ["received"] * 3 + ["unknown_code"]
    assert {u.status for u in Unit.objects.filter(pk__in=[u.pk for u in units])} == {Unit.Status.RECEIVED}
    shipped_kit.refresh_from_db()
    assert shipped_kit.status == Shipment.Status.ARRIVED

    # The connection dropped before the answer came: the same batch sent again changes nothing.
    state = (UnitEvent.objects.count(), UnexpectedScan.objects.count())
    again = client.post(scans_url(shipped_kit), sent, format="json").json()["results"]
    assert [r["repeated"] for r in again] == [True] * 4
    assert [r["outcome"] for r in again] == outcomes
    assert (UnitEvent.objects.count(), UnexpectedScan.objects.count()) == state


def test_a_scan_id_reused_for_another_unit_is_refused_and_changes_nothing(api_as, staff, shipped_kit):
    first, second = shipped_kit.units.all()[:2]
    scan_id = uuid4()
    client = api_as(staff)
    client.post(scans_url(shipped_kit), batch((first.asset_tag, scan_id)), format="json")
    reply = client.post(scans_url(shipped_kit), batch((second.asset_tag, scan_id)), format="json")
    assert reply.json()["results"][0]["outcome"] == "scan_id_reused"
    assert Unit.objects.get(pk=second.pk).status == Unit.Status.IN_TRANSIT


def test_scans_for_a_closed_receipt_are_refused_with_the_pages_message(api_as, staff, shipped_kit):
    shipment_service.close_receipt(shipped_kit.pk, by=staff)
    unit = shipped_kit.units.first()
    with translation.override("en"):
        reply = api_as(staff).post(scans_url(shipped_kit), batch((unit.asset_tag, uuid4())), format="json",
                                   HTTP_ACCEPT_LANGUAGE="en")
    assert reply.status_code == 409 and reply["Content-Type"] == "application/problem+json"
    problem = reply.json()
    assert problem["code"] == "receipt_not_open" and shipped_kit.waybill_number in problem["detail"]
    assert "not open" in problem["detail"]


def test_the_officer_cannot_scan_for_a_school(api_as, officer, shipped_kit):
    # Receiving is the destination's work (or an administrator's), as on the receipt page.
    reply = api_as(officer).post(scans_url(shipped_kit), batch((shipped_kit.units.first().asset_tag, uuid4())),
                                 format="json")
    assert reply.status_code == 404


def test_bad_scan_batches_are_400_problems_naming_the_field(api_as, staff, shipped_kit):
    client = api_as(staff)
    cases = [
        {"scans": []},
        {"scans": [{"code": "X"}]},
        {"scans": [{"code": "X", "scan_id": "not-a-uuid"}]},
        {"scans": [{"code": ["X"], "scan_id": str(uuid4())}]},
        {"scans": "everything"},
        {"scans": [{"code": "X", "scan_id": str(uuid4()), "when": "now"}]},
        {"scans": [{"code": "X", "scan_id": str(uuid4())}], "shipment": 12},
        {"scans": [{"code": "X", "scan_id": str(uuid4())}] * 501},
        [],
    ]
    for body in cases:
        reply = client.post(scans_url(shipped_kit), body, format="json")
        assert reply.status_code == 400, body
        assert reply.json()["errors"] and reply.json()["errors"][0]["field"].startswith(("scans", "body",
                                                                                         "non_field_errors",
                                                                                         "shipment"))
    assert UnitEvent.objects.filter(shipment_id=shipped_kit.pk, new_status="received").count() == 0


def test_malformed_json_and_a_wrong_media_type_are_problems_not_500s(api_as, staff, shipped_kit):
    client = api_as(staff)
    broken = client.post(scans_url(shipped_kit), data='{"scans": [', content_type="application/json")
    assert broken.status_code == 400 and broken["Content-Type"] == "application/problem+json"
    wrong = client.post(scans_url(shipped_kit), data="scans=1", content_type="text/plain")
    assert wrong.status_code == 415


def test_a_huge_body_is_refused_with_413(api_as, staff, shipped_kit, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps(batch(*[("X" * 100, uuid4()) for _ in range(200)]))
    reply = api_as(staff).post(scans_url(shipped_kit), data=body, content_type="application/json")
    assert reply.status_code == 413 and reply.json()["status"] == 413


def test_an_officer_uploads_a_delivery_list_reads_the_check_and_confirms(api_as, officer, world, tmp_path,
                                                                         immediate_tasks):
    client = api_as(officer)
    with open(xlsx(tmp_path / "delivery.xlsx", good_rows(world, count=3)), "rb") as f:
        reply = client.post("/api/v1/imports/", {"file": f}, format="multipart")
    assert reply.status_code == 202
    record = reply.json()
    assert record["status"] == "checked" and record["check"]["problems"] == [] and record["check"]["has_work"]
    assert Shipment.objects.count() == 0  # nothing written before confirmation

    done = client.post(f"/api/v1/imports/{record['id']}/confirm/", {}, format="json")
    assert done.status_code == 202 and done.json()["status"] == "imported"
    assert done.json()["units_created"] == 3
    shipments = client.get("/api/v1/shipments/", {"delivery_import": record["id"]}).json()["results"]
    assert len(shipments) == 1

    again = client.post(f"/api/v1/imports/{record['id']}/confirm/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "import_not_confirmable"
    assert Unit.objects.count() == 3


def test_rows_with_problems_are_named_and_must_be_left_out_explicitly(api_as, officer, world, tmp_path,
                                                                      immediate_tasks):
    rows = [*good_rows(world, count=2), row("ТН-000101", world.school.bin, "NO-SUCH-ITEM", "SN-9")]
    client = api_as(officer)
    with open(xlsx(tmp_path / "d.xlsx", rows), "rb") as f:
        record = client.post("/api/v1/imports/", {"file": f}, format="multipart").json()
    assert record["status"] == "rejected"
    problem = record["check"]["problems"][0]
    assert problem["value"] == "NO-SUCH-ITEM" and problem["reason"] and problem["row"]

    refused = client.post(f"/api/v1/imports/{record['id']}/confirm/", {}, format="json")
    assert refused.status_code == 409 and Unit.objects.count() == 0
    misspelt = client.post(f"/api/v1/imports/{record['id']}/confirm/", {"skip_rejectd": True}, format="json")
    assert misspelt.status_code == 400 and misspelt.json()["errors"][0]["field"] == "skip_rejectd"
    done = client.post(f"/api/v1/imports/{record['id']}/confirm/", {"skip_rejected": True}, format="json")
    assert done.json()["status"] == "imported" and Unit.objects.count() == 2


def test_school_staff_cannot_upload_or_see_imports(api_as, staff, officer, world, tmp_path, immediate_tasks):
    client = api_as(staff)
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world)), "rb") as f:
        assert client.post("/api/v1/imports/", {"file": f}, format="multipart").status_code == 403
    assert not DeliveryImport.objects.exists()
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world)), "rb") as f:
        record = api_as(officer).post("/api/v1/imports/", {"file": f}, format="multipart").json()
    assert client.get("/api/v1/imports/").json()["results"] == []
    assert client.get(f"/api/v1/imports/{record['id']}/").status_code == 404
    assert client.post(f"/api/v1/imports/{record['id']}/confirm/", {}, format="json").status_code == 403


def test_an_upload_without_a_file_or_over_the_limit_is_refused(api_as, officer, world, tmp_path, immediate_tasks,
                                                               settings):
    client = api_as(officer)
    assert client.post("/api/v1/imports/", {}, format="multipart").status_code == 400
    settings.MAX_IMPORT_UPLOAD_MB = 0
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world)), "rb") as f:
        reply = client.post("/api/v1/imports/", {"file": f}, format="multipart")
    assert reply.status_code == 413 and not DeliveryImport.objects.exists()


def test_a_scan_for_a_draft_shipment_is_refused(api_as, staff, school, officer):
    draft = factories.shipment(school, units=1, by=officer, dispatched=False)
    reply = api_as(staff).post(scans_url(draft), batch((draft.units.first().asset_tag, uuid4())), format="json")
    assert reply.status_code == 409
