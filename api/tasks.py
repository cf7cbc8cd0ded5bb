"""Webhook deliveries through Django's task API, like the imports: the worker sends, waits, retries."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import webhooks


@task()
def deliver_webhook(delivery_id):
    wait = webhooks.deliver(delivery_id)
    if wait is not None:
        enqueue_delivery(delivery_id, after_seconds=wait)


def enqueue_delivery(delivery_id, after_seconds=0):
    """Queue an attempt; a later one only where the backend can defer (else `manage.py send_webhooks` sweeps)."""
    if not after_seconds:
        deliver_webhook.enqueue(delivery_id)
    elif deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=timezone.now() + timedelta(seconds=after_seconds)).enqueue(delivery_id)
