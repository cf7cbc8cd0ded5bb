"""Every list page costs the same number of SQL statements whatever the number of rows it shows:
a page with three times the shipments, units, institutions and items runs exactly as many queries.
(A statement per row is what makes a page slow at national scale; bench_pages.py measures the rest.)"""

import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Unit
from logistics import receiving
from tests import factories

LIST_PAGES = [
    "/", "/shipments/", "/shipments/?status=partially_received", "/shipments/?q=WB", "/institutions/",
    "/institutions/?kind=general_school", "/catalogue/", "/imports/", "/verification/",
    "/admin/inventory/unit/", "/admin/inventory/unit/?status=received", "/admin/inventory/unitevent/",
    "/admin/logistics/shipment/", "/admin/inventory/institution/", "/admin/inventory/item/",
    "/api/v1/units/", "/api/v1/shipments/", "/api/v1/institutions/", "/api/v1/items/", "/api/v1/areas/",
    "/api/v1/acts/", "/api/v1/imports/",
]


class World:
    """A growing programme: each step adds an institution, an item and a shipment whose units partly arrive."""

    def __init__(self, by):
        self.by = by
        self.school = factories.institution("School No. 1")
        self.steps = 0

    def grow(self, steps):
        for _ in range(steps):
            self.steps += 1
            place = factories.institution(f"School No. {self.steps + 100}")
            shipment = factories.shipment(place, units=3)
            factories.shipment(self.school, units=2)
            for tag in Unit.objects.filter(shipment_units__shipment=shipment).values_list("asset_tag", flat=True)[:2]:
                receiving.receive_scan(shipment.pk, tag, scan_id=uuid.uuid4(), by=self.by)


def statements(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("root", password="pass-123-root")
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", LIST_PAGES)
def test_a_list_page_runs_as_many_statements_for_three_times_the_rows(admin_client, path):
    world = World(User.objects.get(username="root"))
    world.grow(2)
    statements(admin_client, path)  # the first visit fills the caches of the session and the figures
    few = statements(admin_client, path)
    world.grow(4)
    statements(admin_client, path)
    many = statements(admin_client, path)
    assert many == few, f"{path}: {few} statements for {world.steps // 3} steps, {many} for {world.steps}"


def test_a_shipment_page_runs_as_many_statements_for_three_times_its_units(admin_client):
    place = factories.institution("School No. 7")
    small, large = factories.shipment(place, units=4), factories.shipment(place, units=12)
    statements(admin_client, f"/shipments/{small.pk}/")
    assert statements(admin_client, f"/shipments/{small.pk}/") == statements(admin_client, f"/shipments/{large.pk}/")


def test_an_institution_page_runs_as_many_statements_for_three_times_its_shipments(admin_client):
    few, many = factories.institution("School No. 8"), factories.institution("School No. 9")
    factories.shipment(few, units=2)
    for _ in range(3):
        factories.shipment(many, units=2)
    statements(admin_client, f"/institutions/{few.pk}/")
    assert statements(admin_client, f"/institutions/{few.pk}/") == statements(admin_client, f"/institutions/{many.pk}/")
