from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WriteOffReason(models.TextChoices):
    BEYOND_REPAIR = "beyond_repair", _("Beyond repair")
    LOST = "lost", _("Lost")
    STOLEN = "stolen", _("Stolen")
    OBSOLETE = "obsolete", _("Obsolete")


class WriteOff(models.Model):
    """An officer's decision that units leave the programme's use, with its act. Written once, never changed;
    the units stay, written off, in every history and report."""

    Reason = WriteOffReason

    number = models.CharField(_("act number"), max_length=40, unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    document_number = models.CharField(_("document number"), max_length=80)
    note = models.TextField(_("note"), blank=True)
    units = models.ManyToManyField("inventory.Unit", related_name="write_offs", verbose_name=_("units"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("written off by"))
    written_at = models.DateTimeField(_("written off"), auto_now_add=True)
    pdf = models.FileField(_("PDF"), upload_to="write-offs/%Y/%m/")
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    # What the act states, frozen when it was made: the units, their items, serials and last holders.
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        ordering = ["-written_at", "-pk"]
        verbose_name = _("write-off")
        verbose_name_plural = _("write-offs")
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=WriteOffReason.values), name="write_off_reason_known"),
            models.CheckConstraint(condition=~Q(document_number=""), name="write_off_document_not_blank"),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A write-off act never changes once made.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("logistics:write-off", args=[self.pk])
