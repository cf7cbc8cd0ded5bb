"""Someone deploying sets four variables; whatever is missing or unsafe stops the start with one line
naming the variable, before anything is served."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.production_environment import DEV_ONLY_KEY, problems

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k7-Qx9vB2mZ_rT4yW8nL1pD6sF3hJ0cV5gA8eK2uR9tY4oI7wE1qN6bM3xS0zC-"
GOOD = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "equipment.example.kz",
        "SITE_URL": "https://equipment.example.kz"}


def with_(**changes):
    return {**GOOD, **changes}


def test_a_complete_production_environment_has_no_problems():
    assert problems(GOOD) == []


@pytest.mark.parametrize(("environ", "variable", "words"), [
    ({**GOOD, "SECRET_KEY": ""}, "SECRET_KEY", "not set"),
    (with_(SECRET_KEY="short-but-random-Xq93"), "SECRET_KEY", "too weak"),
    (with_(SECRET_KEY="ab" * 40), "SECRET_KEY", "too weak"),
    (with_(SECRET_KEY=DEV_ONLY_KEY), "SECRET_KEY", "development key"),
    (with_(SECRET_KEY="django-insecure-" + STRONG_KEY), "SECRET_KEY", "django-insecure"),
    (with_(ALLOWED_HOSTS=""), "ALLOWED_HOSTS", "empty"),
    (with_(ALLOWED_HOSTS=" , "), "ALLOWED_HOSTS", "empty"),
    (with_(SITE_URL=""), "SITE_URL", "not set"),
    (with_(SITE_URL="equipment.example.kz"), "SITE_URL", "not an address"),
    (with_(SITE_URL="http://equipment.example.kz"), "SITE_URL", "https://"),
    (with_(ALLOW_PLAIN_HTTP="1", SITE_URL="http://equipment.example.kz"), "ALLOW_PLAIN_HTTP", "equipment.example.kz"),
])
def test_each_missing_or_weak_variable_is_named_in_one_line(environ, variable, words):
    found = problems(environ)
    assert len(found) == 1, found
    assert found[0].startswith(variable)
    assert words in found[0]
    assert "\n" not in found[0]


def test_plain_http_is_allowed_for_the_demo_on_loopback_addresses():
    demo = with_(ALLOW_PLAIN_HTTP="1", ALLOWED_HOSTS="127.0.0.1,localhost,::1", SITE_URL="http://127.0.0.1:8000")
    assert problems(demo) == []


def run(command, environ, **extra):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", *GOOD}}
    env.update(environ, **extra)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_serve_scripts_check_prints_every_problem_without_a_traceback():
    done = run([sys.executable, "-m", "config.production_environment"],
               {"DEBUG": "0", "SECRET_KEY": "weak", "SITE_URL": "https://x.kz"})
    assert done.returncode == 1
    assert [line.split(" ")[0] for line in done.stderr.splitlines()] == ["SECRET_KEY", "ALLOWED_HOSTS"]
    assert "Traceback" not in done.stderr


def test_the_serve_scripts_check_refuses_debug_mode():
    done = run([sys.executable, "-m", "config.production_environment"], {**GOOD, "DEBUG": "1"})
    assert done.returncode == 1
    assert done.stderr.startswith("DEBUG is on")


def test_the_settings_refuse_to_load_with_a_weak_key():
    done = run([sys.executable, "manage.py", "check"], with_(SECRET_KEY="x" * 60))
    assert done.returncode != 0
    assert "SECRET_KEY is too weak" in done.stderr


def test_plain_http_turns_off_the_https_redirect_hsts_and_secure_cookies():
    code = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    demo = with_(ALLOW_PLAIN_HTTP="1", ALLOWED_HOSTS="127.0.0.1,localhost", SITE_URL="http://127.0.0.1:8000")
    done = run([sys.executable, "manage.py", "shell", "-c", code], demo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].split() == ["False", "0", "False", "False"]
    done = run([sys.executable, "manage.py", "shell", "-c", code], GOOD)
    assert done.stdout.splitlines()[-1].split() == ["True", "31536000", "True", "True"]
