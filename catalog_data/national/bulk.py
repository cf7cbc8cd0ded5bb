"""Rows straight into tables, for the national demo's millions: PostgreSQL's COPY, elsewhere executemany.

The generator hands over plain tuples with their primary keys already chosen (`Ids`), so nothing
is read back after an insert; the sequences are moved past the new keys at the end. The database's
constraints still check every row (checks, uniques, foreign keys): COPY does not bypass them.
"""

from contextlib import contextmanager
from datetime import UTC, datetime

from django.db import connection


def is_postgres():
    return connection.vendor == "postgresql"


class Ids:
    """The next free primary key of each table, read once, handed out in blocks."""

    def __init__(self):
        self.next = {}

    def take(self, model, count=1):
        table = model._meta.db_table
        if table not in self.next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                self.next[table] = cursor.fetchone()[0] + 1
        first = self.next[table]
        self.next[table] += count
        return first

    def reset_sequences(self, models):
        """Point each table's id sequence past the keys handed out, so the app's own inserts follow on."""
        from django.core.management.color import no_style

        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


_DAYS = {}
_SUFFIX = []


def timestamp(seconds):
    """A UTC time (seconds since the epoch) as both backends read it from text.

    Called for every event (millions): the day's text is made once, the time of day by arithmetic.
    """
    if not _SUFFIX:
        _SUFFIX.append("+00" if is_postgres() else "")
    day, rest = divmod(int(seconds), 86400)
    text = _DAYS.get(day)
    if text is None:
        text = _DAYS[day] = datetime.fromtimestamp(day * 86400, tz=UTC).strftime("%Y-%m-%d ")
    hours, rest = divmod(rest, 3600)
    return f"{text}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}{_SUFFIX[0]}"


class Table:
    """Rows for one table, collected (`add`), then handed over (`take`) and written in one go (`write`)."""

    def __init__(self, model, columns):
        self.model = model
        self.columns = columns
        self.rows = []

    def add(self, *row):
        self.rows.append(row)

    def take(self):
        """The rows collected so far, handed over (to `write`, perhaps on another thread's turn)."""
        rows, self.rows = self.rows, []
        return rows

    def write(self, rows):
        if not rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if is_postgres():
                _copy(cursor, table, names, rows)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
        return len(rows)


def _copy(cursor, table, names, rows):
    # Text format, built here: several times faster than psycopg adapting every value of 5 million rows.
    # Values are ints, None, or strings without tabs, newlines or backslashes (the generator's own).
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        chunk = []
        for row in rows:
            chunk.append("\t".join("\\N" if v is None else str(v) for v in row))
            if len(chunk) >= 20000:
                copy.write("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            copy.write("\n".join(chunk) + "\n")


@contextmanager
def constraints_after(models):
    """On PostgreSQL, load `models`' tables without their secondary indexes, unique and foreign-key
    constraints, and put them all back afterwards (PostgreSQL manual, "Populating a Database").

    Building an index over millions of rows at once is several times faster than keeping it up
    row by row, and adding a constraint checks every row in one pass: a violation still fails the load.
    """
    if not is_postgres():
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC",
                       [tables])
        constraints = cursor.fetchall()
        cursor.execute("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                       "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS ("
                       "SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('u', 'x'))",
                       [tables])
        indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in reversed(constraints):  # unique ones first: foreign keys may need them
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
