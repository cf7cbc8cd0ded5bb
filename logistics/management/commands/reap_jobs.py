"""manage.py reap_jobs: mark failed the background jobs whose worker died (their lease lapsed)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from logistics import jobs


class Command(BaseCommand):
    help = "Mark failed every delivery import and label batch whose background worker stopped renewing its lease."

    def handle(self, *args, **options):
        count = jobs.reap_stale_jobs()
        self.stdout.write(_("Background jobs marked failed: %(count)s.") % {"count": count})
