from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A typed signature is a full name, as long as the name fields beside it.
TYPED_SIGNATURE_LENGTH = 200


def one_way_condition(drawn, typed):
    """A signer either drew (a stored PNG) or typed their full name: exactly one of the two fields is set."""
    return ((~models.Q(**{drawn: ""}) & models.Q(**{typed: ""}))
            | (models.Q(**{drawn: ""}) & ~models.Q(**{typed: ""})))


class AcceptanceAct(models.Model):
    """The signed record of what a receipt found. Written once, never changed."""

    shipment = models.OneToOneField("logistics.Shipment", models.PROTECT, related_name="act",
                                    verbose_name=_("shipment"))
    number = models.CharField(_("act number"), max_length=40, unique=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed"), default=timezone.now, editable=False)
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    # Drawn on the phone (a PNG), or typed: the full name typed instead, for whoever cannot draw.
    signature = models.FileField(_("signature"), upload_to="signatures/%Y/%m/", blank=True)
    typed_signature = models.CharField(_("typed signature"), max_length=TYPED_SIGNATURE_LENGTH, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="acts/%Y/%m/")
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    # What the act states, frozen at signing: received / damaged / missing / unexpected units.
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("acceptance act")
        verbose_name_plural = _("acceptance acts")
        constraints = [models.CheckConstraint(condition=one_way_condition("signature", "typed_signature"),
                                              name="act_signed_one_way")]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An acceptance act never changes after signing.")
        super().save(*args, **kwargs)


class DamagePhoto(models.Model):
    """A photo taken on the phone when a unit arrives damaged; served only to those who may see it."""

    shipment = models.ForeignKey("logistics.Shipment", models.PROTECT, related_name="photos")
    unit = models.ForeignKey("inventory.Unit", models.PROTECT, related_name="+")
    image = models.FileField(_("photo"), upload_to="photos/%Y/%m/")
    content_type = models.CharField(max_length=40)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["taken_at"]
        verbose_name = _("damage photo")
        verbose_name_plural = _("damage photos")

    def __str__(self):
        return f"{self.unit_id} @ {self.taken_at:%Y-%m-%d}"
