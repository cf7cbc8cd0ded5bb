from django.core.management.base import BaseCommand

from api import webhooks


class Command(BaseCommand):
    help = "Send every webhook delivery that is due (a safety net beside the task worker; run it every minute)."

    def handle(self, *args, **options):
        sent = 0
        for delivery_id in list(webhooks.due_deliveries()):
            webhooks.deliver(delivery_id)
            sent += 1
        self.stdout.write(str(sent))
