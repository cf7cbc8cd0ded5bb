"""Asks a running production server what a new user's browser would: the login page, its stylesheet
and a missing page. Prints one line per answer and exits non-zero unless all three are right.

Usage: probe_production.py http://127.0.0.1:PORT [--wait SECONDS]
Every request carries X-Forwarded-Proto: https, as the TLS proxy in front of a deployment sends it.
"""

import argparse
import http.client
import re
import sys
import time
from urllib.parse import urlsplit

HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}
OWN_404 = "Page not found"  # the heading of templates/404.html in English
DEBUG_404_MARKS = ("Using the URLconf", "technical_404", "Django tried these URL patterns")


def get(base, path):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers={**HEADERS, "Host": parts.netloc})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until_up(base, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return get(base, "/login/")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def stylesheet_of(page):
    for tag in re.findall(r"<link\b[^>]*>", page):
        if 'rel="stylesheet"' in tag and (href := re.search(r'href="([^"]+)"', tag)):
            return href.group(1)
    return None


def problems(base, wait):
    found = []
    status, _, login = wait_until_up(base, wait)
    print(f"/login/ -> {status}")
    if status != 200:
        return [f"/login/ answered {status}, not 200"]
    css = stylesheet_of(login)
    if css is None:
        return ["the login page links no stylesheet"]
    status, content_type, _ = get(base, css)
    print(f"{css} -> {status} {content_type}")
    if status != 200 or not content_type.startswith("text/css"):
        found.append(f"the stylesheet {css} answered {status} {content_type}")
    status, _, missing = get(base, "/no-such-page-here/")
    debug_page = any(mark in missing for mark in DEBUG_404_MARKS)
    print(f"/no-such-page-here/ -> {status}, own 404 page: {OWN_404 in missing}, debug page: {debug_page}")
    if status != 404 or OWN_404 not in missing or debug_page:
        found.append("a missing page did not get the app's own 404 page")
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--wait", type=float, default=30)
    args = parser.parse_args()
    found = problems(args.base, args.wait)
    for problem in found:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
