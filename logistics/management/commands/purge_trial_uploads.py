from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ... import boundary_imports
from ...importing import registers


class Command(BaseCommand):
    help = ("Remove register and boundary files that were checked but never confirmed, once older than "
            "REGISTER_TRIAL_HOURS. Run it daily; each new check also removes the expired ones.")

    def handle(self, *args, **options):
        removed = registers.purge_trials()
        self.stdout.write(ngettext("Removed %(count)s unconfirmed register file older than %(hours)s hours.",
                                   "Removed %(count)s unconfirmed register files older than %(hours)s hours.",
                                   removed) % {"count": removed, "hours": settings.REGISTER_TRIAL_HOURS})
        boundary_files = boundary_imports.purge_unconfirmed()
        self.stdout.write(ngettext("Removed %(count)s unconfirmed boundary file older than %(hours)s hours.",
                                   "Removed %(count)s unconfirmed boundary files older than %(hours)s hours.",
                                   boundary_files) % {"count": boundary_files, "hours": settings.REGISTER_TRIAL_HOURS})
