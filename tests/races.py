"""What makes a race in a test a real one: the threads share a database that serialises writers the
way production's does. An in-memory or journal-less SQLite, or PostgreSQL at another isolation level,
would let the concurrency tests pass without testing the locks."""

from pathlib import Path

from django.db import connection


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
