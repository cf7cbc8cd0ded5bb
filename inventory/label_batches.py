"""Label sheets as stored PDFs: asked for once, rendered once, downloaded as often as needed.

A request becomes a LabelBatch keyed by a hash of what the PDF will show (each unit's tag, item
name and institution in the chosen language, the programme and the site address) and how it is
laid out (sheet, start position, copies). Asking again for the same thing finds the same row, so
a 20,000-label import pressed twice renders once. Small batches render during the request; large
ones go to the background worker (`manage.py db_worker`), which reports progress page by page.
"""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import labels
from .models import LabelBatch, Unit

log = logging.getLogger(__name__)
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
    batch = LabelBatch.objects.filter(key=key).first()
    if batch is None:
        try:
            with transaction.atomic():
                batch = LabelBatch.objects.create(
                    key=key, title=title[:200], preset=preset, start=start, copies=copies, language=language,
                    unit_ids=unit_ids, label_count=len(unit_ids) * copies, requested_by=by)
        except IntegrityError:  # the same request, a moment earlier, from another tab or user
            return LabelBatch.objects.get(key=key)
    elif batch.status == LabelBatch.Status.FAILED or (batch.status == LabelBatch.Status.READY
                                                      and not batch.pdf.storage.exists(batch.pdf.name)):
        LabelBatch.objects.filter(pk=batch.pk).update(status=LabelBatch.Status.PENDING, labels_done=0, error="")
    else:
        return batch
    if batch.label_count <= SYNC_LIMIT:
        render_batch(batch.pk)
    else:
        result = render_label_batch.enqueue(batch.pk)
        LabelBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=str(result.id)[:64])
    batch.refresh_from_db()
    return batch


def render_batch(batch_id):
    """Render a pending batch and store its PDF. Does nothing if another worker has claimed it."""
    claimed = LabelBatch.objects.filter(pk=batch_id, status=LabelBatch.Status.PENDING).update(
        status=LabelBatch.Status.RUNNING, labels_done=0)
    if not claimed:
        return
    batch = LabelBatch.objects.get(pk=batch_id)

    step, reported = max(1, batch.label_count // 50), [0]

    def progress(done, total):  # about fifty updates a batch: enough for a smooth bar, cheap for the DB
        if done - reported[0] >= step:
            reported[0] = done
            LabelBatch.objects.filter(pk=batch_id).update(labels_done=min(done, batch.label_count))

    try:
        pdf = labels.render_sheets(_labels(batch.unit_ids, batch.language), batch.preset, start=batch.start,
                                   copies=batch.copies, progress=progress, title=batch.title)
    except labels.LabelError as exc:
        _fail(batch_id, str(exc))
        return
    except Exception:
        log.exception("Label batch %s failed", batch_id)
        _fail(batch_id, _("The labels could not be rendered; the error has been logged."))
        return
    batch.pdf.save(f"labels-{batch.pk}-{batch.key[:12]}.pdf", ContentFile(pdf), save=False)
    LabelBatch.objects.filter(pk=batch_id).update(
        pdf=batch.pdf.name, size=len(pdf), status=LabelBatch.Status.READY, labels_done=batch.label_count,
        finished_at=timezone.now())


def _fail(batch_id, message):
    LabelBatch.objects.filter(pk=batch_id).update(status=LabelBatch.Status.FAILED, error=message,
                                                  finished_at=timezone.now())


@task()
def render_label_batch(batch_id):
    render_batch(batch_id)
