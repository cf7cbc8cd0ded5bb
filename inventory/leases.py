"""Leases of background jobs: how a job that outlived its worker is told from one still running.

A job takes a lease when a worker starts it and renews it (its heartbeat) as it progresses. A
worker killed with SIGKILL renews nothing, so its lease lapses; the next worker, and the page that
shows the job, then mark it failed and offer to run it again. A job still queued has no lease:
waiting for a worker is not dying.

Leases are written outside long transactions only (a heartbeat inside one would be invisible to
everyone else until it commits), and never wait for a lock: a heartbeat or a reaper that finds the
database busy skips its turn rather than stall the job or the page.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone


class Busy(Exception):
    """The database was locked by another writer; the caller tries again on its next turn."""


def seconds():
    return max(1, int(settings.JOB_LEASE_SECONDS))


def renewed(now=None):
    """The end of a lease taken or renewed `now`."""
    return (now or timezone.now()) + timedelta(seconds=seconds())


def beat_every():
    """How often a running job renews its lease: several times a lease, so one slow step is no lapse."""
    return seconds() / 4


def lapsed(lease_until, now=None):
    return lease_until is not None and lease_until < (now or timezone.now())


@contextmanager
def without_waiting():
    """Run database writes that give up at once if another writer holds the lock, raising Busy.

    On SQLite one writer at a time holds the whole database, and our busy timeout is 20 s: a
    heartbeat or a reaper must not sit out an import's write transaction, so for these statements
    the connection's busy timeout is set to zero. On PostgreSQL the row locks are taken with NOWAIT
    or SKIP LOCKED by the callers, and a lock timeout bounds anything else.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            before = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        except OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise Busy from exc
            raise
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(before)}")
    else:
        try:
            yield
        except OperationalError as exc:
            if getattr(getattr(exc, "__cause__", None), "sqlstate", None) in {"55P03", "40P01"}:
                raise Busy from exc
            raise
