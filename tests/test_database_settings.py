"""SQLite chosen through DATABASE_URL=sqlite:///… behaves like the default SQLite: WAL, IMMEDIATE
transactions, a busy timeout and kept connections, so fifty phones scanning at once queue instead
of meeting "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SHOW_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"engine": db["ENGINE"], "name": db["NAME"], "options": db["OPTIONS"],
                  "conn_max_age": db["CONN_MAX_AGE"], "sqlite_options": settings.SQLITE_OPTIONS}))
"""

# Fifty threads, each on its own connection, each reading and then writing in one transaction: the
# read-then-write that fails at once with "database is locked" when transactions start DEFERRED.
FIFTY_WRITERS = """
import json, threading
import django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, seen INTEGER)")
connection.close()
start, errors = threading.Barrier(50), []

def scan(n):
    try:
        start.wait()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM scans")
            seen = cursor.fetchone()[0]
            cursor.execute("INSERT INTO scans (seen) VALUES (%s)", [seen])
    except Exception as exc:
        errors.append(str(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=scan, args=(n,)) for n in range(50)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*), count(DISTINCT seen) FROM scans")
    rows, distinct = cursor.fetchone()
print(json.dumps({"errors": errors, "rows": rows, "distinct": distinct,
                  "journal": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]}))
"""


def run_with(database_url, code):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_sqlite_through_a_url_gets_the_same_options_as_the_default(tmp_path):
    path = tmp_path / "scans.sqlite3"
    db = run_with(f"sqlite:///{path}", SHOW_SETTINGS)
    assert db["engine"] == "django.db.backends.sqlite3" and db["name"] == str(path)
    assert db["options"] == db["sqlite_options"]
    assert db["options"]["transaction_mode"] == "IMMEDIATE"
    assert db["options"]["timeout"] >= 20
    assert "journal_mode=WAL" in db["options"]["init_command"]
    assert db["conn_max_age"] == 60


def test_an_option_written_in_the_url_wins(tmp_path):
    db = run_with(f"sqlite:///{tmp_path / 'x.sqlite3'}?timeout=45", SHOW_SETTINGS)
    assert db["options"]["timeout"] == 45
    assert db["options"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.slow
def test_fifty_writers_through_a_sqlite_url_all_succeed(tmp_path):
    result = run_with(f"sqlite:///{tmp_path / 'scans.sqlite3'}", FIFTY_WRITERS)
    assert result["errors"] == []
    assert result["rows"] == 50
    assert result["distinct"] == 50      # each writer saw every earlier write: they queued, one at a time
    assert result["journal"] == "wal"
