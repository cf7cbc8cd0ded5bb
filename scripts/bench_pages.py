"""Benchmark every page a role reaches, on a whole country's data, under gunicorn with people at once.

    .venv/bin/python scripts/bench_pages.py --scale national --postgres        # a million units
    .venv/bin/python scripts/bench_pages.py --scale national --postgres --units 50000   # a quick look

Loads `manage.py load_demo --scale national` into its own PostgreSQL database (bench_pages_<units>, on
the server of DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), or reuses it when
it holds the same version of that data and schema (`--reload` loads it again), migrates it, starts gunicorn
(2 workers) with scripts/page_bench_settings.py, which adds each request's server time and SQL
statement count as headers. Then:
  1. logs in one user per role (officer, staff of the largest institution, manager, monitor, admin) and
     tries every page on the list; the pages a role reaches (not 403/404) are that role's pages;
  2. 10 users at once (two per role) each open their role's pages, in a shuffled order, `--rounds` times;
     per page: p50/p95 of the server time and the most SQL statements a request took;
  3. the receipt benchmark's paced scan (scripts/bench_scan.py): scanners at open shipments of this
     data, one scan a second after each answer.
The last line is the figures, as name=value pairs.
"""

import argparse
import asyncio
import hashlib
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import bench_scan  # noqa: E402 (the receipt benchmark's client, server start and scanners)

ROLES = ["officer", "staff", "manager", "monitor", "admin"]


def say(message):
    print(message, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["national"], default="national")
    parser.add_argument("--postgres", action="store_true", help="required: the national data lives in PostgreSQL")
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10, help="people opening pages at once")
    parser.add_argument("--rounds", type=int, default=3, help="times each user opens each of their pages")
    parser.add_argument("--scanners", type=int, default=10)
    parser.add_argument("--paced-scans", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8194)
    parser.add_argument("--reload", action="store_true", help="load the data again even if it is there")
    parser.add_argument("--database", default="",
                        help="use this PostgreSQL database as it is (migrated, never loaded nor dropped)")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this text")
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("--scale national runs on PostgreSQL: add --postgres")
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = environment(workdir, args)
    os.environ.update(env)
    import django

    django.setup()
    import page_bench_pages  # which pages, for whom (needs Django set up)
    from django.db import connections

    from catalog_data import national

    prepare_data(args, env)

    sizes = page_bench_pages.sizes()
    pages = [(name, path) for name, path in page_bench_pages.pages() if args.only in name]
    plan = page_bench_pages.scan_plan(args.scanners, bench_scan.PASSWORD)
    page_bench_pages.bench_users(bench_scan.PASSWORD)
    connections.close_all()
    say(f"data: {sizes['units']} units, {sizes['events']} unit events, {sizes['shipments']} shipments "
        f"(national v{national.VERSION}); {len(pages)} pages on the list")

    server = bench_scan.start_gunicorn(args, env)
    try:
        base = f"http://127.0.0.1:{args.port}"
        bench_scan.wait_until_up(base)
        results, failed = asyncio.run(run_pages(args, base, pages))
        scan = asyncio.run(run_scans(args, base, plan))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(sizes, results, failed, scan)


def environment(workdir, args):
    server = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    name = args.database or f"bench_pages_{args.units}"
    return {"DJANGO_SETTINGS_MODULE": "page_bench_settings", "DEBUG": "0", "SECRET_KEY": uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": "http://127.0.0.1", "ALLOW_PLAIN_HTTP": "1",
            "PRIVATE_ROOT": str(workdir / "private"), "STATIC_ROOT": str(workdir / "static"),
            "CACHE_DIR": str(workdir / "cache"),  # shared by the workers, as scripts/serve.sh's are
            "LOG_LEVEL": "WARNING", "DATABASE_URL": urlsplit(server)._replace(path=f"/{name}").geturl(),
            "BENCH_ADMIN_URL": server, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'scripts'}"}


