from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryImport(models.Model):
    """One supplier delivery file as uploaded, and what became of it. Kept as history."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        REJECTED = "rejected", _("Has problems")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.UPLOADED)
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

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("delivery import")
        verbose_name_plural = _("delivery imports")

    def __str__(self):
        return self.original_name
