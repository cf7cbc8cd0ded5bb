"""Benchmark listing units through the REST API page by page, against the same listing through the ORM.

    .venv/bin/python scripts/bench_api.py --units 10000

Builds a fresh SQLite database with `--units` units, then, in one run and one process:
  * the API: an officer's token pages through /api/v1/units/ (cursor pages of `--page-size`), every
    request through Django's full stack (middleware, authentication, throttling, DRF, JSON);
  * the floor: the same units, the same fields and the same pages read with the ORM (values(), keyset
    by primary key), no HTTP, no serialisation to JSON.
Both must return every unit once. The last line is the figures, as one line of name=value pairs.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="full listings of each kind; the best counts")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    os.environ.update(SQLITE_PATH=str(workdir / "bench.sqlite3"), PRIVATE_ROOT=str(workdir / "private"),
                      DJANGO_SETTINGS_MODULE="config.settings", LOG_LEVEL="WARNING", API_THROTTLE_RATE="1000000/minute")
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    token = seed(args.units)
    api = min(list_through_api(token, args.page_size, args.units) for _ in range(args.rounds))
    orm = min(list_through_orm(args.page_size, args.units) for _ in range(args.rounds))
    pages = -(-args.units // args.page_size)
    print(f"API: {args.units} units in {pages} pages, {api:.2f} s ({pages / api:.0f} requests/s, "
          f"{args.units / api:.0f} units/s)")
    print(f"ORM: the same pages in {orm:.2f} s ({pages / orm:.0f} pages/s)")
    print(f"units={args.units} page_size={args.page_size} api_s={api:.3f} api_requests_per_s={pages / api:.0f} "
          f"api_units_per_s={args.units / api:.0f} orm_s={orm:.3f} orm_pages_per_s={pages / orm:.0f} "
          f"api_vs_orm={api / orm:.1f}")


def seed(count):
    from django.contrib.auth.models import Group, User

    from api.tokens import create_token
    from inventory import lifecycle
    from inventory.identifiers import complete_bin
    from inventory.models import Area, Institution, Item, Role
    from inventory.roles import ensure_role_groups

    ensure_role_groups()
    officer = User.objects.create_user("officer")
    officer.groups.add(Group.objects.get(name=Role.PROCUREMENT.value))
    country = Area.objects.create(code="000000000", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан",
                                  level=Area.Level.COUNTRY)
    region = Area.objects.create(code="350000000", name_en="Karaganda region", name_ru="Карагандинская область",
                                 name_kk="Қарағанды облысы", level=Area.Level.REGION, parent=country)
    school = Institution.objects.create(bin=complete_bin("05064000123"), name_en="School", name_ru="Школа",
                                        name_kk="Мектеп", kind=Institution.Kind.GENERAL_SCHOOL, area=region)
    item = Item.objects.create(code="BR-40", name_en="Braille display", name_ru="Брайлевский дисплей",
                               name_kk="Брайль дисплейі", category=Item.Category.ASSISTIVE)
    lifecycle.create_units([lifecycle.NewUnit(item.pk, f"SN-{n:06d}", school.pk) for n in range(count)], by=officer)
    return create_token(officer, name="bench")[1]


def list_through_api(token, page_size, expected):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    seen, url = set(), f"/api/v1/units/?page_size={page_size}"
    started = time.perf_counter()
    while url:
        reply = client.get(url, HTTP_HOST="127.0.0.1")
        assert reply.status_code == 200, (reply.status_code, reply.content[:200])
        body = reply.json()
        seen.update(row["id"] for row in body["results"])
        url = body["next"]
    elapsed = time.perf_counter() - started
    assert len(seen) == expected, (len(seen), expected)
    return elapsed


def list_through_orm(page_size, expected):
    from inventory.models import Unit

    fields = ["id", "asset_tag", "item_id", "item__code", "serial", "status", "holder_id", "created_at"]
    seen, after = 0, 0
    started = time.perf_counter()
    while True:
        rows = list(Unit.objects.filter(pk__gt=after).order_by("pk").values(*fields)[:page_size])
        if not rows:
            break
        seen += len(rows)
        after = rows[-1]["id"]
    elapsed = time.perf_counter() - started
    assert seen == expected, (seen, expected)
    return elapsed


if __name__ == "__main__":
    main()
