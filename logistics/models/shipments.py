from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inventory.models import StepEvent


class ShipmentStatus(models.TextChoices):
    """A shipment's statuses; which one follows which is logistics.shipments' transition table."""

    # A shipment is feminine in Russian («поставка получена»), a unit is not: own context.
    DRAFT = "draft", pgettext_lazy("shipment status", "Draft")
    DISPATCHED = "dispatched", pgettext_lazy("shipment status", "Dispatched")
    PARTIALLY_RECEIVED = "partially_received", pgettext_lazy("shipment status", "Partially received")
    # Everything listed has arrived (in whatever condition); the receipt is still open to be closed.
    ARRIVED = "arrived", pgettext_lazy("shipment status", "Everything arrived")
    # Closed, and everything arrived as the waybill lists it.
    RECEIVED = "received", pgettext_lazy("shipment status", "Received")
    CLOSED_WITH_DISCREPANCIES = "closed_with_discrepancies", pgettext_lazy("shipment status",
                                                                           "Closed with discrepancies")


S = ShipmentStatus
# On its way or being received: the receipt accepts scans and can be closed.
RECEIPT_OPEN = frozenset({S.DISPATCHED, S.PARTIALLY_RECEIVED, S.ARRIVED})
# The receipt is closed, cleanly or not.
CLOSED = frozenset({S.RECEIVED, S.CLOSED_WITH_DISCREPANCIES})
del S


class Shipment(models.Model):
    """A waybill: one supplier's delivery, under one contract/lot, to one institution.

    Its status changes only through logistics.shipments (the transition table lives there); the
    groups above say which statuses mean what, once, for every page and rule that asks.
    """

    Status = ShipmentStatus

    waybill_number = models.CharField(_("waybill number"), max_length=64)
    supplier = models.CharField(_("supplier"), max_length=255)
    contract = models.CharField(_("contract / lot"), max_length=120, blank=True)
    destination = models.ForeignKey("inventory.Institution", models.PROTECT, related_name="shipments",
                                    verbose_name=_("destination"))
    # A transfer between institutions (logistics.transfers): the sender; `supplier` then holds its name.
    # Empty for a supplier's delivery.
    origin = models.ForeignKey("inventory.Institution", models.PROTECT, null=True, blank=True, editable=False,
                               related_name="shipments_out", verbose_name=_("sent by"))
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
    # When the life cycle took these steps (their events say who); the status alone decides state.
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("receipt closed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "waybill_number"], name="shipment_waybill_unique"),
            models.CheckConstraint(condition=Q(status__in=ShipmentStatus.values), name="shipment_status_known"),
            models.CheckConstraint(condition=Q(status="draft") | Q(dispatched_at__isnull=False),
                                   name="shipment_dispatched_has_time"),
            # Closed exactly when the status says so: closed_at never decides anything on its own.
            models.CheckConstraint(
                condition=Q(status__in=sorted(CLOSED), closed_at__isnull=False)
                | (~Q(status__in=sorted(CLOSED)) & Q(closed_at__isnull=True)),
                name="shipment_closed_has_time"),
            models.CheckConstraint(condition=Q(origin__isnull=True) | ~Q(origin=models.F("destination")),
                                   name="shipment_transfer_not_to_itself"),
        ]
        indexes = [
            models.Index(fields=["destination", "status"]),
            # Shipment list (/shipments/, and the admin's): newest first, and its last pages read backwards
            # from the other end of this index instead of an OFFSET past 30,000 sorted rows (issue 19).
            models.Index(fields=["created_at", "id"], name="shipment_newest_first"),
        ]
        # Not here, because SQLite has no GIN: the shipment list search's trigram indexes on UPPER(waybill_number),
        # UPPER(supplier) and UPPER(contract), PostgreSQL only, in logistics/migrations/0002_page_indexes.py.

    def __str__(self):
        return f"{self.waybill_number} → {self.destination}"

    def get_absolute_url(self):
        return reverse("logistics:shipment", args=[self.pk])

    # Predicates: every view, template, admin screen, import and scan asks these, never the raw status.
    @property
    def is_transfer(self):
        return self.origin_id is not None

    @property
    def sender(self):
        """Who hands the units over: the sending institution, named in the reader's language, or the
        supplier as the waybill names it. (`supplier` holds a transfer's sender as stored, for uniqueness.)"""
        return self.origin.name if self.origin_id else self.supplier

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def receipt_is_open(self):
        """Scans, damage reports and counted quantities are accepted."""
        return self.status in RECEIPT_OPEN

    @property
    def is_closed(self):
        """The receipt is over; what it found can be signed as an act and never changes."""
        return self.status in CLOSED


class ShipmentLine(models.Model):
    """What the waybill lists: an item and how many of it. Counted items are confirmed by quantity."""

    shipment = models.ForeignKey(Shipment, models.CASCADE, related_name="lines", verbose_name=_("shipment"))
    item = models.ForeignKey("inventory.Item", models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity_expected = models.PositiveIntegerField(_("expected quantity"))
    # For counted items only: what the receiving staff confirmed. Serialised items are counted by scans.
    quantity_received = models.PositiveIntegerField(_("received quantity"), null=True, blank=True)
    # This delivery's warranty when it differs from the catalogue item's (Item.warranty_months).
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), null=True, blank=True)

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


class ShipmentAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("shipment event", "Created")  # «поставка создана»: feminine
    DISPATCHED = "dispatched", _("Dispatched")
    FIRST_ARRIVAL = "first_arrival", _("First unit arrived")
    ALL_ARRIVED = "all_arrived", _("Everything arrived")
    RECEIPT_REOPENED = "receipt_reopened", _("Receipt no longer complete")
    CLOSED = "closed", _("Receipt closed")
    ACT_SIGNED = "act_signed", _("Acceptance act signed")


class ShipmentEvent(StepEvent):
    """One step in a shipment's life: who did what, when, and the status before and after."""

    Action = ShipmentAction

    shipment = models.ForeignKey(Shipment, models.PROTECT, related_name="events", verbose_name=_("shipment"))
    action = models.CharField(_("what"), max_length=20, choices=Action)
    old_status = models.CharField(_("from"), max_length=32, choices=Shipment.Status, blank=True)
    new_status = models.CharField(_("to"), max_length=32, choices=Shipment.Status)

    class Meta(StepEvent.Meta):
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")
        constraints = [
            models.CheckConstraint(condition=Q(action__in=ShipmentAction.values), name="shipment_event_action_known"),
            models.CheckConstraint(condition=Q(new_status__in=ShipmentStatus.values),
                                   name="shipment_event_status_known"),
        ]
        indexes = [models.Index(fields=["shipment", "at"])]

    def __str__(self):
        return f"{self.shipment_id}: {self.action} ({self.old_status or '∅'} → {self.new_status})"
