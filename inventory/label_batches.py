"""Label sheets as stored PDFs: asked for once, rendered once, downloaded as often as needed.

A request becomes a LabelBatch keyed by a hash of what the PDF will show (each unit's tag, item
name and institution in the chosen language, the programme and the site address) and how it is
laid out (sheet, start position, copies). Asking again for the same thing finds the same row, so
a 20,000-label import pressed twice renders once. Small batches render during the request; large
ones go to the background worker (`manage.py db_worker`), which reports progress page by page and
renews the batch's lease as it goes (leases.py). A batch that failed, or whose worker died (its
lease lapsed), is never handed out again: the same request makes a new batch, the failed one
stays as history.

A batch's status changes only here: pending → running (`claim_for_render`) → ready or failed.
"""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from . import labels, leases
from .models import LabelBatch, Unit

log = logging.getLogger(__name__)
B = LabelBatch.Status
SYNC_LIMIT = 240  # ten sheets of 24 take a fraction of a second: no need to make anyone wait
LAYOUT_VERSION = "1"  # bump when the label's look changes, so stored PDFs are not reused
_CHUNK = 900  # ids per query: below SQLite's old 999-parameter limit


def units_in_order(unit_ids):
    """The units with these ids, item and holder loaded, in the order of `unit_ids`."""
    for i in range(0, len(unit_ids), _CHUNK):
        chunk = unit_ids[i:i + _CHUNK]
        found = Unit.objects.select_related("item", "holder").in_bulk(chunk)
        yield from (found[pk] for pk in chunk if pk in found)


def _labels(unit_ids, language):
    return labels.labels_for(units_in_order(unit_ids), language, site_url=settings.SITE_URL,
                             programme=settings.PROGRAMME_NAME)


def batch_key(label_list, *, preset, start, copies, language):
    digest = hashlib.sha256(f"{LAYOUT_VERSION}|{preset}|{start}|{copies}|{language}".encode())
    for label in label_list:
        digest.update("\x1e".join((label.url, label.item_name, label.holder_name, label.programme)).encode())
        digest.update(b"\x1d")
    return digest.hexdigest()


def request_batch(unit_ids, *, title, preset, start, copies, language, by):
    """(batch, characters the font lacks) for these units and options. The batch is an existing
    one if the same PDF was asked for before, otherwise a new one, rendered now if small or
    queued if large. Raises LabelError or UnknownPreset, with a message for the user, for a
    request that cannot make a good PDF."""
    unit_ids = list(unit_ids)
    labels.check_request(len(unit_ids), preset, start, copies)
    label_list = list(_labels(unit_ids, language))
    texts = {t for label in label_list for t in (label.item_name, label.holder_name, label.programme)}
    unprintable = labels.unprintable_characters("".join(texts))
    return _find_or_start(label_list, unit_ids, title=title, preset=preset, start=start, copies=copies,
                          language=language, by=by), unprintable


def _find_or_start(label_list, unit_ids, *, title, preset, start, copies, language, by):
    key = batch_key(label_list, preset=preset, start=start, copies=copies, language=language)
    batch = LabelBatch.objects.filter(key=key).exclude(status=B.FAILED).first()
    if batch is not None:
        batch = fail_if_stale(batch)
        if batch.status == B.READY and not batch.pdf.storage.exists(batch.pdf.name):
            batch = _fail_quietly(batch.pk, _("The stored PDF was missing; the labels were rendered again."))
        if batch.status != B.FAILED:
            return batch
    # Never a failed batch again: it stays as history, and the request makes a new one.
    try:
        with transaction.atomic():
            batch = LabelBatch.objects.create(
                key=key, title=title[:200], preset=preset, start=start, copies=copies, language=language,
                unit_ids=unit_ids, label_count=len(unit_ids) * copies, requested_by=by)
    except IntegrityError:  # the same request, a moment earlier, from another tab or user
        return LabelBatch.objects.exclude(status=B.FAILED).get(key=key)
    return _start(batch)


def rerun(batch_id, *, by):
    """A new batch for the same units and options as a failed one ("run it again")."""
    failed = LabelBatch.objects.get(pk=batch_id)
    if failed.status != B.FAILED:
        raise TransitionNotAllowed(_("Label batch “%(title)s” is “%(old)s”, not failed: there is nothing to run "
                                     "again.") % {"title": failed.title, "old": B(failed.status).label})
    batch, _unprintable = request_batch(failed.unit_ids, title=failed.title, preset=failed.preset,
                                        start=failed.start, copies=failed.copies, language=failed.language, by=by)
    return batch


def _start(batch):
    if batch.label_count <= SYNC_LIMIT:
        render_batch(batch.pk)
    else:
        result = render_label_batch.enqueue(batch.pk)
        LabelBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=str(result.id)[:64])
    batch.refresh_from_db()
    return batch


# --- the batch's states: the one door, as in lifecycle.py ------------------------------------

ALLOWED = {
    B.PENDING: {B.RUNNING, B.FAILED},
    B.RUNNING: {B.READY, B.FAILED},
    B.READY: {B.FAILED},  # its stored PDF went missing
    B.FAILED: set(),  # never reused: asking again makes a new batch
}


class TransitionNotAllowed(Exception):
    """The message is translated and can be shown to the user as it is."""


