"""Which steps of the apps' life cycles become webhook events, and what each event says.

Connected in ApiConfig.ready: the apps record their events and know nothing of webhooks. Each
receiver waits for the commit of the step that wrote the event, then records the deliveries (`robust`:
a failure there is logged and never turns a step that succeeded into an error page).
Steps written in bulk (dispatching a shipment's units, closing a receipt, creating units by import)
save no events one by one, so they are told by the shipment's and the import's own events.
"""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from inventory.models import UnitEvent
from logistics.models import DeliveryImportEvent, FaultEvent, ShipmentEvent

from . import tasks
from .models import WebhookDelivery, WebhookEndpoint, WebhookEvent

SHIPMENT_ACTIONS = {ShipmentEvent.Action.DISPATCHED: WebhookEvent.SHIPMENT_DISPATCHED,
                    ShipmentEvent.Action.CLOSED: WebhookEvent.SHIPMENT_CLOSED,
                    ShipmentEvent.Action.ACT_SIGNED: WebhookEvent.ACT_SIGNED}
IMPORT_ENDS = {"imported", "failed"}


def record(event, payload):
    """Write one pending delivery for every active endpoint subscribed to `event`, and queue them.

    Called once the step that made the event has committed (a rolled-back step sends nothing), so
    the scan's own transaction gains no statement. The price: a process killed in the instant between
    the commit and this call loses that event's webhooks.
    """
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in e.events]
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    body = {"id": str(event_id), "type": event, "created_at": timezone.now(), "data": payload}
    body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=e, event=event, event_id=event_id, payload=body) for e in endpoints])
    for delivery in WebhookDelivery.objects.filter(event_id=event_id).values_list("pk", flat=True):
        tasks.enqueue_delivery(delivery)
    return deliveries


def _unit_event_saved(sender, instance, created, **kwargs):
    if not created or not instance.old_status:  # a unit's first event is its creation, not a change
        return
    transaction.on_commit(lambda: record(WebhookEvent.UNIT_STATUS_CHANGED, {
        "unit": instance.unit_id, "asset_tag": instance.unit.asset_tag, "old_status": instance.old_status,
        "new_status": instance.new_status, "at": instance.at, "place": instance.place_id,
        "shipment": instance.shipment_id, "scan_id": instance.scan_id}), robust=True)


def _shipment_event_saved(sender, instance, created, **kwargs):
    if created and (event := SHIPMENT_ACTIONS.get(instance.action)):
        transaction.on_commit(lambda: record(event, {
            "shipment": instance.shipment_id, "action": instance.action, "old_status": instance.old_status,
            "new_status": instance.new_status, "at": instance.at, "note": instance.note}), robust=True)


def _import_event_saved(sender, instance, created, **kwargs):
    if created and instance.new_status in IMPORT_ENDS:
        transaction.on_commit(lambda: record(WebhookEvent.IMPORT_FINISHED, {
            "import": instance.delivery_import_id, "status": instance.new_status, "at": instance.at}), robust=True)


def _fault_event_saved(sender, instance, created, **kwargs):
    # What was reported and where, never the reporter's text, contact or photo: those stay on the pages.
    if created and instance.action == FaultEvent.Action.REPORTED:
        report = instance.report
        transaction.on_commit(lambda: record(WebhookEvent.FAULT_REPORTED, {
            "report": report.pk, "unit": report.unit_id, "asset_tag": report.unit.asset_tag, "kind": report.kind,
            "institution": report.institution_id, "at": instance.at}), robust=True)


def connect():
    post_save.connect(_unit_event_saved, sender=UnitEvent, dispatch_uid="api.webhooks.unit_event")
    post_save.connect(_shipment_event_saved, sender=ShipmentEvent, dispatch_uid="api.webhooks.shipment_event")
    post_save.connect(_fault_event_saved, sender=FaultEvent, dispatch_uid="api.webhooks.fault_event")
    post_save.connect(_import_event_saved, sender=DeliveryImportEvent, dispatch_uid="api.webhooks.import_event")
