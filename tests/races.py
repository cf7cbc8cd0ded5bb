"""What makes a race in a test a real one: the threads share a database that serialises writers the
way production's does. An in-memory or journal-less SQLite, or PostgreSQL at another isolation level,
would let the concurrency tests pass without testing the locks."""

import threading
from pathlib import Path

from django.db import connection, connections


def assert_the_database_can_race():
    """SQLite: a file in WAL mode with IMMEDIATE transactions. PostgreSQL: READ COMMITTED row locks."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            name = connection.settings_dict["NAME"]
            assert not connection.is_in_memory_db(), name
            assert Path(name).is_file(), name
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            assert connection.transaction_mode == "IMMEDIATE"
        else:
            assert connection.vendor == "postgresql", connection.vendor
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone()[0] == "read committed"


def race(jobs):
    """Run the jobs in threads released together; return their results and any errors."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # any error is the caller's to judge
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def taken_and_refused(jobs, refusal):
    """Run the jobs at once: (how many took their step, how many were refused with `refusal`).

    Any other error fails the test."""
    _results, errors = race(jobs)
    assert [e for e in errors if not isinstance(e, refusal)] == []
    return len(jobs) - len(errors), len(errors)
