"""A migration step for PostgreSQL only: the trigram indexes of the pages' searches (pg_trgm), which
SQLite has no use for (there a search reads the table, small in tests and on one laptop)."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does nothing on another database. The model state is untouched: these indexes are
    not in any model's Meta (Meta.indexes would be created on SQLite too, which has no GIN)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(name, table, column):
    """A GIN trigram index on UPPER(column): what Django's `icontains` asks PostgreSQL
    (UPPER(column::text) LIKE UPPER('%…%')), answered from the index instead of every row."""
    return PostgresOnlySQL(
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)",
        f"DROP INDEX IF EXISTS {name}")
