"""A program reads what its user may see: catalogue, places, units with history, shipments, acts, imports."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone

from inventory.models import Area, Unit
from logistics import receiving
from logistics.models import Shipment

from .. import factories
from .world import every_page, signed_receipt


def test_a_regional_office_syncs_units_page_by_page_then_only_what_changed(api_as, officer, school, staff):
    first, second = factories.shipment(school, units=5, by=officer), factories.shipment(school, units=4, by=officer)
    client = api_as(officer)
    units, pages = every_page(client, "/api/v1/units/", page_size=3)
    assert pages == 3 and len(units) == 9 and len({u["id"] for u in units}) == 9
    assert [u["id"] for u in units] == sorted(u["id"] for u in units)  # a stable order

    synced_at = timezone.now()
    moved = second.units.first()
    receiving.receive_scan(second.pk, moved.asset_tag, scan_id=uuid4(), by=staff)
    changed, _pages = every_page(client, "/api/v1/units/", changed_since=synced_at.isoformat())
    assert [(u["asset_tag"], u["status"]) for u in changed] == [(moved.asset_tag, Unit.Status.RECEIVED)]
    shipments, _pages = every_page(client, "/api/v1/shipments/", changed_since=synced_at.isoformat())
    assert [s["id"] for s in shipments] == [second.pk]
    assert first.pk not in [s["id"] for s in shipments]


def test_it_filters_units_by_status_item_holder_and_area(api_as, officer, school, other_school):
    kit = factories.shipment(school, units=2, by=officer)
    factories.shipment(other_school, units=3, by=officer, dispatched=False)
    client = api_as(officer)
    item = kit.units.first().item_id

    def count(**params):
        return len(every_page(client, "/api/v1/units/", **params)[0])

    assert count(status="in_transit") == 2 and count(status="expected") == 3
    assert count(status="in_transit,expected") == 5
    assert count(item=item) == 2 and count(holder=other_school.pk) == 3
    region = Area.objects.get(code="350000000")
    assert count(area=school.area_id) == 5 and count(area=region.pk) == 5


@pytest.mark.parametrize("params", [{"status": "lost"}, {"holder": "seven"}, {"changed_since": "yesterday"},
                                    {"holder": "99999999999999999999999"}, {"area": "-1"}])
def test_a_filter_value_that_does_not_parse_is_a_400_naming_the_parameter(api_as, officer, params):
    reply = api_as(officer).get("/api/v1/units/", params)
    assert reply.status_code == 400 and reply["Content-Type"] == "application/problem+json"
    name = next(iter(params))
    assert reply.json()["errors"][0]["field"] == name and name in reply.json()["detail"]


def test_a_unit_by_its_printed_tag_comes_with_its_history(api_as, officer, shipped_kit):
    unit = shipped_kit.units.first()
    reply = api_as(officer).get(f"/api/v1/units/by-tag/{unit.display_tag.lower()}/")
    assert reply.status_code == 200
    body = reply.json()
    assert body["id"] == unit.pk and body["item_code"] == unit.item.code
    assert [e["new_status"] for e in body["events"]] == ["expected", "in_transit"]
    assert body["events"][0]["actor"] == "officer" and body["events"][1]["shipment"] == shipped_kit.pk
    assert api_as(officer).get(f"/api/v1/units/{unit.pk}/").json() == body


def test_a_mistyped_tag_finds_nothing(api_as, officer, shipped_kit):
    tag = shipped_kit.units.first().asset_tag
    wrong = tag[:-1] + ("A" if tag[-1] != "A" else "B")
    assert api_as(officer).get(f"/api/v1/units/by-tag/{wrong}/").status_code == 404


def test_a_shipment_comes_with_its_lines_history_and_units(api_as, officer, school):
    shipment = factories.shipment(school, units=3, counted=25, by=officer)
    client = api_as(officer)
    body = client.get(f"/api/v1/shipments/{shipment.pk}/").json()
    assert body["status"] == Shipment.Status.DISPATCHED and body["destination"] == school.pk
    assert sorted(line["quantity_expected"] for line in body["lines"]) == [3, 25]
    assert [e["action"] for e in body["events"]] == ["created", "dispatched"]
    units, _pages = every_page(client, f"/api/v1/shipments/{shipment.pk}/units/")
    assert {u["asset_tag"] for u in units} == set(shipment.units.values_list("asset_tag", flat=True))


def test_shipments_filter_by_status_destination_and_dispatch_date(api_as, officer, school, other_school):
    to_school = factories.shipment(school, units=1, by=officer)
    factories.shipment(other_school, units=1, by=officer, dispatched=False)
    client = api_as(officer)

    def ids(**params):
        return [s["id"] for s in every_page(client, "/api/v1/shipments/", **params)[0]]

    assert ids(status="dispatched") == [to_school.pk]
    assert ids(destination=school.pk) == [to_school.pk]
    assert ids(dispatched_from="2025-09-01", dispatched_to="2025-09-01") == ids(dispatched_from="2025-01-01")
    assert ids(dispatched_from="2025-09-02") == []


def test_a_signed_act_reads_as_metadata_and_as_its_pdf(api_as, staff, shipped_kit):
    act = signed_receipt(shipped_kit, staff)
    client = api_as(staff)
    listed = client.get("/api/v1/acts/").json()["results"]
    assert [a["number"] for a in listed] == [act.number]
    assert listed[0]["summary"]["missing"] == [] and len(listed[0]["summary"]["received"]) == 3
    pdf = client.get(f"/api/v1/acts/{act.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(f"/api/v1/shipments/{shipped_kit.pk}/").json()["has_act"] is True


def test_areas_carry_their_boundary_only_when_asked(api_as, officer, school):
    square = {"type": "Polygon", "coordinates": [[[73, 49], [74, 49], [74, 50], [73, 49]]]}
    Area.objects.filter(pk=school.area_id).update(boundary=square)
    client = api_as(officer)
    plain = client.get(f"/api/v1/areas/{school.area_id}/").json()
    assert "boundary" not in plain and plain["level"] == "city"
    assert client.get(f"/api/v1/areas/{school.area_id}/", {"boundary": "true"}).json()["boundary"] == square
    regions = every_page(client, "/api/v1/areas/", level="region")[0]
    assert [a["code"] for a in regions] == ["350000000"]


def test_institutions_and_items_are_listed_to_anyone_logged_in(api_as, staff, school, other_school, shipped_kit):
    client = api_as(staff)
    institutions = every_page(client, "/api/v1/institutions/")[0]
    assert {i["id"] for i in institutions} == {school.pk, other_school.pk}
    assert every_page(client, "/api/v1/institutions/", bin=school.bin)[0][0]["id"] == school.pk
    items = every_page(client, "/api/v1/items/", tracking="serialised")[0]
    assert shipped_kit.units.first().item.code in {i["code"] for i in items}


def test_names_follow_the_requests_language(api_as, officer, school):
    school.name_en, school.name_ru = "School Seven", "Школа семь"
    school.save()
    client = api_as(officer)
    assert client.get(f"/api/v1/institutions/{school.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()["name"] == "School Seven"
    assert client.get(f"/api/v1/institutions/{school.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()["name"] == "Школа семь"


def test_units_created_after_a_time(api_as, officer, school):
    factories.shipment(school, units=2, by=officer)
    client = api_as(officer)
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert every_page(client, "/api/v1/units/", created_after=later)[0] == []
    assert len(every_page(client, "/api/v1/units/", created_after="2020-01-01")[0]) == 2


def test_a_client_that_has_a_unit_asks_again_with_its_etag_and_gets_304_until_it_changes(api_as, officer, staff,
                                                                                         shipped_kit):
    unit = shipped_kit.units.first()
    client = api_as(officer)
    first = client.get(f"/api/v1/units/{unit.pk}/")
    tag = first["ETag"]
    unchanged = client.get(f"/api/v1/units/{unit.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    receiving.receive_scan(shipped_kit.pk, unit.asset_tag, scan_id=uuid4(), by=staff)
    changed = client.get(f"/api/v1/units/{unit.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag and changed.json()["status"] == "received"
