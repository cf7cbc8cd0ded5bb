"""The one door through which a delivery import's status changes, shaped like inventory/lifecycle.py.

Each step locks the import's row, checks the transition table, saves what changed with
`update_fields` and appends a DeliveryImportEvent (who, when, why), in one transaction. Views call
the claim steps (`claim_for_import`, `claim_for_recheck`, `claim_for_retry`); the worker calls
`start_check`/`start_import`, renews its lease with `beat` and ends with `finish` or `fail`.

A job whose worker died is found by its lapsed lease (`fail_stale`, `fail_if_stale`). The import
writes everything in one transaction under the import lock (pipeline.py), and records "imported"
inside that same transaction (`finish` through pipeline's `settle`). The reaper marks importing
jobs failed only while holding that lock itself, taken without waiting: so it never fails an
import whose transaction is still running (the lock is held), nor one that just committed (its
status already says imported). A job that was failed while it was in fact alive, between two
heartbeats, finds out at its next heartbeat (LeaseLost) or when it settles, and its transaction
rolls back: "failed" always means nothing was written.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory import leases

from ..models import DeliveryImport, DeliveryImportEvent
from . import progress

log = logging.getLogger(__name__)
S = DeliveryImport.Status

ALLOWED = {
    # Straight to importing only from the command line, which has no preview: the import checks
    # every row again under its lock anyway.
    S.UPLOADED: {S.CHECKING, S.IMPORTING, S.FAILED},
    S.CHECKING: {S.CHECKED, S.REJECTED, S.FAILED},
    S.CHECKED: {S.IMPORTING, S.UPLOADED},
    S.REJECTED: {S.IMPORTING, S.UPLOADED},
    # An import that found new problems under the lock writes nothing and goes back to the preview.
    S.IMPORTING: {S.IMPORTED, S.CHECKED, S.REJECTED, S.FAILED},
    S.IMPORTED: set(),
    S.FAILED: {S.UPLOADED, S.IMPORTING},
}
RUNNING = (S.CHECKING, S.IMPORTING)
# Why a job failed, worded when shown (the worker and the reader may speak different languages).
JOB_PROBLEMS = {
    "stopped": gettext_lazy("The work stopped: the background worker was interrupted, and nothing was written. "
                            "Run it again."),
}


class TransitionNotAllowed(Exception):
    """The message is translated and can be shown to the user as it is."""


class LeaseLost(Exception):
    """The job was marked failed while it ran (its lease had lapsed); it must stop and write nothing."""


def check_transition(record, new):
    new = S(new)
    if new in ALLOWED[S(record.status)]:
        return
    raise TransitionNotAllowed(
        _("The import of “%(name)s” cannot go from “%(old)s” to “%(new)s”.")
        % {"name": record.original_name, "old": S(record.status).label, "new": new.label})


def change_status(import_id, new, *, by=None, note="", expect=None, **fields):
    """Lock, check, change, record: the one place an import's status is written."""
    with transaction.atomic():
        record = DeliveryImport.objects.select_for_update().get(pk=import_id)
        if expect is not None and record.status not in expect:
            # A step that only makes sense from some statuses (a worker's start) says so by name.
            raise TransitionNotAllowed(
                _("The import of “%(name)s” is “%(old)s” and cannot become “%(new)s”.")
                % {"name": record.original_name, "old": S(record.status).label, "new": S(new).label})
        check_transition(record, new)
        DeliveryImportEvent.objects.create(delivery_import=record, old_status=record.status, new_status=new,
                                           actor=by, note=note)
        record.status = new
        if new not in RUNNING:
            fields.setdefault("lease_until", None)
        for name, value in fields.items():
            setattr(record, name, value)
        record.save(update_fields=["status", *fields])
    return record


# --- claims the views make -------------------------------------------------------------------

def claim_for_import(import_id, *, by, skip_rejected=False, without_preview=False):
    """The officer's confirmation: checked (or with problems, if they are left out) → importing.

    The row lock lets one confirmation through even if the button is pressed twice. The job is
    queued without a lease; the worker takes one when it starts. Only the command line, which
    shows no preview, imports a file straight from uploaded (`without_preview`).
    """
    with transaction.atomic():
        record = DeliveryImport.objects.select_for_update().get(pk=import_id)
        if record.status in (S.CHECKED, S.REJECTED) and record.report.get("problems_total") and not skip_rejected:
            raise TransitionNotAllowed(_("The file has rows with problems. Tick the box to import the valid rows "
                                         "and leave those out, or fix the file and upload it again."))
        expect = (S.UPLOADED,) if without_preview else (S.CHECKED, S.REJECTED)
        return change_status(import_id, S.IMPORTING, by=by, expect=expect, skip_rejected=skip_rejected,
                             finished_at=None)


def claim_for_recheck(import_id, *, by, encoding=""):
    """Check the stored file again (in another encoding, or after a failure): back to uploaded."""
    return change_status(import_id, S.UPLOADED, by=by, encoding=encoding, finished_at=None)


def claim_for_retry(import_id, *, by):
    """Run a failed job again: the import if the import failed, otherwise the check. Returns the record."""
    failed = (DeliveryImportEvent.objects.filter(delivery_import_id=import_id, new_status=S.FAILED)
              .order_by("-at", "-pk").first())
    record = DeliveryImport.objects.get(pk=import_id)
    if record.status == S.FAILED and failed is not None and failed.old_status == S.IMPORTING:
        # The preview stays; the failure's message goes, or the page would show it while the import runs.
        preview = {key: value for key, value in record.report.items() if key != "fatal"}
        return change_status(import_id, S.IMPORTING, by=by, expect=(S.FAILED,), finished_at=None, report=preview)
    return change_status(import_id, S.UPLOADED, by=by, expect=(S.FAILED,), finished_at=None)


