"""Pages of lists with millions of rows (units, their events): the count and the last pages stay cheap.

Two costs grow with a table: counting it, and skipping to a deep page (`OFFSET n` reads the n rows
it skips). On PostgreSQL an unfiltered list takes the planner's row estimate (`pg_class.reltuples`,
kept by autovacuum) instead of counting millions; a filtered one is counted exactly. A page in the
second half of the list is read from the other end, in reverse order: the last page reads 50 rows,
not the whole table.
"""

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap enough to be worth it.
ESTIMATE_ABOVE = 200_000


def estimated_rows(model):
    """The planner's estimate of the table's rows, or None where there is none (SQLite, never analysed)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] > 0 else None


class LargeTablePaginator(Paginator):
    """A Paginator for a large table's list: estimated count when unfiltered, deep pages read backwards."""

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is not None and not query.where and not query.combinator:
            estimate = estimated_rows(self.object_list.model)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if number <= (self.num_pages + 1) // 2 or not self.object_list.ordered:
            return super().page(number)
        # From the end: the rows of this page are the (count - top)th to (count - bottom)th from the last.
        from_end = self.count - top
        rows = list(self.object_list.reverse()[max(from_end, 0):self.count - bottom])
        rows.reverse()
        return Page(rows, number, self)
