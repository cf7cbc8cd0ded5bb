# Written by hand (issue 19): the indexes the pages need at national scale, each with the page that
# needs it, chosen from EXPLAIN (ANALYZE, BUFFERS) on 30,000 shipments and a million units. Keep it a
# separate file when migrations are folded: the trigram steps run on PostgreSQL only and are not in
# any model's Meta (the btree index is, in Shipment.Meta.indexes, with the same comment).

from django.db import migrations, models

from inventory.postgres_only import trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0002_page_indexes'),
        ('logistics', '0001_initial'),
    ]

    operations = [
        # Shipment list (/shipments/, and the admin's): newest first, and its last pages read backwards
        # from the other end of this index instead of an OFFSET past 30,000 sorted rows (0.63 s → 10 ms).
        migrations.AddIndex(
            model_name='shipment',
            index=models.Index(fields=['created_at', 'id'], name='shipment_newest_first'),
        ),
        # Shipment list search (/shipments/?q=…): waybill, supplier and contract are searched by
        # substring; with these the three become one bitmap scan instead of reading every shipment
        # (a waybill number: 0.5 ms instead of 50 ms).
        trigram_index("shipment_waybill_trigram", "logistics_shipment", "waybill_number"),
        trigram_index("shipment_supplier_trigram", "logistics_shipment", "supplier"),
        trigram_index("shipment_contract_trigram", "logistics_shipment", "contract"),
    ]
