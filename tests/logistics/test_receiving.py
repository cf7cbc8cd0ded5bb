"""Staff scan the labels of a delivery: every outcome of a scan, resends, damage, counted lines, closing."""

import io
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from inventory import lifecycle
from inventory.identifiers import new_asset_tag
from inventory.models import Unit, UnitEvent
from logistics import receiving
from logistics.models import DamagePhoto, Shipment, ShipmentLine, UnexpectedScan
from tests import factories

S = Unit.Status


def scan_url(shipment):
    return reverse("logistics:receive-scan", args=[shipment.pk])


def scan(client, shipment, code, scan_id=None):
    reply = client.post(scan_url(shipment), {"code": code, "scan_id": str(scan_id or uuid.uuid4())})
    return reply


def statuses(shipment):
    return sorted(shipment.units.values_list("status", flat=True))


def photo_bytes(fmt="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, format=fmt)
    return out.getvalue()


def test_staff_scan_every_label_and_the_shipment_is_received(client, shipped_kit, staff):
    client.force_login(staff)
    for unit in shipped_kit.units.all():
        reply = scan(client, shipped_kit, f"http://127.0.0.1:8000/u/{unit.asset_tag}")
        assert reply.status_code == 200
        assert reply.json()["outcome"] == "received"
    assert statuses(shipped_kit) == [S.RECEIVED] * 3
    shipped_kit.refresh_from_db()
    assert shipped_kit.status == Shipment.Status.ARRIVED  # every unit is here; closing the receipt comes next
    state = client.get(reverse("logistics:receive-state", args=[shipped_kit.pk])).json()
    assert (state["counts"]["units_arrived"], state["counts"]["units_expected"]) == (3, 3)
    assert {u["status"] for u in state["units"]} == {S.RECEIVED}


def test_the_first_scan_makes_the_shipment_partially_received(client, shipped_kit, staff):
    client.force_login(staff)
    scan(client, shipped_kit, shipped_kit.units.first().asset_tag)
    shipped_kit.refresh_from_db()
    assert shipped_kit.status == Shipment.Status.PARTIALLY_RECEIVED


def test_it_ignores_the_same_scan_sent_twice(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan_id = uuid.uuid4()
    first = scan(client, shipped_kit, unit.asset_tag, scan_id).json()
    again = scan(client, shipped_kit, unit.asset_tag, scan_id).json()
    assert (first["outcome"], again["outcome"]) == ("received", "received")
    assert again["repeated"] is True
    assert UnitEvent.objects.filter(unit=unit, new_status=S.RECEIVED).count() == 1


def test_a_unit_scanned_again_is_already_received(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan(client, shipped_kit, unit.asset_tag)
    reply = scan(client, shipped_kit, unit.display_tag.lower()).json()
    assert reply["outcome"] == "already_received"
    assert unit.display_tag in reply["message"]
    assert UnitEvent.objects.filter(unit=unit, new_status=S.RECEIVED).count() == 1


def test_a_unit_of_another_shipment_to_the_same_school_is_not_in_this_shipment(client, shipped_kit, staff, school):
    other = factories.shipment(school, units=1)
    client.force_login(staff)
    stray = other.units.get()
    reply = scan(client, shipped_kit, stray.asset_tag).json()
    assert reply["outcome"] == "not_in_shipment"
    assert Unit.objects.get(pk=stray.pk).status == S.IN_TRANSIT
    assert UnexpectedScan.objects.get(shipment=shipped_kit).unit == stray


def test_a_unit_of_another_institution_is_refused(client, shipped_kit, staff, other_school):
    theirs = factories.shipment(other_school, units=1).units.get()
    client.force_login(staff)
    reply = scan(client, shipped_kit, theirs.asset_tag).json()
    assert reply["outcome"] == "other_institution"
    assert other_school.name_ru not in reply["message"]  # the other school is not named to a stranger
    assert Unit.objects.get(pk=theirs.pk).status == S.IN_TRANSIT


def test_a_well_formed_tag_that_no_unit_has_is_an_unknown_code(client, shipped_kit, staff):
    client.force_login(staff)
    tags = set(Unit.objects.values_list("asset_tag", flat=True))
    stranger = next(t for t in (new_asset_tag() for _ in range(50)) if t not in tags)
    reply = scan(client, shipped_kit, stranger).json()
    assert reply["outcome"] == "unknown_code"


def test_a_barcode_that_is_no_label_is_an_unknown_code(client, shipped_kit, staff):
    client.force_login(staff)
    assert scan(client, shipped_kit, "4006381333931").json()["outcome"] == "unknown_code"


def test_a_mistyped_tag_is_reported_and_changes_nothing(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    wrong = unit.asset_tag[:-1] + ("2" if unit.asset_tag[-1] != "2" else "3")
    reply = scan(client, shipped_kit, wrong).json()
    assert reply["outcome"] == "mistyped"
    assert statuses(shipped_kit) == [S.IN_TRANSIT] * 3
    assert not UnexpectedScan.objects.exists()


def test_a_scan_under_a_russian_keyboard_layout_receives_the_unit(client, shipped_kit, staff):
    from tests.inventory.test_scan_input import _RUSSIAN, typed_in

    client.force_login(staff)
    unit = shipped_kit.units.first()
    reply = scan(client, shipped_kit, typed_in(_RUSSIAN, f"http://127.0.0.1:8000/u/{unit.asset_tag}")).json()
    assert (reply["outcome"], reply["tag"]) == ("received", unit.asset_tag)


@pytest.mark.parametrize("data", [
    {"code": "", "scan_id": str(uuid.uuid4())},
    {"code": "ABC", "scan_id": "not-a-uuid"},
    {"code": "x" * 501, "scan_id": str(uuid.uuid4())},
    {"code": "ABC"},
])
def test_a_bad_scan_request_gets_a_clear_message_and_writes_nothing(client, shipped_kit, staff, data):
    client.force_login(staff)
    reply = client.post(scan_url(shipped_kit), data)
    assert reply.status_code == 400
    assert reply.json()["error"]
    assert not UnexpectedScan.objects.exists()
    assert statuses(shipped_kit) == [S.IN_TRANSIT] * 3


def test_a_scan_id_already_used_for_another_unit_is_refused(client, shipped_kit, staff):
    client.force_login(staff)
    first, second = shipped_kit.units.all()[:2]
    scan_id = uuid.uuid4()
    scan(client, shipped_kit, first.asset_tag, scan_id)
    reply = scan(client, shipped_kit, second.asset_tag, scan_id)
    assert reply.status_code == 409
    assert Unit.objects.get(pk=second.pk).status == S.IN_TRANSIT


def test_a_scan_resent_after_the_receipt_closed_gets_its_first_answer(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan_id = uuid.uuid4()
    scan(client, shipped_kit, unit.asset_tag, scan_id)
    client.post(reverse("logistics:receive-close", args=[shipped_kit.pk]))
    reply = scan(client, shipped_kit, unit.asset_tag, scan_id)
    assert reply.status_code == 200
    assert (reply.json()["outcome"], reply.json()["repeated"]) == ("received", True)


def test_a_scan_resent_after_its_unit_moved_on_gets_its_first_answer(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan_id = uuid.uuid4()
    scan(client, shipped_kit, unit.asset_tag, scan_id)
    lifecycle.change_status(unit.pk, S.MISSING, by=staff, note="Taken to the wrong room")
    reply = scan(client, shipped_kit, unit.asset_tag, scan_id)
    assert reply.status_code == 200
    assert (reply.json()["outcome"], reply.json()["repeated"]) == ("received", True)
    assert Unit.objects.get(pk=unit.pk).status == S.MISSING
    assert UnitEvent.objects.filter(scan_id=scan_id).count() == 1


def test_an_unexpected_scan_sent_twice_is_kept_once(client, shipped_kit, staff):
    client.force_login(staff)
    scan_id = uuid.uuid4()
    first = scan(client, shipped_kit, "4006381333931", scan_id).json()
    again = scan(client, shipped_kit, "4006381333931", scan_id).json()
    assert (first["outcome"], again["outcome"], again["repeated"]) == ("unknown_code", "unknown_code", True)
    assert UnexpectedScan.objects.count() == 1


def test_a_scan_id_of_another_shipment_is_refused(client, shipped_kit, staff, school):
    other = factories.shipment(school, units=1)
    client.force_login(staff)
    scan_id = uuid.uuid4()
    scan(client, other, other.units.get().asset_tag, scan_id)
    reply = scan(client, shipped_kit, shipped_kit.units.first().asset_tag, scan_id)
    assert reply.status_code == 409
    assert statuses(shipped_kit) == [S.IN_TRANSIT] * 3


def test_scans_after_closing_are_refused(client, shipped_kit, staff):
    client.force_login(staff)
    client.post(reverse("logistics:receive-close", args=[shipped_kit.pk]))
    reply = scan(client, shipped_kit, shipped_kit.units.first().asset_tag)
    assert reply.status_code == 409
    assert shipped_kit.waybill_number in reply.json()["error"]


def test_a_draft_shipment_cannot_be_received(client, school, staff):
    draft = factories.shipment(school, units=1, dispatched=False)
    client.force_login(staff)
    assert scan(client, draft, draft.units.get().asset_tag).status_code == 409
    assert draft.units.get().status == S.EXPECTED


def test_a_damaged_unit_is_recorded_with_its_note_and_photo(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    reply = client.post(reverse("logistics:receive-damaged", args=[shipped_kit.pk]), {
        "code": unit.asset_tag, "note": "Screen cracked",
        "photo": io.BytesIO(photo_bytes()),
    })
    assert reply.status_code == 200, reply.content
    unit.refresh_from_db()
    assert unit.status == S.DAMAGED
    assert unit.events.last().note == "Screen cracked"
    saved = DamagePhoto.objects.get(unit=unit)
    assert saved.content_type == "image/jpeg"
    assert client.get(reply.json()["photo"]).status_code == 200
    assert scan(client, shipped_kit, unit.asset_tag).json()["outcome"] == "already_received"


def test_a_received_unit_can_still_be_reported_damaged(client, shipped_kit, staff):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    scan(client, shipped_kit, unit.asset_tag)
    reply = client.post(reverse("logistics:receive-damaged", args=[shipped_kit.pk]),
                        {"code": unit.asset_tag, "note": "Dented"})
    assert reply.status_code == 200
    assert Unit.objects.get(pk=unit.pk).status == S.DAMAGED


@pytest.mark.parametrize("upload", [b"%PDF-1.4 not a photo", b"<script>alert(1)</script>", b"GIF89a"])
def test_a_file_that_is_not_a_photo_is_refused(client, shipped_kit, staff, upload):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    named = io.BytesIO(upload)
    named.name = "photo.jpg"
    reply = client.post(reverse("logistics:receive-damaged", args=[shipped_kit.pk]),
                        {"code": unit.asset_tag, "note": "x", "photo": named})
    assert reply.status_code == 400
    assert Unit.objects.get(pk=unit.pk).status == S.IN_TRANSIT
    assert not DamagePhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client, shipped_kit, staff, settings):
    settings.MAX_PHOTO_UPLOAD_MB = 0
    client.force_login(staff)
    unit = shipped_kit.units.first()
    reply = client.post(reverse("logistics:receive-damaged", args=[shipped_kit.pk]),
                        {"code": unit.asset_tag, "note": "x", "photo": io.BytesIO(photo_bytes("PNG"))})
    assert reply.status_code == 400
    assert not DamagePhoto.objects.exists()


def test_photos_are_stored_out_of_the_web_root(client, shipped_kit, staff, settings):
    client.force_login(staff)
    unit = shipped_kit.units.first()
    client.post(reverse("logistics:receive-damaged", args=[shipped_kit.pk]),
                {"code": unit.asset_tag, "note": "x", "photo": io.BytesIO(photo_bytes("PNG"))})
    path = DamagePhoto.objects.get().image.path
    assert path.startswith(str(settings.PRIVATE_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))


def test_a_counted_line_is_confirmed_by_quantity(client, school, staff):
    pack = factories.shipment(school, units=1, counted=30)
    line = pack.lines.get(quantity_expected=30)
    client.force_login(staff)
    scan(client, pack, pack.units.get().asset_tag)
    reply = client.post(reverse("logistics:receive-quantity", args=[pack.pk]), {"line": line.pk, "quantity": 30})
    assert reply.status_code == 200
    assert ShipmentLine.objects.get(pk=line.pk).quantity_received == 30
    pack.refresh_from_db()
    assert pack.status == Shipment.Status.ARRIVED


def test_a_quantity_for_a_serialised_or_foreign_line_is_refused(client, shipped_kit, staff, school):
    other = factories.shipment(school, units=0, counted=5)
    client.force_login(staff)
    serialised = shipped_kit.lines.get()
    foreign = other.lines.get()
    for line in (serialised, foreign):
        reply = client.post(reverse("logistics:receive-quantity", args=[shipped_kit.pk]),
                            {"line": line.pk, "quantity": 1})
        assert reply.status_code == 409
    assert client.post(reverse("logistics:receive-quantity", args=[shipped_kit.pk]),
                       {"line": serialised.pk, "quantity": -1}).status_code == 400


def test_closing_marks_unscanned_units_missing_and_shows_the_discrepancies(client, shipped_kit, staff, school):
    stray = factories.shipment(school, units=1).units.get()
    client.force_login(staff)
    received, damaged, missing = shipped_kit.units.order_by("pk")
    scan(client, shipped_kit, received.asset_tag)
    client.post(reverse("logistics:receive-damaged", args=[shipped_kit.pk]), {"code": damaged.asset_tag, "note": "Wet"})
    scan(client, shipped_kit, stray.asset_tag)
    preview = client.get(reverse("logistics:receive-close", args=[shipped_kit.pk]))
    assert missing.display_tag in preview.content.decode()
    reply = client.post(reverse("logistics:receive-close", args=[shipped_kit.pk]))
    assert reply.status_code == 302
    assert Unit.objects.get(pk=missing.pk).status == S.MISSING
    shipped_kit.refresh_from_db()
    assert shipped_kit.status == Shipment.Status.CLOSED_WITH_DISCREPANCIES
    summary = receiving.receipt_summary(shipped_kit)
    assert [r["tag"] for r in summary["received"]] == [received.display_tag]
    assert [(r["tag"], r["note"]) for r in summary["damaged"]] == [(damaged.display_tag, "Wet")]
    assert [r["tag"] for r in summary["missing"]] == [missing.display_tag]
    assert [r["code"] for r in summary["unexpected"]] == [stray.display_tag]


def test_the_receipt_page_lists_the_expected_units(client, shipped_kit, staff):
    client.force_login(staff)
    page = client.get(reverse("logistics:receive", args=[shipped_kit.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for unit in shipped_kit.units.all():
        assert unit.display_tag in body
    # The camera scans labels: the policy must give it to the page's own origin.
    assert "camera=(self)" in page.headers["Permissions-Policy"]


def test_the_shipment_page_offers_the_receipt_to_its_staff_only(client, shipped_kit, staff, manager):
    client.force_login(staff)
    assert 'data-testid="receive-link"' in client.get(shipped_kit.get_absolute_url()).content.decode()
    client.force_login(manager)
    assert 'data-testid="receive-link"' not in client.get(shipped_kit.get_absolute_url()).content.decode()


def test_the_service_worker_is_served_as_javascript_with_a_scope_over_the_receipt_pages(client):
    reply = client.get(reverse("logistics:receive-sw"))
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("text/javascript")
    assert reply["Service-Worker-Allowed"] == "/shipments/"
    assert "zxing_reader.wasm" in reply.content.decode()
    assert reverse("logistics:receive", args=[1]).startswith(reply["Service-Worker-Allowed"])
