"""Signed webhook deliveries: an outbox row per endpoint written with the event, sent by the task worker.

Signing follows the Standard Webhooks scheme: the headers `webhook-id` (the idempotency id),
`webhook-timestamp` (Unix seconds) and `webhook-signature` = `v1,` + base64(HMAC-SHA256(secret,
"{id}.{timestamp}.{body}")). A receiver refuses a timestamp older than a few minutes (a replay) and
keeps the ids it processed (a retry). `verify()` is that receiver's check, in Python.
"""

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.utils import timezone

from .models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
D = WebhookDelivery.Status
REPLAY_TOLERANCE_SECONDS = 300


class TargetRefused(Exception):
    """The endpoint's address resolves to this machine or a private network, and may not be called."""


class SignatureInvalid(Exception):
    pass


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret, event_id, timestamp, body):
    signed = f"{event_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()


def verify(secret, headers, body, *, now=None, tolerance=REPLAY_TOLERANCE_SECONDS):
    """A receiver's check: the signature matches and the timestamp is recent. Raises SignatureInvalid."""
    try:
        event_id, timestamp = headers["webhook-id"], int(headers["webhook-timestamp"])
        given = headers["webhook-signature"].split()
    except (KeyError, ValueError):
        raise SignatureInvalid("missing or malformed webhook headers") from None
    if abs((now or time.time()) - timestamp) > tolerance:
        raise SignatureInvalid("timestamp outside the tolerance: a replay, or a clock far off")
    expected = sign(secret, event_id, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in given):
        raise SignatureInvalid("signature does not match")


# ---- Sending (the worker) ----

def check_target(url):
    """The address to connect to for `url`: refused if not http(s), or if the name resolves to loopback,
    private, link-local or reserved space (any of its addresses)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(f"not an http(s) address: {url}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise TargetRefused(f"{parts.hostname} does not resolve: {exc}") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        for address in addresses:
            if not address.is_global or address.is_multicast:
                raise TargetRefused(f"{parts.hostname} resolves to an internal address ({address})")
    return str(addresses[0])


class _Pinned:
    """Connects to the address check_target() vetted, not to whatever the name resolves to a moment
    later (DNS rebinding); HTTPS still verifies the certificate against the name."""

    def connect(self):
        sock = socket.create_connection((self.vetted, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host) if self.tls else sock


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    tls = False


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    tls = True


def _post(url, address, body, headers):
    """(status, first 2,000 characters of the answer); a network failure is status None. Redirects are
    answers like any other, never followed: one could point inside the network."""
    parts = urlsplit(url)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname, parts.port, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    connection.vetted = address
    try:
        connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, headers)
        response = connection.getresponse()
        return response.status, response.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        return None, (str(exc) or type(exc).__name__)[:2000]
    finally:
        connection.close()


def deliver(delivery_id):
    """Send one pending delivery once; on failure plan the next attempt, or give up and count the failure.

    Returns the seconds until the next attempt, or None when there is nothing more to do. The HTTP call
    happens between two short transactions, never inside one: a slow endpoint must not hold a lock that
    the app's own writers wait for.
    """
    claimed = _claim(delivery_id)
    if claimed is None:
        return None
    delivery, endpoint = claimed
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": "inclusion-equipment-webhooks/1",
               "webhook-id": str(delivery.event_id), "webhook-timestamp": str(timestamp),
               "webhook-signature": sign(endpoint.secret, delivery.event_id, timestamp, body)}
    try:
        address = check_target(endpoint.url)
    except TargetRefused as exc:
        status, answer = None, str(exc)
    else:
        status, answer = _post(endpoint.url, address, body, headers)
    return _record_attempt(delivery.pk, status, answer)


def _claim(delivery_id):
    """Take a due delivery for one attempt; None if it is not pending, not due, or its endpoint is off."""
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update().select_related("endpoint")
                    .filter(pk=delivery_id, status=D.PENDING).first())
        now = timezone.now()
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return None  # a duplicate task, or one that runs early: the due one will come
        if not delivery.endpoint.is_active:
            _settle(delivery, D.FAILED, None, "the endpoint is disabled")
            return None
        # Claimed for the length of one attempt: a second worker finds it not yet due.
        delivery.next_attempt_at = now + timedelta(seconds=2 * settings.WEBHOOK_TIMEOUT_SECONDS + 5)
        delivery.save(update_fields=["next_attempt_at"])
        return delivery, delivery.endpoint


def _record_attempt(delivery_id, status, answer):
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        if status is not None and 200 <= status < 300:
            return _settle(delivery, D.DELIVERED, status, answer)
        if delivery.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
            wait = settings.WEBHOOK_RETRY_SECONDS * 4 ** (delivery.attempts - 1)
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=wait)
            delivery.last_status_code, delivery.last_response = status, answer
            delivery.save(update_fields=["attempts", "next_attempt_at", "last_status_code", "last_response"])
            return wait
        return _settle(delivery, D.FAILED, status, answer)


def due_deliveries():
    """Pending deliveries whose time has come: the sweep's work (`manage.py send_webhooks`)."""
    from django.db.models import Q

    return (WebhookDelivery.objects.filter(status=D.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
            .order_by("pk").values_list("pk", flat=True))


def _settle(delivery, status, code, answer):
    delivery.status, delivery.last_status_code, delivery.last_response = status, code, answer
    delivery.next_attempt_at = None
    delivery.delivered_at = timezone.now() if status == D.DELIVERED else None
    delivery.save(update_fields=["status", "attempts", "last_status_code", "last_response", "next_attempt_at",
                                 "delivered_at"])
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if status == D.DELIVERED:
        if endpoint.consecutive_failures:
            endpoint.consecutive_failures = 0
            endpoint.save(update_fields=["consecutive_failures"])
        return None
    endpoint.consecutive_failures += 1
    fields = ["consecutive_failures"]
    if endpoint.is_active and endpoint.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER:
        endpoint.is_active, endpoint.disabled_at = False, timezone.now()
        fields += ["is_active", "disabled_at"]
        transaction.on_commit(lambda: _tell_admins(endpoint))
    endpoint.save(update_fields=fields)
    return None


def _tell_admins(endpoint):
    log.warning("Webhook endpoint %s disabled after %s failed deliveries", endpoint.url,
                endpoint.consecutive_failures)
    mail_admins(f"Webhook endpoint disabled: {endpoint.url}",
                f"{endpoint.consecutive_failures} deliveries in a row failed after every retry, so the endpoint "
                f"{endpoint.url} was disabled. Fix it, then make it active again in the administration.",
                fail_silently=True)
