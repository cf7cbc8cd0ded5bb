"""An administrator registers an endpoint; the app tells it, signed, when things happen; a failing
endpoint is retried with back-off and then disabled, and the administrators are told."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from api import webhooks
from api.admin import EndpointForm
from api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from logistics import shipments as shipment_service

from .. import factories
from ..logistics.import_files import immediate_tasks  # noqa: F401  (fixture)

D = WebhookDelivery.Status


class Receiver:
    """A web server on this machine that records what it receives and answers as told."""

    def __init__(self):
        self.received, self.status, self.delay, self.location = [], 200, 0, ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that gave up (the time-out test) is expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # the test's server is on this machine
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    server = Receiver()
    yield server
    server.close()


def endpoint(url, events=(WebhookEvent.SHIPMENT_DISPATCHED,)):
    return WebhookEndpoint.objects.create(url=url, events=list(events), secret=webhooks.new_secret())


def test_a_dispatched_shipment_reaches_the_endpoint_signed(receiver, immediate_tasks, school, officer,  # noqa: F811
                                                           django_capture_on_commit_callbacks):
    hook = endpoint(receiver.url)
    draft = factories.shipment(school, units=2, by=officer, dispatched=False)
    with django_capture_on_commit_callbacks(execute=True):
        shipment_service.dispatch(draft.pk, by=officer)
    [(path, headers, body)] = receiver.received
    webhooks.verify(hook.secret, headers, body)  # raises if the signature does not match
    event = json.loads(body)
    assert event["type"] == "shipment.dispatched" and event["data"]["shipment"] == draft.pk
    assert headers["webhook-id"] == event["id"] and path == "/hook"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (D.DELIVERED, 1, 200)


def test_a_unit_scanned_in_tells_endpoints_that_asked_for_unit_changes(receiver, immediate_tasks, staff,  # noqa: F811
                                                                       shipped_kit,
                                                                       django_capture_on_commit_callbacks):
    from uuid import uuid4

    from logistics import receiving

    endpoint(receiver.url, events=[WebhookEvent.UNIT_STATUS_CHANGED])
    unit = shipped_kit.units.first()
    with django_capture_on_commit_callbacks(execute=True):
        receiving.receive_scan(shipped_kit.pk, unit.asset_tag, scan_id=uuid4(), by=staff)
    [(_path, _headers, body)] = receiver.received
    data = json.loads(body)["data"]
    assert (data["asset_tag"], data["old_status"], data["new_status"]) == (unit.asset_tag, "in_transit", "received")


def test_nothing_is_sent_for_a_step_that_rolled_back_or_an_event_nobody_asked_for(receiver, school, officer,
                                                                                  django_capture_on_commit_callbacks):
    endpoint(receiver.url, events=[WebhookEvent.SHIPMENT_CLOSED])
    draft = factories.shipment(school, units=1, by=officer, dispatched=False)
    with django_capture_on_commit_callbacks(execute=True):
        shipment_service.dispatch(draft.pk, by=officer)
    assert not WebhookDelivery.objects.exists() and receiver.received == []


def test_a_receiver_refuses_a_replayed_or_altered_delivery():
    secret, body = webhooks.new_secret(), b'{"id":"1"}'
    now = int(time.time())
    headers = {"webhook-id": "e1", "webhook-timestamp": str(now),
               "webhook-signature": webhooks.sign(secret, "e1", now, body)}
    webhooks.verify(secret, headers, body)
    with pytest.raises(webhooks.SignatureInvalid):
        webhooks.verify(secret, headers, body, now=now + 301)  # the same delivery, replayed later
    with pytest.raises(webhooks.SignatureInvalid):
        webhooks.verify(secret, headers, b'{"id":"2"}')
    with pytest.raises(webhooks.SignatureInvalid):
        webhooks.verify(webhooks.new_secret(), headers, body)
    with pytest.raises(webhooks.SignatureInvalid):
        webhooks.verify(secret, {**headers, "webhook-timestamp": "soon"}, body)


def pending(hook):
    """A delivery waiting to be sent, as the outbox holds it."""
    return WebhookDelivery.objects.create(endpoint=hook, event=WebhookEvent.SHIPMENT_DISPATCHED,
                                          event_id="5f0c6b1e-2a44-4c43-9a57-0d1a3c9e8b11", payload={"x": 1})


def make_due(delivery):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_failing_endpoint_is_retried_with_back_off_then_disabled_and_the_admins_told(
        receiver, settings, django_capture_on_commit_callbacks, db):
    settings.WEBHOOK_MAX_ATTEMPTS, settings.WEBHOOK_RETRY_SECONDS, settings.WEBHOOK_DISABLE_AFTER = 3, 10, 2
    settings.ADMINS = [("Admin", "admin@example.org")]
    receiver.status = 500
    hook = endpoint(receiver.url)
    for n in range(2):
        delivery = WebhookDelivery.objects.create(endpoint=hook, event=WebhookEvent.SHIPMENT_DISPATCHED,
                                                  event_id=f"5f0c6b1e-2a44-4c43-9a57-0d1a3c9e8b1{n}", payload={})
        waits = []
        for _attempt in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                waits.append(webhooks.deliver(delivery.pk))
            assert webhooks.deliver(delivery.pk) is None  # not due yet: a duplicate task sends nothing
            make_due(delivery)
        delivery.refresh_from_db()
        assert waits == [10, 40, None] and (delivery.status, delivery.attempts) == (D.FAILED, 3)
        assert delivery.last_status_code == 500
    hook.refresh_from_db()
    assert not hook.is_active and hook.disabled_at and hook.consecutive_failures == 2
    assert len(receiver.received) == 6 and [hook.url in m.subject for m in mail.outbox] == [True]


def test_a_success_clears_the_count_of_failures(receiver, settings, db):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    hook = endpoint(receiver.url)
    receiver.status = 503
    webhooks.deliver(pending(hook).pk)
    receiver.status = 204
    later = WebhookDelivery.objects.create(endpoint=hook, event=WebhookEvent.SHIPMENT_DISPATCHED,
                                           event_id="5f0c6b1e-2a44-4c43-9a57-0d1a3c9e8b99", payload={})
    webhooks.deliver(later.pk)
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0 and hook.is_active


def test_a_redirect_is_a_failure_and_is_never_followed(receiver, db):
    inner = Receiver()
    try:
        receiver.status, receiver.location = 302, inner.url
        delivery = pending(endpoint(receiver.url))
        webhooks.deliver(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.last_status_code == 302 and delivery.status == D.PENDING and inner.received == []
    finally:
        inner.close()


def test_an_endpoint_that_hangs_times_out_as_a_failure(receiver, db):
    receiver.delay = 2  # longer than WEBHOOK_TIMEOUT_SECONDS
    delivery = pending(endpoint(receiver.url))
    assert webhooks.deliver(delivery.pk) == 30
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and "timed out" in delivery.last_response


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/hook", "http://localhost/hook", "http://10.0.0.5/hook",
                                 "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "ftp://example.org/",
                                 "http://192.168.1.1/"])
def test_internal_addresses_are_refused_at_registration_and_at_sending(url, db):
    with pytest.raises(webhooks.TargetRefused):
        webhooks.check_target(url)
    form = EndpointForm(data={"url": url, "events": [WebhookEvent.ACT_SIGNED], "is_active": True})
    assert not form.is_valid() and "url" in form.errors
    delivery = pending(endpoint(url))
    webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status_code is None
    assert "internal" in delivery.last_response or "not an http" in delivery.last_response


def test_the_sweep_sends_what_is_due(receiver, db):
    from io import StringIO

    from django.core.management import call_command

    delivery = pending(endpoint(receiver.url))
    out = StringIO()
    call_command("send_webhooks", stdout=out)
    delivery.refresh_from_db()
    assert out.getvalue().strip() == "1" and delivery.status == D.DELIVERED


def test_the_connection_goes_to_the_address_that_was_checked_not_to_a_later_answer_of_the_dns(receiver):
    # A name that resolves to a public address when checked and to an internal one when connecting
    # (DNS rebinding) must not reach the internal one: the vetted address is the one connected to.
    port = receiver.server.server_port
    status, _answer = webhooks._post(f"http://hooks.example.invalid:{port}/hook", "127.0.0.1", b"{}",
                                     {"Content-Type": "application/json"})
    assert status == 200
    [(_path, headers, _body)] = receiver.received
    assert headers["host"] == f"hooks.example.invalid:{port}"


def test_a_problem_reported_from_a_label_tells_endpoints_that_asked_for_faults(
        school, officer, django_capture_on_commit_callbacks):
    from logistics import faults
    from tests.logistics.fault_world import arrived_units

    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.org/x", events=["fault.reported"],
                                              secret=webhooks.new_secret())
    WebhookEndpoint.objects.create(url="https://hooks.example.org/y", events=["shipment.closed"],
                                   secret=webhooks.new_secret())
    unit = arrived_units(school, by=officer, count=1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        report = faults.file_report(unit.asset_tag, kind="broken", text="private words", contact="+7 700",
                                    address="1.2.3.4")
    delivery = WebhookDelivery.objects.get(event=WebhookEvent.FAULT_REPORTED)
    assert delivery.endpoint == endpoint
    data = delivery.payload["data"]
    assert (data["report"], data["asset_tag"], data["kind"], data["institution"]) == (
        report.pk, unit.asset_tag, "broken", school.pk)
    assert "private words" not in json.dumps(delivery.payload) and "+7 700" not in json.dumps(delivery.payload)
