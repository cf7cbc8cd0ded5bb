from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..identifiers import format_tag, new_asset_tag


class UnitStatus(models.TextChoices):
    """A unit's statuses; which one may follow which is inventory.lifecycle's transition table."""

    EXPECTED = "expected", _("Expected")
    IN_TRANSIT = "in_transit", _("In transit")
    RECEIVED = "received", _("Received")
    DAMAGED = "damaged", _("Damaged")
    MISSING = "missing", _("Missing")
    INSTALLED = "installed", _("Installed")
    TRANSFERRED = "transferred", _("Transferred")
    WRITTEN_OFF = "written_off", _("Written off")


class Unit(models.Model):
    """One physical, QR-labelled piece of serialised equipment."""

    Status = UnitStatus

    item = models.ForeignKey("inventory.Item", models.PROTECT, related_name="units", verbose_name=_("item"))
    serial = models.CharField(_("serial number"), max_length=64)
    asset_tag = models.CharField(_("asset tag"), max_length=12, unique=True, default=new_asset_tag,
                                 editable=False)
    # Only inventory.lifecycle changes the status, always together with an appended UnitEvent.
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.EXPECTED,
                              editable=False)
    # The institution the unit is assigned to: its destination while expected or in transit,
    # its keeper once received. Changes only through the life cycle, like the status.
    holder = models.ForeignKey("inventory.Institution", models.PROTECT, null=True, blank=True,
                               related_name="units", verbose_name=_("holder"), editable=False)
    # The room of the holder where the unit is installed; changes only through the life cycle.
    room = models.ForeignKey("inventory.Room", models.PROTECT, null=True, blank=True, related_name="units",
                             verbose_name=_("room"), editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["item__code", "serial"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["item", "serial"], name="unit_serial_unique_per_item"),
            models.CheckConstraint(condition=~Q(serial=""), name="unit_serial_not_blank"),
            models.CheckConstraint(condition=Q(status__in=UnitStatus.values), name="unit_status_known"),
            models.CheckConstraint(condition=~Q(status="installed") | Q(holder__isnull=False),
                                   name="unit_installed_has_holder"),
            models.CheckConstraint(condition=Q(room__isnull=True) | Q(holder__isnull=False),
                                   name="unit_room_has_holder"),
        ]
        indexes = [models.Index(fields=["holder", "status"])]

    def __str__(self):
        return f"{self.display_tag} · {self.item.name}"

    def get_absolute_url(self):
        return reverse("inventory:unit", args=[self.asset_tag])

    @property
    def display_tag(self):
        return format_tag(self.asset_tag)

    def clean(self):
        if self.status == self.Status.INSTALLED and self.holder_id is None:
            raise ValidationError({"holder": _("An installed unit must belong to an institution.")})


class StatusGroups:
    """Named sets of unit statuses, defined once: every count, page, act and script uses these.

    A damaged unit has arrived (someone holds it and signed for it) and is also a discrepancy.
    A transferred unit is between two holders, so it is neither arrived nor outstanding.
    """

    S = Unit.Status
    # Not yet at its destination: waiting to be sent, or on its way.
    OUTSTANDING = frozenset({S.EXPECTED, S.IN_TRANSIT})
    # At the institution that holds it, whatever its condition.
    ARRIVED = frozenset({S.RECEIVED, S.DAMAGED, S.INSTALLED})
    # What an acceptance act reports as wrong: arrived damaged, or never arrived.
    DISCREPANT = frozenset({S.DAMAGED, S.MISSING})
    # Usable where it is: arrived and not damaged.
    IN_SERVICE = frozenset({S.RECEIVED, S.INSTALLED})
    # Never arrived, or was lost after it did.
    LOST = frozenset({S.MISSING})
    # Out of the programme's counts for good.
    RETIRED = frozenset({S.WRITTEN_OFF})
    del S

    NAMES = ("outstanding", "arrived", "discrepant", "in_service", "lost", "retired")

    @classmethod
    def as_data(cls):
        """The groups as plain lists, for a page's JSON data: scripts never keep their own lists."""
        return {name: sorted(str(s) for s in getattr(cls, name.upper())) for name in cls.NAMES}
