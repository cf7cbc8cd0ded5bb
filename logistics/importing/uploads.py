"""An uploaded delivery list's life as history: stored → checked → imported (or not), with its report."""

import hashlib
import logging

from django.core.files import File
from django.db import DatabaseError
from django.utils import timezone

from ..models import DeliveryImport
from . import pipeline, progress

log = logging.getLogger(__name__)
S = DeliveryImport.Status
SHOWN_PROBLEMS = 1000  # the preview lists this many; the rejected-rows download has them all
SHOWN_ALREADY = 200


def store(stream, *, name, by, encoding=""):
    """Keep the original file (streamed, hashed as it goes) as a new import in the history."""
    digest = hashlib.sha256()
    size = 0
    for chunk in stream.chunks() if hasattr(stream, "chunks") else iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    record = DeliveryImport(original_name=name[:255], sha256=digest.hexdigest(), size=size, encoding=encoding,
                            uploaded_by=by)
    record.file.save(_safe_name(name), File(stream), save=False)
    record.save()
    return record


def _safe_name(name):
    # The stored name is ours; the original name is kept for display and the download.
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    return f"delivery.{suffix if suffix.isalnum() and len(suffix) <= 5 else 'bin'}"


def check_upload(import_id, *, on_progress=None):
    """Check the stored file and record the report; the officer confirms afterwards."""
    record = DeliveryImport.objects.get(pk=import_id)
    DeliveryImport.objects.filter(pk=import_id).update(status=S.CHECKING)
    plan = pipeline.check(record.file.path, encoding=record.encoding,
                          progress=on_progress or progress.reporter(import_id))
    _record(record, plan, S.REJECTED if plan.fatal or plan.problems else S.CHECKED)
    progress.clear(import_id)
    return record


def import_upload(import_id, *, skip_rejected=False, on_progress=None):
    """Import the stored file, all or nothing; a failure leaves the database as it was and says why."""
    record = DeliveryImport.objects.get(pk=import_id)
    try:
        outcome = pipeline.run(record.file.path, by=record.uploaded_by, delivery_import=record,
                               encoding=record.encoding, skip_rejected=skip_rejected,
                               progress=on_progress or progress.reporter(import_id))
    except DatabaseError as exc:  # e.g. another import took a serial first; the transaction is rolled back
        log.exception("Delivery import %s failed", import_id)
        return fail(import_id, code="write_failed", params={"error": str(exc)[:300]})
    if outcome.written:
        record.units_created, record.shipments_created = outcome.units_created, outcome.shipments_created
        _record(record, outcome.plan, S.IMPORTED, finished=True)
    else:
        _record(record, outcome.plan, S.REJECTED if outcome.plan.problems or outcome.plan.fatal else S.CHECKED)
    progress.clear(import_id)
    return record


def fail(import_id, *, code="unexpected", params=None):
    """Whatever went wrong, the history says so instead of showing "checking" forever."""
    record = DeliveryImport.objects.get(pk=import_id)
    record.report = {**record.report, "fatal": {"code": code, "params": params or {}}}
    record.status, record.finished_at = S.FAILED, timezone.now()
    record.save(update_fields=["report", "status", "finished_at"])
    progress.clear(import_id)
    return record


def _record(record, plan, status, *, finished=False):
    record.report = report_of(plan)
    record.status = status
    record.rows_total = plan.rows_total
    record.rows_done = plan.rows_total
    record.rows_rejected = len(plan.rejected_rows)
    record.rows_already_imported = len(plan.already)
    if finished:
        record.finished_at = timezone.now()
    record.save()


def report_of(plan):
    """The preview as JSON: codes and parameters, worded later in the reader's language."""
    if plan.fatal:
        return {"fatal": {"code": plan.fatal.code, "params": plan.fatal.params}, "encoding": plan.encoding}
    header = plan.header
    return {
        "sheet": plan.sheet_name,
        "encoding": plan.encoding,
        "header_row": header.row_number,
        "headers": [str(t) for t in header.titles if str(t).strip()],
        "columns": {name: header.title_of(name) for name in header.columns},
        "ignored": header.ignored,
        "problems": [[p.row, p.column, p.value, p.code, p.params] for p in plan.problems[:SHOWN_PROBLEMS]],
        "problems_total": len(plan.problems),
        "already": plan.already[:SHOWN_ALREADY],
        "already_total": len(plan.already),
        "rows_valid": plan.rows_valid,
        "has_work": plan.has_work,
        "summary": plan.summary(),
    }
