"""What production needs from the environment, checked before anything starts.

The settings module refuses to load with DEBUG=0 when anything here is wrong, and
`python -m config.production_environment` (run first by scripts/serve.sh) prints one line per problem,
each naming its variable, and exits non-zero, so an operator reads the fix instead of a traceback.
Nothing here imports Django's settings: it has to work when they cannot load.
"""

import os
import sys
from urllib.parse import urlsplit

# Django's own thresholds for a strong key (the security.W009 deployment check).
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

DEV_ONLY_KEY = "dev-only-insecure-key-never-use-in-production"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
TRUE_WORDS = {"1", "true", "yes", "on"}


def is_on(value):
    return str(value).strip().lower() in TRUE_WORDS


def host_list(value):
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def secret_key_problem(key):
    if not key:
        return ("SECRET_KEY is not set: generate one with "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.")
    if key == DEV_ONLY_KEY or key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return "SECRET_KEY is the development key or a 'django-insecure-' key: generate a new one."
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (f"SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
                f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different.")
    return None


def site_url_problem(url, plain_http):
    if not url:
        return "SITE_URL is not set: the address printed on QR labels, e.g. https://equipment.example.kz."
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"SITE_URL is not an address: {url!r}; write it as https://equipment.example.kz."
    if parts.scheme == "http" and not plain_http:
        return f"SITE_URL must start with https:// (phones open the labels' links): {url!r}."
    return None


def plain_http_problem(hosts):
    """Plain HTTP turns off the HTTPS redirect, HSTS and secure cookies: only for this machine's demo."""
    elsewhere = [host for host in hosts if host not in LOOPBACK_HOSTS]
    if elsewhere:
        return ("ALLOW_PLAIN_HTTP=1 is only for loopback addresses (127.0.0.1, localhost, ::1); "
                f"ALLOWED_HOSTS also names: {', '.join(elsewhere)}.")
    return None


def problems(environ):
    """Every reason the production settings in `environ` would be unsafe or broken, one line each."""
    hosts = host_list(environ.get("ALLOWED_HOSTS"))
    plain_http = is_on(environ.get("ALLOW_PLAIN_HTTP", ""))
    found = [secret_key_problem(environ.get("SECRET_KEY", ""))]
    if not hosts:
        found.append("ALLOWED_HOSTS is empty: name the hosts this site answers to, comma-separated.")
    found.append(site_url_problem(environ.get("SITE_URL", "").strip(), plain_http))
    if plain_http:
        found.append(plain_http_problem(hosts))
    return [problem for problem in found if problem]


def main(environ=os.environ):
    found = problems(environ)
    if is_on(environ.get("DEBUG") or "1"):  # as in settings: unset means on
        found.insert(0, "DEBUG is on: set DEBUG=0 to serve the application (DEBUG pages show the code).")
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
