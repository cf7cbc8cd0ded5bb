"""Promises the project makes about itself: production settings pass Django's deployment checks,
and the dependency between the apps runs one way."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deployment_checks():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 20 + "-production-like-secret-" + "y" * 30,
           "ALLOWED_HOSTS": "equipment.example.kz", "SITE_URL": "https://equipment.example.kz",
           # as the README's deployment sets them: one TLS proxy, login throttling tuned
           "TRUSTED_PROXY_COUNT": "1", "LOGIN_FAILURE_LIMIT": "8", "LOGIN_COOLOFF_MINUTES": "30"}
    env.pop("DATABASE_URL", None)
    env.pop("ALLOW_PLAIN_HTTP", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in production
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "x", "SITE_URL": "https://x"}
    env.pop("SECRET_KEY", None)
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_inventory_never_imports_logistics():
    offenders = []
    for path in (ROOT / "inventory").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "logistics"]
    assert offenders == []


def test_the_web_process_keeps_what_it_loaded_at_start_out_of_the_collectors_sight():
    # A full garbage collection walked Django, pandas and every view module (some 50 ms) in the
    # middle of whichever scan set it off; frozen at start-up, they are never walked.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = "import gc, config.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    frozen, tracked = map(int, done.stdout.split())
    assert frozen > 50_000
    assert tracked < 1_000
