from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogDataConfig(AppConfig):
    name = "catalog_data"
    verbose_name = _("Demo and reference data")
