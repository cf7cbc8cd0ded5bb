from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models.events import AppendOnly


class ImportStatus(models.TextChoices):
    """Defined outside the model so that its Meta can build constraints from `values`."""

    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked, waiting for confirmation")
    REJECTED = "rejected", _("Has problems")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


class DeliveryImport(models.Model):
    """One supplier delivery file as uploaded, and what became of it. Kept as history."""

    Status = ImportStatus

    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    # Changed only through logistics/importing/states.py, which also writes the event.
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.UPLOADED, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    rows_already_imported = models.PositiveIntegerField(_("rows already imported"), default=0)
    units_created = models.PositiveIntegerField(_("units created"), default=0)
    shipments_created = models.PositiveIntegerField(_("shipments created"), default=0)
    # The preview: problems, summary, recognised and ignored columns, as the checker produced them.
    report = models.JSONField(_("report"), default=dict, blank=True)
    task_id = models.CharField(_("background task"), max_length=64, blank=True)
    # What the officer chose when confirming; running the import again keeps the choice.
    skip_rejected = models.BooleanField(_("rows with problems left out"), default=False)
    # The worker running a check or an import renews this as it goes (inventory/leases.py);
    # empty while the job waits for a worker. A lapsed lease means the worker died.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("delivery import")
        verbose_name_plural = _("delivery imports")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="delivery_import_status_known"),
            models.CheckConstraint(condition=Q(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING])
                                   | Q(lease_until__isnull=True), name="delivery_import_lease_only_while_running"),
        ]

    def __str__(self):
        return self.original_name


class DeliveryImportEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Delivery import events cannot be updated.")

    def delete(self):
        raise AppendOnly("Delivery import events cannot be deleted.")


class DeliveryImportEvent(models.Model):
    """One step of an import: who confirmed it, who asked for a check again, when and why it failed."""

    delivery_import = models.ForeignKey(DeliveryImport, models.PROTECT, related_name="events",
                                        verbose_name=_("delivery import"))
    old_status = models.CharField(_("from"), max_length=16, choices=DeliveryImport.Status, blank=True)
    new_status = models.CharField(_("to"), max_length=16, choices=DeliveryImport.Status)
    at = models.DateTimeField(_("when"), default=timezone.now)
    # Empty for the steps the background worker takes on its own, and for a job found dead.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("who"))
    note = models.TextField(_("note"), blank=True)

    objects = DeliveryImportEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("delivery import event")
        verbose_name_plural = _("delivery import events")
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(condition=Q(new_status__in=DeliveryImport.Status.values),
                                   name="delivery_import_event_status_known"),
        ]

    def __str__(self):
        return f"{self.delivery_import_id}: {self.old_status or '∅'} → {self.new_status}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Delivery import events cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Delivery import events cannot be deleted.")