def change_status(batch_id, new, *, expect=None, **fields):
    """Lock, check, change: the one place a batch's status is written."""
    with transaction.atomic():
        batch = LabelBatch.objects.select_for_update().get(pk=batch_id)
        if new not in ALLOWED[B(batch.status)] or (expect is not None and batch.status not in expect):
            raise TransitionNotAllowed(
                _("Label batch “%(title)s” cannot go from “%(old)s” to “%(new)s”.")
                % {"title": batch.title, "old": B(batch.status).label, "new": B(new).label})
        batch.status = new
        if new != B.RUNNING:
            fields.setdefault("lease_until", None)
        for name, value in fields.items():
            setattr(batch, name, value)
        batch.save(update_fields=["status", *fields])
    return batch


def claim_for_render(batch_id):
    """A worker (or the request, for a small batch) takes a pending batch and its lease."""
    now = timezone.now()
    return change_status(batch_id, B.RUNNING, expect=(B.PENDING,), labels_done=0, lease_until=leases.renewed(now),
                 heartbeat_at=now)


def _beat(batch_id, done):
    """Progress and a renewed lease in one UPDATE; LeaseLost if the batch was failed meanwhile."""
    now = timezone.now()
    try:
        with leases.without_waiting():
            renewed = LabelBatch.objects.filter(pk=batch_id, status=B.RUNNING).update(
                labels_done=done, lease_until=leases.renewed(now), heartbeat_at=now)
    except leases.Busy:  # SQLite busy with another writer: this page's beat is skipped
        return
    if not renewed:
        raise LeaseLost(batch_id)


class LeaseLost(Exception):
    """The batch was marked failed while it rendered (its lease had lapsed): its PDF is not kept."""


def _fail_quietly(batch_id, message):
    try:
        return change_status(batch_id, B.FAILED, error=message, finished_at=timezone.now())
    except TransitionNotAllowed:  # already failed or finished: nothing to do
        return LabelBatch.objects.get(pk=batch_id)


STOPPED = gettext_lazy("The rendering stopped: the background worker was interrupted, and no PDF was kept. "
                       "Run it again.")


def fail_if_stale(batch):
    """The page's check: a rendering batch whose lease lapsed is failed now. Returns the current batch."""
    if batch.status == B.RUNNING and leases.lapsed(batch.lease_until):
        fail_stale(only=batch.pk)
        batch.refresh_from_db()
    return batch


def fail_stale(only=None):
    """Mark failed every rendering batch whose lease lapsed; return how many. Never waits for a lock.

    No long transaction guards a batch: the PDF is stored first and the batch marked ready after,
    under its row lock, only if it is still running. A batch failed here while in fact alive finds
    out at its next page (LeaseLost) or when it would become ready, and its PDF is deleted.
    """
    stale = LabelBatch.objects.filter(status=B.RUNNING, lease_until__lt=timezone.now())
    if only is not None:
        stale = stale.filter(pk=only)
    failed = 0
    for batch_id in stale.values_list("pk", flat=True):
        try:
            with leases.without_waiting(), transaction.atomic():
                batch = LabelBatch.objects.select_for_update().get(pk=batch_id)
                if batch.status == B.RUNNING and leases.lapsed(batch.lease_until):
                    log.warning("Label batch %s: lease lapsed at %s; marked failed", batch_id, batch.lease_until)
                    change_status(batch_id, B.FAILED, error=str(STOPPED), finished_at=timezone.now())
                    failed += 1
        except leases.Busy:
            return failed
    return failed


def render_batch(batch_id):
    """Render a pending batch and store its PDF. Does nothing if another worker has claimed it."""
    try:
        batch = claim_for_render(batch_id)
    except TransitionNotAllowed:
        return
    step, reported = max(1, batch.label_count // 50), [0]
    last_beat = [timezone.now().timestamp()]

    def progress(done, total):  # about fifty updates a batch, and at least one a quarter lease
        moment = timezone.now().timestamp()
        if done - reported[0] >= step or moment - last_beat[0] >= leases.beat_every():
            reported[0], last_beat[0] = done, moment
            _beat(batch_id, min(done, batch.label_count))

    try:
        pdf = labels.render_sheets(_labels(batch.unit_ids, batch.language), batch.preset, start=batch.start,
                                   copies=batch.copies, progress=progress, title=batch.title)
    except LeaseLost:
        log.warning("Label batch %s was marked failed while rendering; stopped", batch_id)
        return
    except labels.LabelError as exc:
        _fail_quietly(batch_id, str(exc))
        return
    except Exception:
        log.exception("Label batch %s failed", batch_id)
        _fail_quietly(batch_id, _("The labels could not be rendered; the error has been logged."))
        return
    _store(batch, pdf)


def _store(batch, pdf):
    batch.pdf.save(f"labels-{batch.pk}-{batch.key[:12]}.pdf", ContentFile(pdf), save=False)
    name = batch.pdf.name
    try:
        change_status(batch.pk, B.READY, expect=(B.RUNNING,), pdf=name, size=len(pdf), labels_done=batch.label_count,
              finished_at=timezone.now())
    except TransitionNotAllowed:  # failed meanwhile (lease lapsed): keep no file that no batch names
        batch.pdf.storage.delete(name)


@task()
def render_label_batch(batch_id):
    render_batch(batch_id)
