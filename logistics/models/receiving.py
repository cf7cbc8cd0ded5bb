from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnexpectedScan(models.Model):
    """A label scanned during a receipt that the waybill does not list: the act's "unexpected" list.

    Only such scans are kept here; a scan that receives a unit is its UnitEvent.
    """

    class Reason(models.TextChoices):
        NOT_IN_SHIPMENT = "not_in_shipment", _("Not in this shipment")
        OTHER_INSTITUTION = "other_institution", _("Belongs to another institution")
        UNKNOWN_CODE = "unknown_code", _("Unknown code")

    shipment = models.ForeignKey("logistics.Shipment", models.CASCADE, related_name="unexpected_scans",
                                 verbose_name=_("shipment"))
    unit = models.ForeignKey("inventory.Unit", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    code = models.CharField(_("scanned code"), max_length=200)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    # Made on the scanning device, like a UnitEvent's: a resent scan is recorded once.
    scan_id = models.UUIDField(_("scan id"), unique=True)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("scanned by"))
    scanned_at = models.DateTimeField(_("scanned"), auto_now_add=True)

    class Meta:
        ordering = ["scanned_at", "pk"]
        verbose_name = _("unexpected scan")
        verbose_name_plural = _("unexpected scans")
        constraints = [
            models.CheckConstraint(condition=models.Q(reason__in=["not_in_shipment", "other_institution",
                                                                  "unknown_code"]),
                                   name="unexpected_scan_reason_known"),
        ]

    def __str__(self):
        return f"{self.shipment_id}: {self.code} ({self.reason})"
