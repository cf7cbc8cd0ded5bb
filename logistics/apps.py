from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Logistics")

    def ready(self):
        from . import jobs

        # A worker fails the jobs a killed worker left behind, at start and periodically (jobs.py).
        jobs.start_watching()
