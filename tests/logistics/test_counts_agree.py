"""On the demo, every page that counts a shipment's units says the same: the shipment page, the receipt
page, the home page, the signed act and the coverage table all count "arrived" by StatusGroups
(a damaged unit has arrived, and is also counted among the damaged).

The demo is loaded once for the module inside a transaction that is rolled back at the end."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse

from inventory.models import Area, Item, StatusGroups, Unit
from logistics import coverage_data, coverage_report, progress
from logistics import shipments as service
from logistics.models import AcceptanceAct, Shipment, ShipmentLine

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def admin_client(client, demo, db):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="admin"))
    return client


def _numbers(html, testid):
    """The numbers a reader sees in the element with this test id, in reading order."""
    block = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(?:dl|p)>', html, re.S).group(1)
    return [int(n) for n in re.findall(r"\d+", re.sub(r"<[^>]+>", " ", block))]


def test_the_shipment_page_the_receipt_page_and_the_act_agree(admin_client):
    shipments = list(Shipment.objects.exclude(status=Shipment.Status.DRAFT))
    assert len(shipments) > 10
    for shipment in shipments:
        counts = service.receipt_counts(shipment)
        page = admin_client.get(shipment.get_absolute_url()).content.decode()
        arrived, expected, damaged, missing = _numbers(page, "receipt-counts")[:4]
        assert (arrived, expected, damaged, missing) == (
            counts["units_arrived"], counts["units_expected"], counts["units_damaged"], counts["units_missing"])
        receipt = admin_client.get(reverse("logistics:receive", args=[shipment.pk])).content.decode()
        assert _numbers(receipt, "receipt-count") == [arrived, expected, damaged], shipment.waybill_number
        act = AcceptanceAct.objects.filter(shipment=shipment).first()
        if act is not None:
            summary = act.summary
            assert len(summary["received"]) + len(summary["damaged"]) == arrived, shipment.waybill_number
            assert (len(summary["damaged"]), len(summary["missing"])) == (damaged, missing)


def test_the_home_page_counts_what_the_shipment_pages_count(admin_client):
    for row in progress.awaiting(Shipment.objects.all()):
        assert row.units_arrived == service.receipt_counts(row).get("units_arrived"), row.waybill_number
    arrived = Unit.objects.filter(status__in=StatusGroups.ARRIVED).count()
    assert sum(a.units_arrived for a in progress.by_area()) == arrived
    home = admin_client.get("/").content.decode()
    for area in progress.by_area():  # each area's row ends with its arrived units
        row = rf'>{re.escape(str(area.name))}</a>(?:(?!</tr>).)*<td class="num"[^>]*>{area.units_arrived}</td></tr>'
        assert re.search(row, home, re.S), area.name


def test_the_coverage_table_counts_arrived_units_as_the_home_page_does(demo, db):
    region = Area.objects.get(code="350000000")
    report = coverage_report.build(region, coverage_data.load(region), coverage_report.Filters(year=2024))
    by_area = {a.pk: a.units_arrived for a in progress.by_area() if a.parent_id == region.pk}
    counted = dict(ShipmentLine.objects.filter(item__tracking=Item.Tracking.COUNTED)
                   .exclude(shipment__status=Shipment.Status.DRAFT)
                   .values_list("shipment__destination__area_id").annotate(n=Sum("quantity_received")))
    for area_id, row in report.table.iterrows():
        assert row["received"] - (counted.get(area_id) or 0) == by_area.get(area_id, 0), area_id
