"""Benchmark the delivery import on a fresh SQLite database.

    .venv/bin/python scripts/bench_import.py --rows 100000

Generates a realistic delivery list (.xlsx, Russian headers under a title block, serialised units
and some counted lines, ~50 rows a waybill), then measures:
  * the readers: python-calamine against openpyxl's read-only mode, on the same file;
  * the floor: the same reader plus a bare bulk_create of the same units and events (rolled back);
  * the row-by-row rate: django-import-export's default import of a sample (rolled back);
  * the real pipeline end to end (read, check every row, write in one transaction).
The last line is the figures, as one line of name=value pairs.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000, help="rows for the row-by-row comparison")
    parser.add_argument("--skip-openpyxl", action="store_true", help="do not time openpyxl's reader")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["PRIVATE_ROOT"] = str(workdir / "private")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    say(f"fresh database in {workdir}")
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

    floor_s = time_floor(path, user)
    say(f"floor (reader + bare bulk_create of units and events): {floor_s:.2f}s")
    sample_rate = time_row_by_row(path, args.sample)
    say(f"django-import-export row by row: {sample_rate:.0f} rows/s on {args.sample} rows")

    from logistics.importing import pipeline
    from logistics.models import Shipment

    def progress(phase, done, total):
        if done % 20_000 == 0 or done == total:
            say(f"  {phase} {done}/{total}")

    started = time.perf_counter()
    outcome = pipeline.run(path, by=user, progress=progress)
    seconds = time.perf_counter() - started
    if not outcome.written:
        problems = outcome.plan.problems[:5]
        raise SystemExit(f"import refused: {outcome.plan.fatal or problems}")
    say(f"pipeline: {outcome.units_created} units, {outcome.shipments_created} shipments "
        f"({Shipment.objects.count()} in the database) in {seconds:.2f}s")
    rows = outcome.plan.rows_total
    rate = rows / seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows={rows} seconds={seconds:.2f} rows_per_s={rate:.0f} floor_ratio={seconds / floor_s:.2f} "
          f"rowbyrow_speedup={rate / sample_rate:.1f} peak_mb={peak_mb:.0f}", flush=True)


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


def time_floor(path, user):
    """The least any import could do: read the rows, insert units and events, no checks at all."""
    from django.db import transaction

    from inventory.identifiers import new_asset_tag
    from inventory.models import Institution, Item, Unit, UnitEvent
    from logistics.importing.read import open_sheet

    items = dict(Item.objects.values_list("code", "pk"))
    bins = dict(Institution.objects.values_list("bin", "pk"))
    started = time.perf_counter()
    try:
        with transaction.atomic():
            rows = open_sheet(path).rows
            for _ in range(4):
                next(rows)
            units = [Unit(item_id=items[r[6]], serial=r[9], holder_id=bins[r[4]])
                     for _n, r in rows if r[9]]
            # Random tags repeat now and then among 100,000 (the birthday bound); even the floor
            # must not insert a doubled tag, so repeats are redrawn here, in memory.
            seen = set()
            for unit in units:
                while unit.asset_tag in seen:
                    unit.asset_tag = new_asset_tag()
                seen.add(unit.asset_tag)
            units = Unit.objects.bulk_create(units, batch_size=2000)
            UnitEvent.objects.bulk_create([UnitEvent(unit_id=u.pk, new_status="expected", actor=user,
                                                     place_id=u.holder_id) for u in units], batch_size=2000)
            seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return seconds


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
