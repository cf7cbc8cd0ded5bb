"""Benchmark the delivery import on a fresh database.

    .venv/bin/python scripts/bench_import.py --rows 100000              # SQLite
    .venv/bin/python scripts/bench_import.py --rows 100000 --postgres   # PostgreSQL (DATABASE_URL or local)

Generates a realistic delivery list (.xlsx, Russian headers under a title block, serialised units
and some counted lines, ~50 rows a waybill), then measures:
  * the readers: python-calamine against openpyxl's read-only mode, on the same file;
  * two floors, each rolled back: the same reader plus the same units and their first events written
    with raw `executemany` INSERTs (the raw floor), or with Django's `bulk_create` (the bulk_create floor);
    neither checks anything, nor writes shipments, lines or links; both run as the import does, with
    its page cache on SQLite and the cycle collector paused (logistics/importing/pipeline.py);
  * the row-by-row rate: django-import-export's default import of a sample (rolled back);
  * the real pipeline end to end (read, check every row, write in one transaction).
The last line is the figures, as one line of name=value pairs; cpu_s is the pipeline's time on this
process's CPU (on SQLite the database's work included, on PostgreSQL not), a check on a busy machine.

With --postgres the database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
names the server and the prefix: a fresh database "<its name>_bench_import" is created there and
dropped at the end.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000, help="rows for the row-by-row comparison")
    parser.add_argument("--skip-openpyxl", action="store_true", help="do not time openpyxl's reader")
    parser.add_argument("--postgres", action="store_true",
                        help="use PostgreSQL: a fresh database on the server of DATABASE_URL "
                             "(default postgres://postgres@127.0.0.1:5432/postgres)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["PRIVATE_ROOT"] = str(workdir / "private")
    admin_url = None
    if args.postgres:
        admin_url = fresh_postgres_database()
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # As a production worker runs it: with DEBUG on, Django also logs every statement and quotes the
    # parameters of each (thousands for a batch's look-up of asset tags).
    os.environ.update({"DEBUG": "0", "SECRET_KEY": uuid.uuid4().hex * 2, "ALLOWED_HOSTS": "127.0.0.1",
                       "SITE_URL": "http://127.0.0.1", "ALLOW_PLAIN_HTTP": "1", "LOG_LEVEL": "WARNING"})
    sys.path.insert(0, str(ROOT))
    try:
        measure(args, workdir)
    finally:
        if admin_url:
            drop_postgres_database(admin_url)


def measure(args, workdir):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    say(f"fresh database: {os.environ.get('DATABASE_URL') or workdir / 'bench.sqlite3'}")
    call_command("migrate", verbosity=0)
    user, items, institutions = seed()
    path = workdir / "delivery.xlsx"
    started = time.perf_counter()
    write_delivery_file(path, args.rows, items, institutions)
    say(f"generated {args.rows} rows in {time.perf_counter() - started:.1f}s ({path.stat().st_size / 1e6:.1f} MB)")

    calamine_s = time_reader_calamine(path)
    say(f"reader python-calamine: {calamine_s:.2f}s")
    if not args.skip_openpyxl:
        openpyxl_s = time_reader_openpyxl(path)
        say(f"reader openpyxl read-only: {openpyxl_s:.2f}s ({openpyxl_s / calamine_s:.1f}x slower)")

    raw_floor_s = time_raw_floor(path, user)
    say(f"raw floor (reader + executemany INSERTs of units and events): {raw_floor_s:.2f}s")
    floor_s = time_floor(path, user)
    say(f"bulk_create floor (reader + bulk_create of units and events): {floor_s:.2f}s")
    sample_rate = time_row_by_row(path, args.sample)
    say(f"django-import-export row by row: {sample_rate:.0f} rows/s on {args.sample} rows")

    from logistics.importing import pipeline
    from logistics.models import Shipment

    def progress(phase, done, total):
        if done % 20_000 == 0 or done == total:
            say(f"  {phase} {done}/{total}")

    started, cpu_started = time.perf_counter(), time.process_time()
    outcome = pipeline.run(path, by=user, progress=progress)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    if not outcome.written:
        problems = outcome.plan.problems[:5]
        raise SystemExit(f"import refused: {outcome.plan.fatal or problems}")
    say(f"pipeline: {outcome.units_created} units, {outcome.shipments_created} shipments "
        f"({Shipment.objects.count()} in the database) in {seconds:.2f}s, of which {cpu_s:.2f}s on this process's CPU")
    rows = outcome.plan.rows_total
    rate = rows / seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"db={connection.vendor} rows={rows} seconds={seconds:.2f} rows_per_s={rate:.0f} "
          f"raw_floor_s={raw_floor_s:.2f} raw_floor_ratio={seconds / raw_floor_s:.2f} "
          f"bulk_create_floor_s={floor_s:.2f} bulk_create_floor_ratio={seconds / floor_s:.2f} "
          f"rowbyrow_speedup={rate / sample_rate:.1f} cpu_s={cpu_s:.2f} peak_mb={peak_mb:.0f}", flush=True)


def fresh_postgres_database():
    """Create "<DATABASE_URL's database>_bench_import" on its server and point DATABASE_URL at it.

    Returns the server's own URL, for dropping it at the end."""
    from urllib.parse import urlsplit

    import psycopg

    server = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(server)
    name = f"{parts.path.lstrip('/') or 'postgres'}_bench_import"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
    return server


