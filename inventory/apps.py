from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from .roles import ensure_role_groups

        # After every migrate, when all permissions exist: the role groups are always in place.
        post_migrate.connect(ensure_role_groups, dispatch_uid="inventory.ensure_role_groups")
