"""An uploaded delivery list's life as history: stored → checked → imported (or not), with its report."""

import hashlib
import logging

from django.core.files import File
from django.db import DatabaseError
from django.utils import timezone

from ..models import DeliveryImport
from . import pipeline, states

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
    record = states.start_check(import_id)
    plan = pipeline.check(record.file.path, encoding=record.encoding,
                          progress=states.heartbeat(import_id, on_progress))
    return states.finish(import_id, S.REJECTED if plan.fatal or plan.problems else S.CHECKED, **_counts(plan))


def import_upload(import_id, *, skip_rejected=None, on_progress=None):
    """Import the stored file, all or nothing; a failure leaves the database as it was and says why."""
    record = states.start_import(import_id)
    skip = record.skip_rejected if skip_rejected is None else skip_rejected
    by = states.confirmed_by(import_id) or record.uploaded_by

    def settle(outcome):  # inside the import's transaction: "imported" commits with the units
        if outcome.written:
            states.finish(import_id, S.IMPORTED, finished_at=timezone.now(), units_created=outcome.units_created,
                          shipments_created=outcome.shipments_created, **_counts(outcome.plan))
        else:
            states.finish(import_id, _preview_status(outcome.plan), **_counts(outcome.plan))

    try:
        outcome = pipeline.run(record.file.path, by=by, delivery_import=record, encoding=record.encoding,
                               skip_rejected=skip, progress=states.heartbeat(import_id, on_progress),
                               settle=settle)
    except DatabaseError as exc:  # e.g. another import took a serial first; the transaction is rolled back
        log.exception("Delivery import %s failed", import_id)
        return fail(import_id, code="write_failed", params={"error": str(exc)[:300]})
    if outcome.plan.fatal:  # unreadable now: nothing was written, and settle never ran
        return states.finish(import_id, _preview_status(outcome.plan), **_counts(outcome.plan))
    return DeliveryImport.objects.get(pk=import_id)


def fail(import_id, *, code="unexpected", params=None):
    """Mark a job failed unless it already ended (the reaper may have been first)."""
    try:
        return states.fail(import_id, code=code, params=params)
    except states.TransitionNotAllowed:
        return DeliveryImport.objects.get(pk=import_id)


def _preview_status(plan):
    return S.REJECTED if plan.problems or plan.fatal else S.CHECKED


def _counts(plan):
    return {"report": report_of(plan), "rows_total": plan.rows_total, "rows_done": plan.rows_total,
            "rows_rejected": len(plan.rejected_rows), "rows_already_imported": len(plan.already)}


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
        "future_dates": _future_dates(plan),
    }


def _future_dates(plan, shown=20):
    """Waybills dated after today: allowed (a supplier may list a planned dispatch) but worth a second look."""
    today = timezone.localdate()
    late = sorted((d.dispatch_date, d.waybill) for d in plan.drafts.values()
                  if d.dispatch_date is not None and d.dispatch_date > today)
    return [{"waybill": waybill, "date": day.isoformat()} for day, waybill in late[:shown]]
