from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is kept: the token itself is shown once, at creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    # The token's first characters, shown in lists so that its owner can tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    # A token carries 256 random bits, so a plain SHA-256 cannot be reversed by guessing; a slow
    # password hash would cost every request its time for nothing.
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_not_blank"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class WebhookEvent(models.TextChoices):
    UNIT_STATUS_CHANGED = "unit.status_changed", _("Unit status changed")
    SHIPMENT_DISPATCHED = "shipment.dispatched", _("Shipment dispatched")
    SHIPMENT_CLOSED = "shipment.closed", _("Shipment receipt closed")
    ACT_SIGNED = "act.signed", _("Acceptance act signed")
    IMPORT_FINISHED = "import.finished", _("Delivery import finished")
    FAULT_REPORTED = "fault.reported", _("Problem reported from a label")


class WebhookEndpoint(models.Model):
    """An address an administrator registered to be told of events, with the secret that signs them."""

    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list,
                              help_text=_("The event types this address receives."))
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Deliveries that failed for good in a row; at WEBHOOK_DISABLE_AFTER the endpoint is disabled.
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: the outbox row written with the event, and what the endpoint answered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(WebhookEndpoint, models.CASCADE, related_name="deliveries",
                                 verbose_name=_("endpoint"))
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent)
    # The idempotency id a receiver keeps to ignore a delivery it has already processed.
    event_id = models.UUIDField(_("event id"), editable=False)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_response = models.TextField(_("last response"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once_per_endpoint"),
            models.CheckConstraint(condition=Q(status__in=["pending", "delivered", "failed"]),
                                   name="webhook_delivery_status_known"),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.status})"
