"""The shipment list's search and deep pages, and the staff home page's recent events, after they were
rebuilt for national scale (issue 19): the same answers as before, reached along cheaper paths."""

import re

import pytest
from django.test import Client
from django.utils import translation

from inventory.models import UnitEvent
from logistics.models import Shipment
from logistics.views.home import recent_events
from tests import factories


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    return client


def _waybills(response):
    return re.findall(r"WB-\d{5}", response.content.decode())


def test_an_officer_finds_a_shipment_by_waybill_supplier_destination_or_bin(officer_client, school, other_school):
    first = factories.shipment(school, units=1)
    second = factories.shipment(other_school, units=1)
    Shipment.objects.filter(pk=second.pk).update(supplier="Sensorika LLP", contract="Lot 44")

    assert _waybills(officer_client.get("/shipments/", {"q": first.waybill_number.lower()})) == [first.waybill_number]
    assert _waybills(officer_client.get("/shipments/", {"q": "sensorika"})) == [second.waybill_number]
    assert _waybills(officer_client.get("/shipments/", {"q": "lot 44"})) == [second.waybill_number]
    assert _waybills(officer_client.get("/shipments/", {"q": "no. 12"})) == [second.waybill_number]
    assert _waybills(officer_client.get("/shipments/", {"q": other_school.bin})) == [second.waybill_number]
    assert _waybills(officer_client.get("/shipments/", {"q": "nothing like it"})) == []


def test_the_last_pages_of_the_shipment_list_hold_the_oldest_shipments_in_order(officer_client, school, settings):
    made = [factories.shipment(school, units=0, dispatched=False).waybill_number for _ in range(120)]
    newest_first = list(reversed(made))  # created one after another: the list shows the newest first

    seen = [w for page in (1, 2, 3) for w in _waybills(officer_client.get("/shipments/", {"page": page}))]

    assert seen == newest_first  # pages 2 and 3 are read from the other end, and turned round
    last = _waybills(officer_client.get("/shipments/", {"page": 3, "q": "WB-"}))
    assert last == newest_first[100:]


def test_a_school_sees_its_own_newest_events_on_its_home_page(staff, school, other_school):
    mine = factories.shipment(school, units=6)
    factories.shipment(other_school, units=6)  # newer, and not this school's

    events = list(recent_events(school.pk, n=4))

    own = UnitEvent.objects.filter(unit__holder=school).order_by("-at", "-pk")
    assert [e.pk for e in events] == [e.pk for e in own[:4]]
    assert {e.unit.asset_tag for e in events} <= set(mine.units.values_list("asset_tag", flat=True))
    client = Client()
    client.force_login(staff)
    with translation.override("en"):
        assert client.get("/").status_code == 200
