"""Promises the project makes about itself: production settings pass Django's deployment checks, and
the web process keeps its start-up objects out of the collector's sight. (How the modules depend on
each other: test_architecture.py.)"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deployment_checks(subprocess_env):
    env = {**subprocess_env, "DEBUG": "0", "SECRET_KEY": "x" * 20 + "-production-like-secret-" + "y" * 30,
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


def test_production_refuses_to_start_without_a_secret_key(subprocess_env):
    env = {**subprocess_env, "DEBUG": "0", "ALLOWED_HOSTS": "x", "SITE_URL": "https://x"}
    env.pop("SECRET_KEY", None)
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_the_web_process_keeps_what_it_loaded_at_start_out_of_the_collectors_sight(subprocess_env):
    # A full garbage collection walked Django, pandas and every view module (some 50 ms) in the
    # middle of whichever scan set it off; frozen at start-up, they are never walked.
    env = {**subprocess_env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = "import gc, config.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    frozen, tracked = map(int, done.stdout.split())
    assert frozen > 50_000
    assert tracked < 1_000
