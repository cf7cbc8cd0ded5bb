"""Settings for scripts/bench_pages.py only: the real project's, plus a middleware that tells the
benchmark each request's server time and SQL statement count in response headers. Never used outside
the benchmark, so production pays nothing for the counting."""

from django.conf import global_settings

from config.settings import *  # noqa: F403 (the real settings; the benchmark's additions below)

MIDDLEWARE = ["page_bench_middleware.MeasureRequest", *MIDDLEWARE]  # noqa: F405 (outermost: it times them all)
# The benchmark's own users log in over HTTP; the production hasher's slowness is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
