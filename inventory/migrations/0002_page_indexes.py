# Written by hand (issue 19): the indexes the pages need at national scale, each with the page that
# needs it, chosen from EXPLAIN (ANALYZE, BUFFERS) on a million units. Keep it a separate file when
# migrations are folded: the trigram steps run on PostgreSQL only and are not in any model's Meta.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from inventory.postgres_only import trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0001_initial'),
    ]

    operations = [
        # pg_trgm, for the trigram indexes below and in logistics 0002. Does nothing on SQLite.
        TrigramExtension(),
        # Shipment list search (/shipments/?q=…) looks up the destinations whose name contains the words,
        # and the institution list search (/institutions/?q=…) filters by them: a trigram index per name.
        trigram_index("institution_name_ru_trigram", "inventory_institution", "name_ru"),
        trigram_index("institution_name_kk_trigram", "inventory_institution", "name_kk"),
        trigram_index("institution_name_en_trigram", "inventory_institution", "name_en"),
    ]
