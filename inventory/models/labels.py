from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    """Defined outside the model so that its Meta can build constraints from `values`."""

    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class LabelBatch(models.Model):
    """One PDF of label sheets, rendered once and kept: the same request finds this row again
    (by `key`, a hash of what the PDF shows and how it is laid out) instead of rendering twice.
    A failed batch stays as history, and the same request then makes a new one."""

    Status = BatchStatus

    key = models.CharField(max_length=64, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    preset = models.CharField(_("label sheet"), max_length=32)
    start = models.PositiveSmallIntegerField(_("start at position"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    language = models.CharField(_("language"), max_length=8)
    # The units in print order. A list, not a relation: inventory knows nothing of shipments
    # or imports, and the PDF must show the units as they were when it was asked for.
    unit_ids = models.JSONField(default=list, editable=False)
    label_count = models.PositiveIntegerField(_("labels"), default=0)
    labels_done = models.PositiveIntegerField(_("labels rendered"), default=0)
    # Changed only through inventory/label_batches.py.
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING, editable=False)
    pdf = models.FileField(_("PDF"), upload_to="labels/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("background task"), max_length=64, blank=True)
    # Renewed page by page while rendering (inventory/leases.py); a lapsed lease means the worker died.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("label batch")
        verbose_name_plural = _("label batches")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=BatchStatus.values), name="label_batch_status_known"),
            # One live batch per request; failed ones are kept beside the new one as history.
            models.UniqueConstraint(fields=["key"], condition=~Q(status=BatchStatus.FAILED),
                                    name="label_batch_key_unique_unless_failed"),
            models.CheckConstraint(condition=Q(status=BatchStatus.RUNNING) | Q(lease_until__isnull=True),
                                   name="label_batch_lease_only_while_running"),
            models.CheckConstraint(condition=Q(labels_done__lte=models.F("label_count")),
                                   name="label_batch_done_within_count"),
            models.CheckConstraint(condition=Q(copies__gte=1) & Q(start__gte=1), name="label_batch_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def percent(self):
        return round(100 * self.labels_done / self.label_count) if self.label_count else 0

    @property
    def is_ready(self):
        return self.status == self.Status.READY and bool(self.pdf)
