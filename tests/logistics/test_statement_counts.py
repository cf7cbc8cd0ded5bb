"""What a scan and a delivery import cost the database, in statements: the README's performance figures
rest on these numbers, so a change that adds a query to the hot path fails here, naming the queries.

The counts include the transaction's BEGIN and COMMIT, which Django logs on both databases (inside
a test's own transaction they become a SAVEPOINT and its RELEASE: the same number). They are equal on
SQLite and PostgreSQL (the import lock is one statement on each: an empty UPDATE or an advisory lock),
except for the three PRAGMAs with which an import on SQLite enlarges its page cache and restores it.
"""

import uuid

import pytest
from django.db import connection
from django.urls import reverse

from inventory.authentication import RolesBackend
from logistics import receiving
from logistics.importing import apply, pipeline
from tests import factories
from tests.logistics import import_files
from tests.logistics.import_files import row, xlsx

# A subsequent scan of a shipment, in receive_scan: BEGIN; the shipment locked through what the scanner
# may receive; the unit found by its label and locked, with its item, in one join; the INSERT of its
# event; the UPDATE of its status; "is any unit of the shipment still on its way?"; COMMIT.
SUBSEQUENT_SCAN = 7
# The shipment's first arrival adds the UPDATE that makes it partially received and the INSERT of that
# step's ShipmentEvent (logistics.shipments).
FIRST_SCAN = SUBSEQUENT_SCAN + 2
# A resend of a scan already answered, or a unit already received: BEGIN, the shipment, the unit, the
# event the device's scan id (or the unit's arrival) left, COMMIT; nothing is written.
ANSWERED_SCAN = 5
# Through the scan view, before any of that: the session, then the user with their roles and institution
# (inventory.authentication.RolesBackend), so permissions cost no query of their own.
REQUEST = 2

# A delivery import, whatever its size: reading the file, the institutions by BIN, the institutions'
# names, the catalogue's items; then in one transaction: BEGIN, the import lock, the shipments already
# known by waybill, the units already known by serial, the INSERT of the new shipments, the INSERT of
# their first ShipmentEvents ("created"), the INSERT of their lines (returning their ids), COMMIT.
IMPORT_FIXED = 11
# On SQLite only: the page cache's size read, enlarged for the import, and restored (pipeline.py).
IMPORT_SQLITE_PRAGMAS = 3
# Each batch of units (apply.BATCH): in lifecycle.create_units the units' INSERT, returning their ids (a
# drawn asset tag already taken is skipped and drawn again), and their first events' INSERT; then the
# links to their shipments' lines. Each is one multi-row INSERT (inventory.bulk_insert).
IMPORT_PER_BATCH = 3


world = import_files.world  # a fixture


def scan_url(shipment):
    return reverse("logistics:receive-scan", args=[shipment.pk])


@pytest.fixture
def kit(school, officer):
    """A dispatched shipment of four units: enough for a first scan, a later one and a last one."""
    return factories.shipment(school, units=4, by=officer)


@pytest.fixture
def scanner(staff):
    # The staff member as a request knows them: roles and institution read with the user.
    return RolesBackend().get_user(staff.pk)


def receive(kit, unit, scanner, scan_id=None):
    return receiving.receive_scan(kit.pk, unit.asset_tag, scan_id=scan_id or uuid.uuid4(), by=scanner)


def test_a_scan_costs_the_same_few_statements_every_time(kit, scanner, django_assert_num_queries):
    first, second, third, _last = kit.units.order_by("pk")
    with django_assert_num_queries(FIRST_SCAN):
        assert receive(kit, first, scanner).outcome == receiving.Outcome.RECEIVED
    for unit in (second, third):
        with django_assert_num_queries(SUBSEQUENT_SCAN):
            assert receive(kit, unit, scanner).outcome == receiving.Outcome.RECEIVED


def test_it_answers_a_resend_and_a_second_scan_of_a_unit_without_writing(kit, scanner, django_assert_num_queries):
    unit = kit.units.order_by("pk").first()
    scan_id = uuid.uuid4()
    receive(kit, unit, scanner, scan_id)
    with django_assert_num_queries(ANSWERED_SCAN):
        assert receive(kit, unit, scanner, scan_id).repeated
    with django_assert_num_queries(ANSWERED_SCAN):
        assert receive(kit, unit, scanner).outcome == receiving.Outcome.ALREADY_RECEIVED


def test_a_phone_scanning_label_after_label_pays_two_statements_a_request_more(client, kit, staff,
                                                                               django_assert_num_queries):
    client.force_login(staff)
    first, second, *_ = kit.units.order_by("pk")
    scan_id = str(uuid.uuid4())
    with django_assert_num_queries(REQUEST + FIRST_SCAN):
        assert client.post(scan_url(kit), {"code": first.asset_tag, "scan_id": scan_id}).status_code == 200
    with django_assert_num_queries(REQUEST + SUBSEQUENT_SCAN):
        reply = client.post(scan_url(kit), {"code": f"http://127.0.0.1:8000/u/{second.asset_tag}",
                                            "scan_id": str(uuid.uuid4())})
    assert reply.json()["outcome"] == receiving.Outcome.RECEIVED
    with django_assert_num_queries(REQUEST + ANSWERED_SCAN):
        assert client.post(scan_url(kit), {"code": first.asset_tag, "scan_id": scan_id}).json()["repeated"]


def import_fixed():
    return IMPORT_FIXED + (IMPORT_SQLITE_PRAGMAS if connection.vendor == "sqlite" else 0)


def delivery(world, tmp_path, units, waybills):
    """A delivery list of `units` displays and one counted line per waybill, all new to the database."""
    name = f"{units}-{waybills}"
    rows = [row(f"ТН-{name}-{n % waybills}", world.school.bin, "BR-40", f"SN-{name}-{n:05d}") for n in range(units)]
    rows += [row(f"ТН-{name}-{w}", world.school.bin, "CARD-1", quantity=5) for w in range(waybills)]
    return xlsx(tmp_path / f"{name}.xlsx", rows)


@pytest.fixture
def small_batches(monkeypatch):
    # Fifty units a batch instead of two thousand, so a few hundred rows already span several batches.
    monkeypatch.setattr(apply, "BATCH", 50)
    return 50


@pytest.mark.parametrize(("units", "batches"), [(10, 1), (50, 1), (51, 2), (200, 4)])
def test_an_import_costs_a_fixed_number_of_statements_and_a_few_per_batch(world, officer, tmp_path, small_batches,
                                                                          units, batches, django_assert_num_queries):
    path = delivery(world, tmp_path, units, waybills=2)
    with django_assert_num_queries(import_fixed() + IMPORT_PER_BATCH * batches):
        outcome = pipeline.run(path, by=officer)
    assert (outcome.written, outcome.shipments_created, outcome.units_created) == (True, 2, units)


def test_more_waybills_in_a_file_cost_no_more_statements(world, officer, tmp_path, small_batches,
                                                         django_assert_num_queries):
    for waybills in (1, 20):
        with django_assert_num_queries(import_fixed() + IMPORT_PER_BATCH * 2):
            outcome = pipeline.run(delivery(world, tmp_path, 100, waybills), by=officer)
        assert outcome.shipments_created == waybills
