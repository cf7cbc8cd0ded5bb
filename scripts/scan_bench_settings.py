"""Settings for scripts/bench_scan.py only: the real project's, with a URL module that adds the
benchmark's floor (scripts/scan_bench_urls.py). Never used outside the benchmark."""

from config.settings import *  # noqa: F403 (the real settings; three values changed below)

ROOT_URLCONF = "scan_bench_urls"
# The benchmark logs 100 users in over HTTP; the production hasher's slowness is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