def drop_postgres_database(server):
    from urllib.parse import urlsplit

    import psycopg
    from django.db import connections

    connections.close_all()
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def say(text):
    print(text, file=sys.stderr, flush=True)


def seed():
    from django.contrib.auth.models import User

    from inventory.identifiers import complete_bin
    from inventory.models import Area, Institution, Item

    user = User.objects.create_superuser("bench", password=None)
    country = Area.objects.create(code="000000000", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан",
                                  level=Area.Level.COUNTRY)
    region = Area.objects.create(code="350000000", name_en="Karaganda region", name_ru="Карагандинская область",
                                 name_kk="Қарағанды облысы", level=Area.Level.REGION, parent=country)
    items = [Item(code=f"KZ-{n:04d}", name_en=f"Item {n}", name_ru=f"Изделие {n}", name_kk=f"Бұйым {n}",
                  category=Item.Category.DIDACTIC_KIT,
                  tracking=Item.Tracking.COUNTED if n % 4 == 0 else Item.Tracking.SERIALISED) for n in range(1, 41)]
    Item.objects.bulk_create(items)
    bins, n = [], 0
    while len(bins) < 300:
        n += 1
        if bin_ := complete_bin(f"0{n:010d}"):
            bins.append(bin_)
    Institution.objects.bulk_create([
        Institution(bin=b, name_ru=f"КГУ «Школа № {i}»", name_kk=f"№ {i} мектеп", name_en=f"School No. {i}",
                    kind=Institution.Kind.GENERAL_SCHOOL, area=region, settlement="Караганда")
        for i, b in enumerate(bins, 1)])
    return user, list(Item.objects.values_list("code", "tracking")), bins


HEADERS = ["№ п/п", "№ накладной", "Поставщик", "Договор / лот", "БИН получателя", "Получатель", "Код товара",
           "Наименование", "Кол-во", "Серийный номер", "Дата отгрузки"]


