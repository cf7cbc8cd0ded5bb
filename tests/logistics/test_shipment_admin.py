"""In the admin a procurement officer prepares a draft shipment; once it is on its way, its
waybill, destination and lines are what the school receives against, and stay as they are."""

import pytest
from django.urls import reverse

from logistics.models import ShipmentLine

from .. import factories


@pytest.fixture
def office_officer(officer):
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    return officer


def test_a_dispatched_shipment_opens_read_only(client, office_officer, shipped_kit, other_school):
    client.force_login(office_officer)
    url = reverse("admin:logistics_shipment_change", args=[shipped_kit.pk])
    reply = client.get(url)
    assert reply.status_code == 200
    assert "destination" not in reply.context["adminform"].form.fields
    lines = next(f for f in reply.context["inline_admin_formsets"] if f.formset.model is ShipmentLine)
    assert not (lines.has_add_permission or lines.has_change_permission or lines.has_delete_permission)

    client.post(url, {"waybill_number": "CHANGED", "supplier": "x", "destination": other_school.pk})
    shipped_kit.refresh_from_db()
    assert shipped_kit.destination_id != other_school.pk
    assert shipped_kit.waybill_number != "CHANGED"


def test_it_refuses_a_new_line_for_a_dispatched_shipment(client, office_officer, shipped_kit):
    client.force_login(office_officer)
    item = factories.item(name="FM hearing system")
    before = ShipmentLine.objects.count()
    reply = client.post(reverse("admin:logistics_shipmentline_add"),
                        {"shipment": shipped_kit.pk, "item": item.pk, "quantity_expected": 5})
    assert reply.status_code == 200
    assert "only to a draft shipment" in reply.content.decode()
    assert ShipmentLine.objects.count() == before


def test_a_draft_without_units_can_still_be_edited(client, office_officer, school, officer):
    draft = factories.shipment(school, units=0, counted=4, dispatched=False, by=officer)
    client.force_login(office_officer)
    reply = client.get(reverse("admin:logistics_shipment_change", args=[draft.pk]))
    assert "destination" in reply.context["adminform"].form.fields
    reply = client.post(reverse("admin:logistics_shipmentline_add"),
                        {"shipment": draft.pk, "item": factories.item().pk, "quantity_expected": 2})
    assert reply.status_code == 302
    assert draft.lines.count() == 2


def test_a_draft_whose_units_are_held_for_a_school_keeps_its_destination(client, office_officer, school, officer):
    draft = factories.shipment(school, units=2, dispatched=False, by=officer)
    client.force_login(office_officer)
    reply = client.get(reverse("admin:logistics_shipment_change", args=[draft.pk]))
    assert "destination" not in reply.context["adminform"].form.fields
    assert "supplier" in reply.context["adminform"].form.fields