def prepare_data(args, env):
    """The national data in its own database: reused when it is there in this version, else loaded."""
    import psycopg

    from catalog_data.national import VERSION

    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    manage = [sys.executable, str(ROOT / "manage.py")]
    if args.database:
        subprocess.run([*manage, "migrate", "--verbosity", "0"], check=True, env={**os.environ, **env})
        _snapshots(manage, env)
        return say(f"using database {name} as it is")
    stamp = f"national v{VERSION} units={args.units} schema={schema_fingerprint()} complete"
    with psycopg.connect(env["BENCH_ADMIN_URL"], autocommit=True) as admin:
        row = admin.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                            [name]).fetchone()
        fresh = args.reload or row is None or row[0] != stamp
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([*manage, "migrate", "--verbosity", "0"], check=True, env={**os.environ, **env})
    if not fresh:
        _snapshots(manage, env)
        say(f"reusing database {name} ({stamp})")
        return
    say(f"loading the national data into {name} (manage.py load_demo --scale national --units {args.units})")
    started = time.monotonic()
    subprocess.run([*manage, "load_demo", "--scale", "national", "--units", str(args.units)], check=True,
                   env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    say(f"loaded in {time.monotonic() - started:.0f} s")
    _snapshots(manage, env)
    with psycopg.connect(env["BENCH_ADMIN_URL"], autocommit=True) as admin:
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{stamp}'")


def schema_fingerprint():
    """A hash of the migrations' contents: a folded or edited migration is a new schema that `migrate`
    may not notice (it goes by names), so a database loaded under other migrations is loaded again."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _snapshots(manage, env):
    """The closed quarters' results, stored as a deployment stores them (once; later runs find them there)."""
    started = time.monotonic()
    subprocess.run([*manage, "results_snapshots"], check=True, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    say(f"results of the closed quarters stored in {time.monotonic() - started:.0f} s")


async def run_pages(args, base, pages):
    """Warm-up (which pages each role reaches), then `users` people at once; per page the measurements."""
    reached, failed = {}, []
    for role in ROLES:
        browser = bench_scan.Browser(base)
        await browser.login(f"bench_{role}")
        reached[role] = []
        for name, path in pages:
            status, _ = await browser.request("GET", path)
            if status == 200:
                reached[role].append((name, path))
            elif status not in (302, 403, 404):
                # A page that fails (a server error, a worker killed after gunicorn's 30 s) is reported,
                # not timed again: each time would cost a worker for half a minute.
                say(f"  {role} {name} {path}: HTTP {status}")
                failed.append(f"{role}:{name}")
        say(f"  {role}: {len(reached[role])} pages")
    results = defaultdict(list)  # (role, page) -> [(server ms, statements, client ms)]

    async def person(role, rng):
        browser = bench_scan.Browser(base)
        await browser.login(f"bench_{role}")
        for _ in range(args.rounds):
            order = list(reached[role])
            rng.shuffle(order)
            for name, path in order:
                started = time.perf_counter()
                status, _ = await browser.request("GET", path)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 200:
                    say(f"  {role} {name}: HTTP {status}")
                    continue
                results[(role, name)].append((float(browser.headers["x-bench-ms"]),
                                              int(browser.headers["x-bench-queries"]), elapsed))

    rng = random.Random(19)
    say(f"{args.users} users at once, {args.rounds} rounds of their pages")
    started = time.perf_counter()
    await asyncio.gather(*(person(ROLES[i % len(ROLES)], random.Random(rng.random())) for i in range(args.users)))
    say(f"  {sum(len(v) for v in results.values())} requests in {time.perf_counter() - started:.0f} s")
    return results, failed


async def run_scans(args, base, plan):
    """The receipt benchmark's paced phase on this data: a scan a second after each answer."""
    scanners = [bench_scan.Scanner(base, p, random.Random(i)) for i, p in enumerate(plan)]
    for scanner in scanners:
        await scanner.browser.login(scanner.plan["username"])
    problems = []

    async def paced(scanner):
        url = f"/shipments/{scanner.plan['shipment']}/receive/scan/"
        await asyncio.sleep(scanner.rng.random())
        times = []
        for _ in range(args.paced_scans):
            times.append(await scanner.scan(url, problems) * 1000)
            await asyncio.sleep(1.0)
        return times

    say(f"paced scans: {len(scanners)} scanners × {args.paced_scans}")
    times = sorted(t for ts in await asyncio.gather(*(paced(s) for s in scanners)) for t in ts)
    for problem in problems[:5]:
        say(f"  problem: {problem}")
    return {"p50": statistics.median(times), "p95": percentile(times, 95), "errors": len(problems)}


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def report(sizes, results, failed, scan):
    say(f"{'role':<8} {'page':<34} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4} {'client p95':>10}")
    rows = []
    for (role, name), samples in sorted(results.items()):
        server = [s[0] for s in samples]
        row = (role, name, len(samples), percentile(server, 50), percentile(server, 95),
               max(s[1] for s in samples), percentile([s[2] for s in samples], 95))
        rows.append(row)
        say(f"{row[0]:<8} {row[1]:<34} {row[2]:>3} {row[3]:>8.1f} {row[4]:>8.1f} {row[5]:>4} {row[6]:>10.1f}")
    everything = [s[0] for samples in results.values() for s in samples]
    worst = max(rows, key=lambda r: r[4])
    median_page = statistics.median(r[3] for r in rows)
    say(f"median page p50 {median_page:.1f} ms; pages over 300 ms at p95: "
        f"{', '.join(f'{r[0]} {r[1]}' for r in rows if r[4] >= 300) or 'none'}; "
        f"over 25 statements: {', '.join(f'{r[0]} {r[1]}' for r in rows if r[5] > 25) or 'none'}")
    say(f"failed pages (not timed): {', '.join(failed) or 'none'}")
    say(f"paced scan p50 {scan['p50']:.1f} ms, p95 {scan['p95']:.1f} ms, errors {scan['errors']}")
    print(f"units={sizes['units']} events={sizes['events']} pages={len(rows)} p95_ms={percentile(everything, 95):.0f} "
          f"worst_page={worst[0]}:{worst[1]} worst_p95_ms={worst[4]:.0f} max_queries={max(r[5] for r in rows)} "
          f"scan_p95_ms={scan['p95']:.1f}")


if __name__ == "__main__":
    main()
