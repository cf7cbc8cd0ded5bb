"""Benchmark receipt scanning under gunicorn on 127.0.0.1, against a fresh database.

    .venv/bin/python scripts/bench_scan.py --scanners 100                 # SQLite
    .venv/bin/python scripts/bench_scan.py --scanners 100 --postgres      # PostgreSQL (DATABASE_URL or local)

Builds 100 institutions, each with its own staff member and a dispatched shipment, starts the app
under gunicorn, logs every scanner in over HTTP as its institution's staff, then:
  1. latency at a person's pace: each scanner scans, waits for the answer, and scans again a second
     later; some scans are resent with the same device id, some units are scanned twice;
  2. capacity: every scanner sends its next scan as soon as the answer comes;
  3. the floor: the same, against a view that returns a constant without touching the database.
Checks every answer (a resend must be "received" again, a second scan "already received") and
counts units received more than once. The last line is the figures, as one line of name=value pairs.
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pass-123"


def say(message):
    print(message, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scanners", type=int, default=100)
    parser.add_argument("--paced-scans", type=int, default=15, help="scans per scanner at a person's pace")
    parser.add_argument("--burst-scans", type=int, default=20, help="scans per scanner sent back to back")
    parser.add_argument("--units", type=int, default=60, help="units per shipment")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--postgres", action="store_true",
                        help="use PostgreSQL: a fresh database on the server of DATABASE_URL "
                             "(default postgres://postgres@127.0.0.1:5432/postgres)")
    parser.add_argument("--port", type=int, default=8193)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    env = prepare_database(args, workdir)
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    plan = seed(args.scanners, args.units)
    say(f"seeded {args.scanners} institutions, staff and shipments of {args.units} units "
        f"({env.get('DATABASE_URL') or 'SQLite ' + env['SQLITE_PATH']})")
    from django.db import connections

    connections.close_all()

    server = start_gunicorn(args, env)
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_until_up(base)
        figures = asyncio.run(run(args, base, plan))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    figures["double_receipts"] = count_double_receipts()
    connections.close_all()
    drop_database(env)

    say(f"paced: {figures['paced_scans']} scans, p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
        f"max {figures['max_ms']:.1f} ms")
    say(f"capacity: {figures['capacity_per_s']:.0f} scans/s (p95 {figures['burst_p95_ms']:.0f} ms from queueing); "
        f"floor (constant view): {figures['floor_capacity_per_s']:.0f} requests/s")
    say(f"errors: {figures['errors']}; units received twice: {figures['double_receipts']}")
    for problem in figures["problems"][:10]:
        say(f"  problem: {problem}")
    print(f"scanners={args.scanners} scans={figures['scans']} p50_ms={figures['p50_ms']:.1f} "
          f"p95_ms={figures['p95_ms']:.1f} capacity_per_s={figures['capacity_per_s']:.0f} "
          f"floor_capacity_per_s={figures['floor_capacity_per_s']:.0f} errors={figures['errors']} "
          f"double_receipts={figures['double_receipts']}")


# ---- database -----------------------------------------------------------------------------

def prepare_database(args, workdir):
    env = {"DJANGO_SETTINGS_MODULE": "scan_bench_settings", "DEBUG": "0", "SECRET_KEY": uuid.uuid4().hex * 2,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": "http://127.0.0.1", "ALLOW_PLAIN_HTTP": "1",
           "PRIVATE_ROOT": str(workdir / "private"), "STATIC_ROOT": str(workdir / "static"),
           "LOG_LEVEL": "WARNING", "SQLITE_PATH": str(workdir / "bench.sqlite3")}
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)
        return env
    import psycopg

    server = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    name = f"bench_scan_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    env["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
    env["BENCH_ADMIN_URL"] = server
    return env


def drop_database(env):
    if "BENCH_ADMIN_URL" not in env:
        return
    import psycopg

    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    with psycopg.connect(env["BENCH_ADMIN_URL"], autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(scanners, units_each):
    """One institution, one staff member and one dispatched shipment per scanner; returns the plan."""
    from django.contrib.auth.models import Group, User

    from inventory import lifecycle
    from inventory.identifiers import complete_bin
    from inventory.models import Area, Institution, Item, Profile, Role
    from logistics.models import Shipment, ShipmentLine, ShipmentUnit
    from logistics.shipments import dispatch

    country = Area.objects.get_or_create(code="000000000", defaults={
        "name_en": "Kazakhstan", "name_ru": "Казахстан", "name_kk": "Қазақстан", "level": Area.Level.COUNTRY})[0]
    region = Area.objects.get_or_create(code="350000000", defaults={
        "name_en": "Karaganda region", "name_ru": "Карагандинская область", "name_kk": "Қарағанды облысы",
        "level": Area.Level.REGION, "parent": country})[0]
    item = Item.objects.create(code="BENCH-1", name_en="Braille display", name_ru="Дисплей Брайля",
                               name_kk="Брайль дисплейі", category=Item.Category.ASSISTIVE)
    staff_group = Group.objects.get(name=Role.SCHOOL_STAFF.value)
    plan = []
    serial = 0
    for n in range(scanners):
        bin_ = next(b for k in range(20) if (b := complete_bin(f"77{n:05d}{k:04d}")))
        school = Institution.objects.create(bin=bin_, name_ru=f"Школа {n}", name_kk=f"Мектеп {n}",
                                            name_en=f"School {n}", kind=Institution.Kind.GENERAL_SCHOOL,
                                            area=region, settlement="Karaganda", latitude=49.8, longitude=73.1)
        user = User.objects.create_user(f"staff{n}", password=PASSWORD)
        user.groups.add(staff_group)
        Profile.objects.create(user=user, institution=school)
        shipment = Shipment.objects.create(waybill_number=f"BENCH-{n:04d}", supplier="Bench LLP",
                                           contract="Lot 1", destination=school)
        line = ShipmentLine.objects.create(shipment=shipment, item=item, quantity_expected=units_each)
        specs = []
        for _ in range(units_each):
            serial += 1
            specs.append(lifecycle.NewUnit(item.pk, f"SN-{serial:07d}", school.pk))
        units = lifecycle.create_units(specs, by=None, reference=shipment.waybill_number, shipment_id=shipment.pk)
        ShipmentUnit.objects.bulk_create([ShipmentUnit(shipment=shipment, unit_id=u.pk, line=line) for u in units])
        dispatch(shipment.pk, by=None)
        plan.append({"username": user.username, "shipment": shipment.pk, "tags": [u.asset_tag for u in units]})
    # Shipments are imported days before they arrive, and by then the database has statistics of the
    # tables (PostgreSQL's autovacuum gathers them within a minute of a bulk load). A database seeded
    # a second ago has none yet, and would be measured with plans made for empty tables.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return plan


def count_double_receipts():
    from django.db.models import Count

    from inventory.models import Unit, UnitEvent

    return (UnitEvent.objects.filter(new_status=Unit.Status.RECEIVED).values("unit_id")
            .annotate(n=Count("pk")).filter(n__gt=1).count())


# ---- server -------------------------------------------------------------------------------

def start_gunicorn(args, env):
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{args.port}",
               "--workers", str(args.workers), "--backlog", "2048", "--pythonpath", f"{ROOT},{ROOT / 'scripts'}",
               "--log-level", "warning", "config.wsgi:application"]
    say(f"starting gunicorn with {args.workers} workers on 127.0.0.1:{args.port}")
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})


def wait_until_up(base):
    deadline = time.monotonic() + 60
    host, port = urlsplit(base).hostname, urlsplit(base).port
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start within 60 s")


# ---- a minimal HTTP/1.1 client (one connection a request, as gunicorn's sync workers close them) --

class Browser:
    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}

    async def request(self, method, path, form=None, headers=None):
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close",
                 f"Content-Length: {len(body)}"]
        if form is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        head, _, content = raw.partition(b"\r\n\r\n")
        head_lines = head.decode("latin-1").split("\r\n")
        status = int(head_lines[0].split()[1])
        # The last answer's headers, for a benchmark that reads the server's own figures (bench_pages.py).
        self.headers = dict(line.lower().split(": ", 1) for line in head_lines[1:] if ": " in line)
        for line in head_lines[1:]:
            if line.lower().startswith("set-cookie:"):
                name, _, rest = line.split(":", 1)[1].strip().partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if any(h.lower() == "transfer-encoding: chunked" for h in head_lines):
            content = _unchunk(content)
        return status, content

    async def login(self, username):
        status, page = await self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, _ = await self.request("POST", "/login/", {"username": username, "password": PASSWORD,
                                                           "csrfmiddlewaretoken": token})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed with {status}")

    async def post(self, path, form):
        return await self.request("POST", path, form, {"X-CSRFToken": self.cookies.get("csrftoken", "")})


def _unchunk(data):
    out = b""
    while data:
        size, _, rest = data.partition(b"\r\n")
        n = int(size, 16)
        if n == 0:
            break
        out += rest[:n]
        data = rest[n + 2:]
    return out


# ---- the scanners ---------------------------------------------------------------------------

class Scanner:
    """One phone at one school: scans its own shipment's labels, with resends and double scans."""

    def __init__(self, base, plan, rng):
        self.browser = Browser(base)
        self.plan = plan
        self.rng = rng
        self.todo = list(plan["tags"])
        self.done = []
        self.last = None

    def next_scan(self):
        """The next scan and the outcome it must get: a resend, a second scan, or a new label."""
        roll = self.rng.random()
        if self.last and roll < 0.1:
            return self.last[0], self.last[1], "received"  # the phone resends: same id, same answer
        if self.done and (roll < 0.2 or not self.todo):
            return self.rng.choice(self.done), str(uuid.uuid4()), "already_received"
        tag = self.todo.pop()
        return tag, str(uuid.uuid4()), "received"

    async def scan(self, url, problems):
        tag, scan_id, expected = self.next_scan()
        started = time.perf_counter()
        status, content = await self.browser.post(url, {"code": tag, "scan_id": scan_id})
        elapsed = time.perf_counter() - started
        ok = status == 200
        if ok and not url.startswith("/bench/"):
            outcome = json.loads(content)["outcome"]
            ok = outcome == expected
            if expected == "received" and outcome == "received":
                if tag not in self.done:
                    self.done.append(tag)
                self.last = (tag, scan_id)
        if not ok:
            problems.append(f"{self.plan['username']} {tag}: HTTP {status}, expected {expected}: {content[:160]!r}")
        return elapsed