def confirmed_by(import_id):
    """Who confirmed the import now running (the actor of its latest step into importing)."""
    event = (DeliveryImportEvent.objects.filter(delivery_import_id=import_id, new_status=S.IMPORTING)
             .select_related("actor").order_by("-at", "-pk").first())
    return event.actor if event else None


def record_task(import_id, task_id):
    """Which background task runs this job (for the admin and the logs)."""
    DeliveryImport.objects.filter(pk=import_id).update(task_id=str(task_id)[:64])


# --- steps the worker takes ------------------------------------------------------------------

def start_check(import_id):
    """The worker takes an uploaded file: uploaded → checking, with a fresh lease."""
    now = timezone.now()
    return change_status(import_id, S.CHECKING, expect=(S.UPLOADED,), lease_until=leases.renewed(now), heartbeat_at=now)


def start_import(import_id):
    """The worker takes a confirmed import (status stays importing) and its lease; returns the record."""
    with transaction.atomic():
        record = DeliveryImport.objects.select_for_update().get(pk=import_id)
        if record.status != S.IMPORTING or record.lease_until is not None:
            # Not queued (failed meanwhile), or another worker already has it.
            raise TransitionNotAllowed(_("The import of “%(name)s” is “%(old)s” and is not waiting to be imported.")
                                       % {"name": record.original_name, "old": S(record.status).label})
        record.heartbeat_at = timezone.now()
        record.lease_until = leases.renewed(record.heartbeat_at)
        record.save(update_fields=["lease_until", "heartbeat_at"])
    return record


def beat(import_id):
    """Renew a running job's lease; raise LeaseLost if it was marked failed meanwhile.

    Inside a transaction a heartbeat would be seen by nobody until the commit, so there it is
    skipped (the reaper respects the import lock instead); a database busy with another import's
    write is skipped too, to be tried at the next beat.
    """
    if connection.in_atomic_block:
        return
    now = timezone.now()
    try:
        with leases.without_waiting():
            renewed = DeliveryImport.objects.filter(pk=import_id, status__in=RUNNING).update(
                lease_until=leases.renewed(now), heartbeat_at=now)
    except leases.Busy:
        return
    if not renewed:
        raise LeaseLost(import_id)


def heartbeat(import_id, also=None):
    """A progress callback for the pipeline: the progress file (or `also`, a terminal's progress bar)
    on every call, the lease now and then."""
    last = [0.0]

    def report(phase, done, total):
        if also is None:
            progress.save(import_id, phase, done, total)
        else:
            also(phase, done, total)
        moment = timezone.now().timestamp()
        if moment - last[0] >= leases.beat_every():
            last[0] = moment
            beat(import_id)

    return report


def finish(import_id, new, **fields):
    """A job's last step (checked, rejected, imported, back to the preview): lease released."""
    record = change_status(import_id, new, expect=RUNNING, heartbeat_at=timezone.now(), **fields)
    progress.clear(import_id)
    return record


def fail(import_id, *, code="unexpected", params=None, by=None, note=""):
    """Whatever went wrong, the history says so instead of showing "checking" forever."""
    record = DeliveryImport.objects.get(pk=import_id)
    record = change_status(import_id, S.FAILED, by=by, note=note or code, finished_at=timezone.now(),
                   report={**record.report, "fatal": {"code": code, "params": params or {}}})
    progress.clear(import_id)
    return record


# --- jobs that outlived their worker ---------------------------------------------------------

def fail_if_stale(record):
    """The page's check: a running job whose lease lapsed is failed now. Returns the current record."""
    if record.status in RUNNING and leases.lapsed(record.lease_until):
        fail_stale(only=record.pk)
        record.refresh_from_db()
    return record


def fail_stale(only=None):
    """Mark failed every running job whose lease lapsed; return how many. Never waits for a lock."""
    stale = DeliveryImport.objects.filter(status__in=RUNNING, lease_until__lt=timezone.now())
    if only is not None:
        stale = stale.filter(pk=only)
    failed = 0
    for import_id in stale.values_list("pk", flat=True):
        try:
            with leases.without_waiting(), transaction.atomic():
                if not _import_lock_is_free():
                    return failed  # an import's transaction is running: none of them may be judged now
                # Read again under the lock: the job may have settled or renewed its lease meanwhile.
                record = DeliveryImport.objects.select_for_update().get(pk=import_id)
                if record.status in RUNNING and leases.lapsed(record.lease_until):
                    log.warning("Delivery import %s: lease lapsed at %s; marked failed", import_id,
                                record.lease_until)
                    fail(import_id, code="stopped", note="lease lapsed")
                    failed += 1
        except leases.Busy:
            return failed
    return failed


def _import_lock_is_free():
    """Take the import lock for this transaction if nobody holds it (see pipeline.lock_imports)."""
    if connection.vendor == "postgresql":
        from .pipeline import IMPORT_LOCK_KEY

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            return cursor.fetchone()[0]
    # SQLite: this transaction began IMMEDIATE without waiting (leases.without_waiting), so it
    # already holds the one write lock an import's transaction would hold.
    return True


def describe_failure(code, params):
    """The words for a job problem code, or None if the code is the checker's own."""
    if code not in JOB_PROBLEMS:
        return None
    message = str(JOB_PROBLEMS[code])  # a lazy string: worded in the language active now
    return message % params if params else message
