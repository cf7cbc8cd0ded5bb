"""A label batch's status changes only through its state table; a batch whose worker died is failed by
the page that shows it, and asking for the same sheet again never hands out a failed or stale batch."""

from datetime import timedelta
from itertools import product

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from inventory import label_batches, labels
from inventory.models import LabelBatch

B = LabelBatch.Status
STEPS = list(product(B, B))


@pytest.fixture(autouse=True)
def _labels_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def batch_of(officer, status=B.PENDING, key="k" * 64):
    batch = LabelBatch.objects.create(key=key, title="Waybill 1", preset="a4-3x8-70x37", language="ru",
                                      unit_ids=[], label_count=0, requested_by=officer)
    LabelBatch.objects.filter(pk=batch.pk).update(status=status)  # test set-up: any status directly
    return batch


def options(**extra):
    return {"preset": "a4-3x8-70x37", "start": 1, "copies": 1, "language": "ru", **extra}


def ask(client, shipment):
    ids = list(shipment.units.values_list("pk", flat=True))
    client.post(reverse("logistics:labels-shipment", args=[shipment.pk]), {**options(), "unit": ids})
    return LabelBatch.objects.latest("pk")


def die_while_rendering(batch):
    """The batch as a worker killed mid-render leaves it: running, its lease in the past."""
    LabelBatch.objects.filter(pk=batch.pk).update(status=B.RUNNING, pdf="", labels_done=1,
                                                  lease_until=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize(("old", "new"), [s for s in STEPS if s[1] in label_batches.ALLOWED[s[0]]])
def test_each_legal_step_changes_the_status(officer, old, new):
    batch = batch_of(officer, old)
    label_batches.change_status(batch.pk, new)
    assert LabelBatch.objects.get(pk=batch.pk).status == new


@pytest.mark.parametrize(("old", "new"), [s for s in STEPS if s[1] not in label_batches.ALLOWED[s[0]]])
def test_each_illegal_step_is_refused_naming_both_statuses(officer, old, new):
    batch = batch_of(officer, old)
    with pytest.raises(label_batches.TransitionNotAllowed) as refusal:
        label_batches.change_status(batch.pk, new)
    assert f"“{B(old).label}”" in str(refusal.value) and f"“{B(new).label}”" in str(refusal.value)
    assert LabelBatch.objects.get(pk=batch.pk).status == old


def test_a_batch_is_claimed_for_rendering_once(officer):
    batch = batch_of(officer)
    assert label_batches.claim_for_render(batch.pk).lease_until is not None
    with pytest.raises(label_batches.TransitionNotAllowed):
        label_batches.claim_for_render(batch.pk)


def test_the_database_keeps_one_live_batch_per_request_and_any_number_of_failed_ones(officer):
    batch_of(officer, B.FAILED)
    batch_of(officer, B.FAILED)
    batch_of(officer, B.READY)
    with pytest.raises(IntegrityError):
        batch_of(officer, B.PENDING)


def test_a_batch_whose_worker_died_shows_failed_and_runs_again_as_a_new_batch(client, officer, shipped_kit):
    client.force_login(officer)
    first = ask(client, shipped_kit)
    die_while_rendering(first)
    page = client.get(reverse("logistics:labels-batch", args=[first.pk])).text
    assert "The rendering stopped" in page and 'data-testid="rerun-form"' in page
    assert LabelBatch.objects.get(pk=first.pk).status == B.FAILED
    reply = client.post(reverse("logistics:labels-batch-rerun", args=[first.pk]))
    again = LabelBatch.objects.get(pk=int(reply.url.rstrip("/").split("/")[-1]))
    assert again.pk != first.pk and again.is_ready and again.unit_ids == first.unit_ids


def test_asking_for_the_same_sheet_never_reuses_a_stale_or_failed_batch(client, officer, shipped_kit):
    client.force_login(officer)
    first = ask(client, shipped_kit)
    die_while_rendering(first)
    second = ask(client, shipped_kit)  # nobody opened the stuck batch's page: the request itself checks
    assert second.pk != first.pk and second.is_ready
    assert LabelBatch.objects.get(pk=first.pk).status == B.FAILED
    assert ask(client, shipped_kit).pk == second.pk  # a good batch is still found again


def test_the_status_endpoint_marks_a_stale_batch_failed(client, officer, shipped_kit):
    client.force_login(officer)
    batch = ask(client, shipped_kit)
    die_while_rendering(batch)
    state = client.get(reverse("logistics:labels-batch-status", args=[batch.pk])).json()
    assert state["status"] == B.FAILED and "stopped" in state["error"] and state["download"] is None


def test_a_batch_failed_while_it_was_still_rendering_keeps_no_pdf(officer, shipped_kit, monkeypatch, tmp_path):
    batch = batch_of(officer, key="x" * 64)
    LabelBatch.objects.filter(pk=batch.pk).update(unit_ids=list(shipped_kit.units.values_list("pk", flat=True)),
                                                  label_count=3)
    real = labels.render_sheets

    def slow_render(*args, **kwargs):  # the reaper judged it dead while it drew the last page
        LabelBatch.objects.filter(pk=batch.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
        label_batches.fail_stale()
        return real(*args, **kwargs)

    monkeypatch.setattr(labels, "render_sheets", slow_render)
    label_batches.render_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == B.FAILED and not batch.pdf and not list(tmp_path.rglob("*.pdf"))
