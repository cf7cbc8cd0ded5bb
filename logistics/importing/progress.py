"""How far a running check or import has come, readable by the page that polls for it.

The import writes in one transaction, so its progress cannot go through the database it is writing
to: other connections see nothing until it commits (and on SQLite cannot write meanwhile). A small
file beside the uploads carries it instead; the worker and the web process share that disk.
"""

import json
import os
import time

from django.conf import settings


def _path(import_id):
    return settings.PRIVATE_ROOT / "imports" / "progress" / f"{int(import_id)}.json"


def save(import_id, phase, done, total):
    path = _path(import_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"phase": phase, "done": done, "total": max(total, done), "at": time.time()}))
    os.replace(temporary, path)  # atomic: a reader never sees half a file


def load(import_id):
    try:
        return json.loads(_path(import_id).read_text())
    except (OSError, ValueError):
        return None


def clear(import_id):
    _path(import_id).unlink(missing_ok=True)


def reporter(import_id):
    """The pipeline's progress callback for one import: (phase, done, expected total)."""

    def report(phase, done, total):
        save(import_id, phase, done, total)

    return report