async def run(args, base, plan):
    rng = random.Random(8709)
    scanners = [Scanner(base, p, random.Random(rng.random())) for p in plan]
    started = time.perf_counter()
    for i in range(0, len(scanners), 10):
        await asyncio.gather(*(s.browser.login(s.plan["username"]) for s in scanners[i:i + 10]))
    say(f"logged in {len(scanners)} scanners over HTTP in {time.perf_counter() - started:.1f}s")
    problems = []

    async def paced(scanner):
        url = f"/shipments/{scanner.plan['shipment']}/receive/scan/"
        await asyncio.sleep(scanner.rng.random())  # people do not all start on the same second
        times = []
        for _ in range(args.paced_scans):
            times.append(await scanner.scan(url, problems))
            await asyncio.sleep(1.0)
        return times

    say(f"phase 1: {args.scanners} scanners × {args.paced_scans} scans, one a second after each answer")
    paced_times = [t for ts in await asyncio.gather(*(paced(s) for s in scanners)) for t in ts]

    async def burst(scanner, url):
        return [await scanner.scan(url, problems) for _ in range(args.burst_scans)]

    say(f"phase 2: {args.scanners} scanners × {args.burst_scans} scans, back to back")
    started = time.perf_counter()
    burst_times = [t for ts in await asyncio.gather(
        *(burst(s, f"/shipments/{s.plan['shipment']}/receive/scan/") for s in scanners)) for t in ts]
    capacity = len(burst_times) / (time.perf_counter() - started)

    say("phase 3: the floor, a constant view, back to back")
    started = time.perf_counter()
    floor_times = [t for ts in await asyncio.gather(
        *(burst(s, f"/bench/floor/{s.plan['shipment']}/") for s in scanners)) for t in ts]
    floor = len(floor_times) / (time.perf_counter() - started)

    ms = sorted(t * 1000 for t in paced_times)
    return {
        "scans": len(paced_times) + len(burst_times), "paced_scans": len(paced_times),
        "p50_ms": statistics.median(ms), "p95_ms": ms[int(0.95 * (len(ms) - 1))], "max_ms": ms[-1],
        "capacity_per_s": capacity, "burst_p95_ms": sorted(burst_times)[int(0.95 * (len(burst_times) - 1))] * 1000,
        "floor_capacity_per_s": floor, "errors": len(problems), "problems": problems,
    }


if __name__ == "__main__":
    main()
