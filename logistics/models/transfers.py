"""A transfer order: units one institution hands to another, proposed, approved, dispatched, received.

The order's status changes only through logistics.transfers; once dispatched it travels as a
Shipment whose `origin` names the sender, and is received on the ordinary receipt page.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inventory.models import StepEvent


class TransferStatus(models.TextChoices):
    # A transfer is feminine in Russian only as «передача»; the order («заявка») is too: own context.
    PROPOSED = "proposed", pgettext_lazy("transfer status", "Proposed")
    APPROVED = "approved", pgettext_lazy("transfer status", "Approved")
    REJECTED = "rejected", pgettext_lazy("transfer status", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("transfer status", "Cancelled")
    DISPATCHED = "dispatched", pgettext_lazy("transfer status", "Dispatched")
    CLOSED = "closed", pgettext_lazy("transfer status", "Received")


T = TransferStatus
# Its units are spoken for: no other open transfer may take them.
OPEN = frozenset({T.PROPOSED, T.APPROVED, T.DISPATCHED})
# Travelling or arrived: the order has its shipment.
SHIPPED = frozenset({T.DISPATCHED, T.CLOSED})
del T


class TransferOrder(models.Model):
    Status = TransferStatus

    origin = models.ForeignKey("inventory.Institution", models.PROTECT, related_name="transfers_out",
                               verbose_name=_("from"))
    destination = models.ForeignKey("inventory.Institution", models.PROTECT, related_name="transfers_in",
                                    verbose_name=_("to"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PROPOSED, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("proposed"), default=timezone.now, editable=False)
    # Set by the dispatch step: the waybill the receiver scans against.
    shipment = models.OneToOneField("logistics.Shipment", models.PROTECT, null=True, blank=True, editable=False,
                                    related_name="transfer", verbose_name=_("shipment"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(condition=~Q(origin=F("destination")), name="transfer_not_to_itself"),
            models.CheckConstraint(condition=Q(status__in=TransferStatus.values), name="transfer_status_known"),
            models.CheckConstraint(
                condition=Q(status__in=sorted(SHIPPED), shipment__isnull=False)
                | (~Q(status__in=sorted(SHIPPED)) & Q(shipment__isnull=True)),
                name="transfer_shipped_has_shipment"),
        ]
        indexes = [models.Index(fields=["origin", "status"]), models.Index(fields=["destination", "status"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("logistics:transfer", args=[self.pk])

    @property
    def number(self):
        return f"TR-{self.pk:06d}"

    @property
    def is_open(self):
        return self.status in OPEN


class TransferLine(models.Model):
    """One unit of a transfer; `open` mirrors the order's, so the database keeps a unit in one open order."""

    order = models.ForeignKey(TransferOrder, models.CASCADE, related_name="lines", verbose_name=_("transfer"))
    unit = models.ForeignKey("inventory.Unit", models.PROTECT, related_name="transfer_lines", verbose_name=_("unit"))
    open = models.BooleanField(default=True, editable=False)
    # The receiver's refusal at receipt: the unit stays with the sender.
    refusal = models.TextField(_("reason for refusal"), blank=True, editable=False)
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("refused by"))
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("unit in transfer")
        verbose_name_plural = _("units in transfers")
        constraints = [
            models.UniqueConstraint(fields=["order", "unit"], name="transfer_line_unit_once"),
            models.UniqueConstraint(fields=["unit"], condition=Q(open=True), name="transfer_unit_in_one_open_order"),
            models.CheckConstraint(condition=Q(refused_at__isnull=True, refusal="")
                                   | (Q(refused_at__isnull=False) & ~Q(refusal="")),
                                   name="transfer_line_refusal_has_reason"),
        ]

    def __str__(self):
        return f"{self.order_id}/{self.unit_id}"

    @property
    def is_refused(self):
        return self.refused_at is not None


class TransferAction(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("transfer event", "Proposed")
    APPROVED = "approved", pgettext_lazy("transfer event", "Approved")
    REJECTED = "rejected", pgettext_lazy("transfer event", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("transfer event", "Cancelled")
    DISPATCHED = "dispatched", pgettext_lazy("transfer event", "Dispatched")
    UNIT_REFUSED = "unit_refused", _("Unit refused at receipt")
    CLOSED = "closed", _("Receipt closed")


class TransferEvent(StepEvent):
    """One step in a transfer's life: who did what, when, and the status before and after."""

    Action = TransferAction

    order = models.ForeignKey(TransferOrder, models.PROTECT, related_name="events", verbose_name=_("transfer"))
    action = models.CharField(_("what"), max_length=20, choices=Action)
    old_status = models.CharField(_("from"), max_length=16, choices=TransferStatus, blank=True)
    new_status = models.CharField(_("to"), max_length=16, choices=TransferStatus)

    class Meta(StepEvent.Meta):
        verbose_name = _("transfer event")
        verbose_name_plural = _("transfer events")
        constraints = [
            models.CheckConstraint(condition=Q(action__in=TransferAction.values), name="transfer_event_action_known"),
            models.CheckConstraint(condition=Q(new_status__in=TransferStatus.values),
                                   name="transfer_event_status_known"),
        ]

    def __str__(self):
        return f"{self.order_id}: {self.action} ({self.old_status or '∅'} → {self.new_status})"
