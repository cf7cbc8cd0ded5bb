"""The admin serves the office: every model has a searchable list, and history stays read-only."""

import io
import zipfile
from unittest import mock

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import UnitEvent
from inventory.resources import IMPORT_FORMATS, CheckedXLSX
from tests import factories


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pass-word-123")


def test_every_model_of_both_apps_has_an_admin_list_that_opens(client, superuser, shipped_kit):
    client.force_login(superuser)
    registered = [m for m in admin.site._registry if m._meta.app_label in {"inventory", "logistics"}]
    ours = [m for m in apps.get_models() if m._meta.app_label in {"inventory", "logistics"}]
    assert set(ours) <= set(registered), "every model has an admin"
    for model in ours:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        reply = client.get(url, {"q": "7"})
        assert reply.status_code == 200, url


def test_an_officer_finds_a_unit_by_serial_and_a_shipment_by_waybill(client, superuser, shipped_kit):
    client.force_login(superuser)
    unit = shipped_kit.units.first()
    reply = client.get(reverse("admin:inventory_unit_changelist"), {"q": unit.serial})
    assert list(reply.context["cl"].result_list) == [unit]
    reply = client.get(reverse("admin:logistics_shipment_changelist"), {"q": shipped_kit.waybill_number})
    assert list(reply.context["cl"].result_list) == [shipped_kit]


def test_a_units_status_and_holder_cannot_be_edited_in_the_admin(client, superuser, shipped_kit):
    client.force_login(superuser)
    unit = shipped_kit.units.first()
    url = reverse("admin:inventory_unit_change", args=[unit.pk])
    reply = client.get(url)
    assert reply.status_code == 200
    assert "status" not in reply.context["adminform"].form.fields
    assert "holder" not in reply.context["adminform"].form.fields
    assert unit.events.first().get_new_status_display() in reply.content.decode()


def test_unit_events_cannot_be_changed_or_deleted_in_the_admin(client, superuser, shipped_kit):
    client.force_login(superuser)
    event = UnitEvent.objects.first()
    change = client.post(reverse("admin:inventory_unitevent_change", args=[event.pk]), {"note": "rewritten"})
    assert change.status_code in (302, 403) or "rewritten" not in change.content.decode()
    assert client.post(reverse("admin:inventory_unitevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.note == ""


def test_the_admin_lists_of_shipment_records_cost_the_same_for_one_row_or_many(client, superuser, school, officer):
    client.force_login(superuser)
    factories.shipment(school, units=1, by=officer)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    lists = [reverse(f"admin:logistics_{name}_changelist") for name in ("shipmentline", "shipmentunit")]
    first = factories.shipment(school, units=2, by=officer)
    before = [queries(url) for url in lists] + [queries(reverse("admin:logistics_shipment_change", args=[first.pk]))]
    for _ in range(3):
        factories.shipment(school, units=2, by=officer)
    big = factories.shipment(school, units=8, by=officer)
    after = [queries(url) for url in lists] + [queries(reverse("admin:logistics_shipment_change", args=[big.pk]))]
    assert after[:2] == before[:2]
    assert after[2] <= before[2] + 1, "the shipment page's unit rows do not query one by one"


def test_the_admin_import_refuses_a_workbook_bomb_before_reading_it(client, superuser, settings):
    settings.LANGUAGE_CODE = "en"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"A" * (5 << 20))  # 5 MB packed into a few KB
    buffer.seek(0)
    buffer.name = "schools.xlsx"
    client.force_login(superuser)
    with mock.patch("openpyxl.load_workbook") as reader:
        reply = client.post(reverse("admin:inventory_institution_import"),
                            {"import_file": buffer, "format": IMPORT_FORMATS.index(CheckedXLSX)})
    reader.assert_not_called()
    page = reply.content.decode()
    assert "“schools.xlsx” is refused" in page and "xl/sharedStrings.xml" in page