def write_delivery_file(path, rows, items, bins):
    from openpyxl import Workbook

    rng = random.Random(8709)
    serialised = [code for code, tracking in items if tracking == "serialised"]
    counted = [code for code, tracking in items if tracking == "counted"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Поставка")
    sheet.append(["Реестр поставки оборудования для инклюзивного образования"])
    sheet.append(["Проект 8709-KZ, компонент QCBS-12"])
    sheet.append([])
    sheet.append(HEADERS)
    day = date(2025, 9, 1)
    for n in range(1, rows + 1):
        waybill = (n - 1) // 50 + 1
        bin_ = bins[waybill % len(bins)]
        if n % 10 == 0:
            code, quantity, serial = rng.choice(counted), rng.randint(2, 40), ""
        else:
            code, quantity, serial = rng.choice(serialised), 1, f"SN{n:08d}"
        shipped = day + timedelta(days=waybill % 60)
        sheet.append([n, f"ТН-{waybill:06d}", "ТОО «Инклюзив Снаб»", "Лот 12", bin_, "", code, "",
                      quantity, serial, shipped if n % 2 else shipped.strftime("%d.%m.%Y")])
    book.save(path)


def time_reader_calamine(path):
    from logistics.importing.read import open_sheet

    started = time.perf_counter()
    count = sum(1 for _ in open_sheet(path).rows)
    assert count > 0
    return time.perf_counter() - started


def time_reader_openpyxl(path):
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert count > 0
    return time.perf_counter() - started


class Rollback(Exception):
    pass


def floor_units(path):
    """The reader's part of both floors: the file's serialised rows as (item_id, serial, holder_id)."""
    from inventory.models import Institution, Item
    from logistics.importing.read import open_sheet

    items = dict(Item.objects.values_list("code", "pk"))
    bins = dict(Institution.objects.values_list("bin", "pk"))
    rows = open_sheet(path).rows
    for _ in range(4):
        next(rows)
    return [(items[r[6]], r[9], bins[r[4]]) for _n, r in rows if r[9]]


def unique_tags(count):
    # Random tags repeat now and then among 100,000 (the birthday bound); even a floor must not insert
    # a doubled tag, so repeats are redrawn here, in memory.
    from inventory.identifiers import new_asset_tags

    tags = list(dict.fromkeys(new_asset_tags(count)))
    while len(tags) < count:
        tags = list(dict.fromkeys(tags + new_asset_tags(count - len(tags))))
    return tags


def rolled_back(work):
    """Seconds `work()` takes in a transaction then rolled back, run as the import runs: with its page
    cache on SQLite and the cycle collector paused (logistics/importing/pipeline.py)."""
    from django.db import transaction

    from logistics.importing.pipeline import no_collector_pauses, room_for_the_writes

    started = time.perf_counter()
    try:
        with no_collector_pauses(), transaction.atomic(), room_for_the_writes():
            work()
            seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return seconds


def time_raw_floor(path, user):
    """The least any import could do: read the rows, insert units and events with raw executemany, no checks."""
    from django.db import connection
    from django.utils import timezone

    from inventory.models import Unit, UnitEvent

    # Our own table names; the values are parameters.
    qn = connection.ops.quote_name
    unit_sql = (f"INSERT INTO {qn(Unit._meta.db_table)} (item_id, serial, asset_tag, status, holder_id, created_at) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s)")
    event_sql = (f"INSERT INTO {qn(UnitEvent._meta.db_table)} "  # noqa: S608
                 "(unit_id, old_status, new_status, at, actor_id, place_id, reference, note) "
                 "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")

    def write():
        units = floor_units(path)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        tags = unique_tags(len(units))
        with connection.cursor() as cursor:
            cursor.executemany(unit_sql, [(item, serial, tag, "expected", holder, now)
                                          for (item, serial, holder), tag in zip(units, tags, strict=True)])
            cursor.execute(f"SELECT asset_tag, id FROM {qn(Unit._meta.db_table)}")  # noqa: S608
            ids = dict(cursor.fetchall())
            cursor.executemany(event_sql, [(ids[tag], "", "expected", now, user.pk, holder, "", "")
                                           for (_item, _serial, holder), tag in zip(units, tags, strict=True)])

    return rolled_back(write)


def time_floor(path, user):
    """The same with Django's bulk_create of model instances."""
    from inventory.models import Unit, UnitEvent

    def write():
        rows = floor_units(path)
        units = Unit.objects.bulk_create([Unit(item_id=item, serial=serial, holder_id=holder, asset_tag=tag)
                                          for (item, serial, holder), tag in zip(rows, unique_tags(len(rows)),
                                                                                  strict=True)], batch_size=2000)
        UnitEvent.objects.bulk_create([UnitEvent(unit_id=u.pk, new_status="expected", actor=user,
                                                 place_id=u.holder_id) for u in units], batch_size=2000)

    return rolled_back(write)


def time_row_by_row(path, sample):
    """django-import-export's default: one lookup, one save and one savepoint a row."""
    from django.db import transaction
    from import_export import fields, resources, widgets
    from tablib import Dataset

    from inventory.models import Institution, Item, Unit, UnitEvent
    from logistics.importing.read import open_sheet

    class UnitResource(resources.ModelResource):
        item = fields.Field(attribute="item", column_name="item", widget=widgets.ForeignKeyWidget(Item, "code"))
        holder = fields.Field(attribute="holder", column_name="bin",
                              widget=widgets.ForeignKeyWidget(Institution, "bin"))

        class Meta:
            model = Unit
            fields = ["item", "serial", "holder"]
            import_id_fields = ["item", "serial"]

        def after_save_instance(self, instance, row, **kwargs):
            UnitEvent.objects.create(unit=instance, new_status="expected")

    dataset = Dataset(headers=["item", "serial", "bin"])
    rows = open_sheet(path).rows
    for _ in range(4):
        next(rows)
    for _n, r in rows:
        if r[9]:
            dataset.append([r[6], f"RB-{r[9]}", r[4]])
        if len(dataset) >= sample:
            break
    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = UnitResource().import_data(dataset, dry_run=False, raise_errors=True)
            assert result.totals["new"] == len(dataset), result.totals
            seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return len(dataset) / seconds


if __name__ == "__main__":
    main()
