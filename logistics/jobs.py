"""Background jobs that outlived their worker: found by their lapsed lease and marked failed.

django-tasks-db has no hook at a worker's start or between its polls, and a task killed with its
worker never reaches `task_finished`; a job it was running would say "importing" forever. So a
`db_worker` process runs a watcher thread beside its main loop (started from
LogisticsConfig.ready): at start and every quarter lease it fails the jobs whose lease lapsed.
The watcher only reads and writes without waiting (inventory/leases.py): a busy database just
means it looks again next time. `manage.py reap_jobs` does one pass by hand or from cron, and the
pages that show a job do the same for that one job when they load.
"""

import logging
import sys
import threading

from django.apps import apps
from django.db import connections

from inventory import label_batches, leases

from .importing import states

log = logging.getLogger(__name__)


def reap_stale_jobs():
    """Fail every import and label batch whose lease lapsed; return how many."""
    return states.fail_stale() + label_batches.fail_stale()


def is_worker(argv):
    """Whether this process is the tasks' worker (`manage.py db_worker …`)."""
    return len(argv) > 1 and argv[1] == "db_worker"


def watch(stop, interval=None):
    """Reap now and then every `interval` seconds until `stop` is set; one pass if it is set already."""
    while not apps.ready and not stop.wait(0.05):
        pass  # the first pass waits for the app registry (ready() starts this thread mid-setup)
    while True:
        try:
            if reaped := reap_stale_jobs():
                log.warning("Marked %s stale background jobs failed", reaped)
        except Exception:  # e.g. a database not migrated yet: the worker must live on, and look again
            log.exception("Looking for stale background jobs failed")
        finally:
            connections.close_all()  # this thread's connections only
        if stop.wait(interval if interval is not None else min(30.0, leases.beat_every())):
            return


def start_watching(argv=None):
    """In a worker process, start the watcher thread; return it (None elsewhere)."""
    if not is_worker(sys.argv if argv is None else argv):
        return None
    thread = threading.Thread(target=watch, args=(threading.Event(),), name="stale-job-watcher", daemon=True)
    thread.start()
    return thread
