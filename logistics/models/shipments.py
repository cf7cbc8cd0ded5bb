from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Shipment(models.Model):
    """A waybill: one supplier's delivery, under one contract/lot, to one institution."""

    class Status(models.TextChoices):
        # A shipment is feminine in Russian («поставка получена»), a unit is not: own context.
        DRAFT = "draft", pgettext_lazy("shipment status", "Draft")
        DISPATCHED = "dispatched", pgettext_lazy("shipment status", "Dispatched")
        PARTIALLY_RECEIVED = "partially_received", pgettext_lazy("shipment status", "Partially received")
        RECEIVED = "received", pgettext_lazy("shipment status", "Received")
        CLOSED_WITH_DISCREPANCIES = "closed_with_discrepancies", pgettext_lazy("shipment status",
                                                                               "Closed with discrepancies")

    waybill_number = models.CharField(_("waybill number"), max_length=64)
    supplier = models.CharField(_("supplier"), max_length=255)
    contract = models.CharField(_("contract / lot"), max_length=120, blank=True)
    destination = models.ForeignKey("inventory.Institution", models.PROTECT, related_name="shipments",
                                    verbose_name=_("destination"))
    # Changes only through logistics.shipments, which also moves the units through the life cycle.
    status = models.CharField(_("status"), max_length=32, choices=Status, default=Status.DRAFT,
                              editable=False)
    dispatch_date = models.DateField(_("dispatch date"), null=True, blank=True)
    units = models.ManyToManyField("inventory.Unit", through="ShipmentUnit", related_name="shipments",
                                   verbose_name=_("units"))
    delivery_import = models.ForeignKey("logistics.DeliveryImport", models.PROTECT, null=True, blank=True,
                                        related_name="shipments", verbose_name=_("import"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("receipt closed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "waybill_number"], name="shipment_waybill_unique"),
            models.CheckConstraint(condition=Q(status__in=["draft", "dispatched", "partially_received",
                                                           "received", "closed_with_discrepancies"]),
                                   name="shipment_status_known"),
            models.CheckConstraint(condition=Q(status="draft") | Q(dispatched_at__isnull=False),
                                   name="shipment_dispatched_has_time"),
        ]
        indexes = [models.Index(fields=["destination", "status"])]

    def __str__(self):
        return f"{self.waybill_number} → {self.destination}"

    def get_absolute_url(self):
        return reverse("logistics:shipment", args=[self.pk])


class ShipmentLine(models.Model):
    """What the waybill lists: an item and how many of it. Counted items are confirmed by quantity."""

    shipment = models.ForeignKey(Shipment, models.CASCADE, related_name="lines", verbose_name=_("shipment"))
    item = models.ForeignKey("inventory.Item", models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity_expected = models.PositiveIntegerField(_("expected quantity"))
    # For counted items only: what the receiving staff confirmed. Serialised items are counted by scans.
    quantity_received = models.PositiveIntegerField(_("received quantity"), null=True, blank=True)

    class Meta:
        ordering = ["item__code"]
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "item"], name="shipment_line_item_once"),
            models.CheckConstraint(condition=Q(quantity_expected__gt=0), name="shipment_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.item.code} × {self.quantity_expected}"


class ShipmentUnit(models.Model):
    """A serialised unit travelling in a shipment (a unit may travel again after a transfer)."""

    shipment = models.ForeignKey(Shipment, models.CASCADE, related_name="shipment_units")
    unit = models.ForeignKey("inventory.Unit", models.PROTECT, related_name="shipment_units")
    line = models.ForeignKey(ShipmentLine, models.CASCADE, related_name="shipment_units", null=True)

    class Meta:
        verbose_name = _("unit in shipment")
        verbose_name_plural = _("units in shipments")
        constraints = [models.UniqueConstraint(fields=["shipment", "unit"], name="shipment_unit_once")]

    def __str__(self):
        return f"{self.shipment_id}/{self.unit_id}"
