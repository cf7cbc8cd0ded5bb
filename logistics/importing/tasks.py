"""Background jobs through Django's task API (django-tasks; the database backend's worker is
`manage.py db_worker`). Arguments are ids only: the worker reads the stored upload itself.

Views start jobs through `enqueue_check`/`enqueue_import`, after a claim step (states.py) has
moved the import; the task's id is recorded on the import.
"""

import logging

from django_tasks import task

from . import states, uploads

log = logging.getLogger(__name__)


@task()
def check_delivery_import(import_id):
    _run(uploads.check_upload, import_id)


@task()
def import_delivery(import_id, skip_rejected=None):
    _run(uploads.import_upload, import_id, skip_rejected=skip_rejected)


def _run(job, import_id, **kwargs):
    try:
        job(import_id, **kwargs)
    except (states.LeaseLost, states.TransitionNotAllowed) as exc:
        # Failed meanwhile (its lease lapsed) or taken by another worker: nothing was written.
        log.warning("Delivery import %s: job stopped: %s", import_id, exc)
    except Exception:
        # A bug must not leave the officer watching "checking" forever; the log keeps the traceback.
        log.exception("Delivery import %s failed", import_id)
        uploads.fail(import_id)


def enqueue_check(import_id):
    states.record_task(import_id, check_delivery_import.enqueue(import_id).id)


def enqueue_import(import_id):
    states.record_task(import_id, import_delivery.enqueue(import_id).id)
