"""Background jobs through Django's task API (django-tasks; the database backend's worker is
`manage.py db_worker`). Arguments are ids only: the worker reads the stored upload itself."""

import logging

from django_tasks import task

from . import uploads

log = logging.getLogger(__name__)


@task()
def check_delivery_import(import_id):
    try:
        uploads.check_upload(import_id)
    except Exception:
        # A bug must not leave the officer watching "checking" forever; the log keeps the traceback.
        log.exception("Checking delivery import %s failed", import_id)
        uploads.fail(import_id)


@task()
def import_delivery(import_id, skip_rejected=False):
    try:
        uploads.import_upload(import_id, skip_rejected=skip_rejected)
    except Exception:
        log.exception("Delivery import %s failed", import_id)
        uploads.fail(import_id)
