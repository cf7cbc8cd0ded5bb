"""A worker killed in the middle of an import leaves no import "importing" forever: its lease lapses,
the next worker or the page marks it failed (nothing was written), and the officer runs it again.
A lapsed lease never fails an import whose transaction is still running."""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from inventory.models import Unit
from logistics import jobs
from logistics.importing import pipeline, states, uploads
from logistics.models import DeliveryImport

from . import import_files
from .import_files import db_state, good_rows, xlsx

world, immediate_tasks = import_files.world, import_files.immediate_tasks  # fixtures
S = DeliveryImport.Status
ROOT = Path(__file__).resolve().parents[2]


def confirmed(officer, world, tmp_path, count=3):
    """An import the officer confirmed, taken by a worker that then died (its lease in the past)."""
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world, count=count)), "rb") as f:
        record = uploads.store(f, name="d.xlsx", by=officer)
    uploads.check_upload(record.pk)
    states.claim_for_import(record.pk, by=officer)
    states.start_import(record.pk)
    return record


def lapse(record):
    # The clock moved on past the lease without a heartbeat, as after a SIGKILL.
    DeliveryImport.objects.filter(pk=record.pk).update(lease_until=timezone.now() - timedelta(seconds=1))


def test_the_page_marks_a_dead_import_failed_and_the_officer_runs_it_again(client, officer, world,
                                                                           immediate_tasks, tmp_path):
    record = confirmed(officer, world, tmp_path)
    client.force_login(officer)
    page = client.get(reverse("logistics:import", args=[record.pk])).text
    assert "Writing units" not in page and 'data-testid="retry-form"' not in page  # alive: its lease holds
    lapse(record)
    page = client.get(reverse("logistics:import", args=[record.pk])).text
    assert "The work stopped" in page and "nothing was written" in page and 'data-testid="retry-form"' in page
    assert DeliveryImport.objects.get(pk=record.pk).status == S.FAILED and Unit.objects.count() == 0
    client.post(reverse("logistics:import-retry", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == S.IMPORTED and record.units_created == 3 and "fatal" not in record.report
    assert list(record.events.values_list("new_status", flat=True))[-3:] == [S.FAILED, S.IMPORTING, S.IMPORTED]


def test_the_polling_page_learns_of_the_failure_too(client, officer, world, immediate_tasks, tmp_path):
    record = confirmed(officer, world, tmp_path)
    lapse(record)
    client.force_login(officer)
    state = client.get(reverse("logistics:import-status", args=[record.pk])).json()
    assert (state["status"], state["running"]) == (S.FAILED, False)


def test_a_queued_import_waiting_for_a_worker_is_not_failed(officer, world, immediate_tasks, tmp_path):
    record = confirmed(officer, world, tmp_path)
    states.change_status(record.pk, S.FAILED)
    states.claim_for_retry(record.pk, by=officer)  # queued again, no worker yet: no lease to lapse
    assert jobs.reap_stale_jobs() == 0 and DeliveryImport.objects.get(pk=record.pk).status == S.IMPORTING


def test_a_failed_check_runs_again_as_a_check(client, officer, world, immediate_tasks, tmp_path):
    with open(xlsx(tmp_path / "d.xlsx", good_rows(world)), "rb") as f:
        record = uploads.store(f, name="d.xlsx", by=officer)
    states.start_check(record.pk)
    lapse(record)
    assert call_command_output("reap_jobs") == "Background jobs marked failed: 1."
    client.force_login(officer)
    client.post(reverse("logistics:import-retry", args=[record.pk]))
    assert DeliveryImport.objects.get(pk=record.pk).status == S.CHECKED


def call_command_output(name):
    from io import StringIO

    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db(transaction=True)  # a heartbeat is written outside transactions only
def test_a_job_failed_while_alive_stops_at_its_next_heartbeat(officer, world, immediate_tasks, tmp_path, settings):
    settings.JOB_LEASE_SECONDS = 1
    record = confirmed(officer, world, tmp_path)
    lapse(record)
    jobs.reap_stale_jobs()
    with pytest.raises(states.LeaseLost):
        states.beat(record.pk)


def test_an_import_failed_before_it_commits_writes_nothing(officer, world, immediate_tasks, tmp_path):
    record = confirmed(officer, world, tmp_path)
    before = db_state()
    lapse(record)
    jobs.reap_stale_jobs()  # the reaper judged it dead between two heartbeats; it was merely slow
    with pytest.raises(states.TransitionNotAllowed):
        pipeline.run(record.file.path, by=officer, delivery_import=record,
                     settle=lambda outcome: states.finish(record.pk, S.IMPORTED))
    assert db_state() == before and DeliveryImport.objects.get(pk=record.pk).status == S.FAILED


@pytest.mark.django_db(transaction=True)
def test_a_lapsed_lease_never_fails_an_import_whose_transaction_is_running(officer, world, immediate_tasks,
                                                                            tmp_path):
    record = confirmed(officer, world, tmp_path)
    lapse(record)
    holding, release = threading.Event(), threading.Event()

    def import_transaction():  # an import writing for longer than its lease
        try:
            with transaction.atomic():
                pipeline.lock_imports()
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    writer = threading.Thread(target=import_transaction)
    writer.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        assert jobs.reap_stale_jobs() == 0  # it cannot take the import lock, so it judges nothing
        assert time.monotonic() - started < 2  # and it did not wait for the lock either
        assert DeliveryImport.objects.get(pk=record.pk).status == S.IMPORTING
    finally:
        release.set()
        writer.join()
    assert jobs.reap_stale_jobs() == 1 and DeliveryImport.objects.get(pk=record.pk).status == S.FAILED


@pytest.mark.django_db(transaction=True)  # the watcher is a thread with its own connection
def test_the_watcher_fails_stale_jobs_on_its_first_pass(officer, world, immediate_tasks, tmp_path):
    record = confirmed(officer, world, tmp_path)
    lapse(record)
    stop = threading.Event()
    stop.set()  # one pass, then it stops
    watcher = threading.Thread(target=jobs.watch, args=(stop,))
    watcher.start()
    watcher.join(10)
    assert DeliveryImport.objects.get(pk=record.pk).status == S.FAILED
    assert jobs.is_worker(["manage.py", "db_worker", "--queue-name", "default"])
    assert not jobs.is_worker(["manage.py", "runserver"]) and jobs.start_watching(["pytest"]) is None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_fails_the_import_its_killed_predecessor_left(officer, world, tmp_path):
    record = confirmed(officer, world, tmp_path)
    lapse(record)
    environment = {**os.environ, "PRIVATE_ROOT": str(tmp_path / "private")}
    db = django_settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        environment["SQLITE_PATH"] = db["NAME"]
    else:
        environment["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                               "--interval", "0.2"], cwd=ROOT, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while DeliveryImport.objects.get(pk=record.pk).status != S.FAILED and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(10)
    record.refresh_from_db()
    assert record.status == S.FAILED and record.report["fatal"]["code"] == "stopped"
