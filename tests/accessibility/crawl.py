"""Which pages a role reaches: from the home page, every link on the app's own pages, one page of each
kind (one shipment, one catalogue item, one admin change list stand for all of them)."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

# Files and actions rather than pages: downloads, exports, log-out, the language switch.
NOT_A_PAGE = re.compile(r"\.(pdf|xlsx|csv|png|svg|geojson|js)$|/logout/|/i18n/|/export|/file/|/pdf/"
                        r"|/coverage/map/|/api/schema/")
KINDS = [  # a URL's kind: its numbers and codes taken out
    (re.compile(r"^/admin/[^/]+/[^/]+/\d+/.*"), "/admin/<model>/<pk>/"),
    (re.compile(r"^/admin/[^/]+/[^/]+/.+"), None),   # add forms, history, deletions: not visited
    (re.compile(r"^/admin/[^/]+/[^/]+/$"), "/admin/<model>/"),
    (re.compile(r"^/admin/[^/]+/$"), "/admin/<app>/"),
    (re.compile(r"^/u/[^/]+$"), "/u/<tag>"),
    (re.compile(r"^/r/[^/]+$"), "/r/<room>"),
    (re.compile(r"^/catalogue/[^/]+/$"), "/catalogue/<code>/"),
]


def kind_of(url):
    path = urlsplit(url).path
    for pattern, kind in KINDS:
        if pattern.match(path):
            return kind
    return re.sub(r"\d+", "<n>", path)


def links(page):
    """The app's own links on the page that lead to pages, not files."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h.startswith("/") and not h.startswith("//") and "download" not in h
            and not NOT_A_PAGE.search(urlsplit(h).path)]


def reach(page, base_url, start, *, seen_kinds, limit=60):
    """Walk the links from `start`, yielding each URL of a kind not seen yet (by any role).

    `seen_kinds` is shared between roles, so a page kind is checked once, under the first role that
    reaches it; the home page differs by role and is in every role's `start`."""
    queue, visited = list(start), set()
    while queue and limit:
        url = queue.pop(0)
        kind = kind_of(url)
        if url in visited or kind is None or (kind in seen_kinds and url not in start):
            continue
        visited.add(url)
        try:
            reply = page.goto(base_url + url)
        except PlaywrightError as error:  # a download that no link's name gave away
            if "Download is starting" in str(error):
                continue
            raise
        if "text/html" not in (reply.headers.get("content-type") or ""):
            continue
        if reply.ok:  # a refusal (403) does not stand for the page another role may open
            seen_kinds.add(kind)
        limit -= 1
        yield url, reply.status
        queue.extend(links(page))
