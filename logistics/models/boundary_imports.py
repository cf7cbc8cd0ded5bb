from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models import AppendOnlyModel


class BoundaryImport(AppendOnlyModel):
    """One boundary file stored into the areas: who, when, what matched and how. Written in the same
    transaction as the boundaries, never changed: the history of the areas' outlines."""

    file_name = models.CharField(_("file name"), max_length=255)
    level = models.CharField(_("level"), max_length=10, choices=[("region", _("Region")), ("district", _("District"))])
    within = models.CharField(_("within"), max_length=120, blank=True)
    accepted = models.JSONField(_("accepted suggestions"), default=dict, blank=True)
    stored = models.PositiveIntegerField(_("boundaries stored"))
    left_out = models.PositiveIntegerField(_("features left out"), default=0)
    repaired = models.PositiveIntegerField(_("polygons repaired"), default=0)
    matches = models.JSONField(_("matches"), default=list, blank=True)   # [feature label, area code, how]
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("who"))

    class Meta(AppendOnlyModel.Meta):
        ordering = ["-at", "-pk"]
        verbose_name = _("boundary import")
        verbose_name_plural = _("boundary imports")
        constraints = [models.CheckConstraint(condition=Q(level__in=["region", "district"]),
                                              name="boundary_import_level_known")]

    def __str__(self):
        return f"{self.file_name} ({self.at:%Y-%m-%d})"
