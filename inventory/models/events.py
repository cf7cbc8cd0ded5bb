from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .units import Unit


class AppendOnly(Exception):
    """History is never rewritten: an event can be added, not changed or removed."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly(f"{self.model._meta.object_name} rows cannot be updated.")

    def delete(self):
        raise AppendOnly(f"{self.model._meta.object_name} rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A history row: written once, never changed or removed, by the instance or the queryset.

    Every event table (a unit's, a shipment's, an import's) is one of these.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("add", "view")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(f"{self._meta.object_name} rows cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{self._meta.object_name} rows cannot be deleted.")


class StepEvent(AppendOnlyModel):
    """A step in the life of a thing with states (a shipment, an import, a transfer, a fault report,
    a repair, a verification round): when, who (nobody for the worker's own steps) and why."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("who"))
    note = models.TextField(_("note"), blank=True)

    class Meta(AppendOnlyModel.Meta):
        abstract = True
        ordering = ["at", "pk"]


class UnitEvent(AppendOnlyModel):
    """One step in a unit's life: who moved it from which status to which, when, where and why."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="events", verbose_name=_("unit"))
    old_status = models.CharField(_("from"), max_length=16, choices=Unit.Status, blank=True)
    new_status = models.CharField(_("to"), max_length=16, choices=Unit.Status)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("who"))
    place = models.ForeignKey("inventory.Institution", models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("where"))
    # The room the unit was installed in or moved to by this step.
    room = models.ForeignKey("inventory.Room", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("room"))
    # The document the step belongs to: a waybill number, an import, an acceptance act.
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    # The shipment's primary key when the step is part of one (a plain integer, because
    # inventory knows nothing of logistics; logistics reads it back).
    shipment_id = models.BigIntegerField(_("shipment"), null=True, blank=True, db_index=True)
    note = models.TextField(_("note"), blank=True)
    # Made on the scanning device: a scan resent after a dropped connection finds its event.
    scan_id = models.UUIDField(_("scan id"), null=True, blank=True, unique=True)

    # Not stored: the life cycle sets it on an event it hands back for a scan sent again.
    resent = False

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")
        default_permissions = ("add", "view")

    def __str__(self):
        return f"{self.unit_id}: {self.old_status or '∅'} → {self.new_status}"
