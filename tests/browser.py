"""Playwright against Debian's chromium, for the browser tests. Never downloads a browser."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Chromium reaches for Google's services at start-up; on a closed network those connections fail
# noisily, so they are switched off, as is the sandbox (CI runs as root).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM),
                                    reason="Debian's chromium is not installed (scripts/test.sh installs it as root)")


def only_local(route):
    """Abort every request that leaves this machine: the app must work offline."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
        return route.continue_()
    return route.abort()


def login(page, live_server, username, password="pass-word-123"):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
