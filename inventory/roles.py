"""The four roles as Django groups, with the model permissions each one needs in the admin.

Object-level rules (school staff see only their institution) live in permissions.py; these
group permissions only decide which admin screens and actions a role gets.
"""

from django.contrib.auth.models import Group, Permission

from .models import Role

# app_label.codename patterns per role; "view_*" means every view permission of that app.
GRANTS = {
    Role.ADMINISTRATOR: ["inventory.*", "logistics.*", "auth.*"],
    Role.PROCUREMENT: [
        "inventory.view_*", "inventory.add_item", "inventory.change_item", "inventory.add_kitcomponent",
        "inventory.change_kitcomponent", "inventory.delete_kitcomponent", "inventory.add_institution",
        "inventory.change_institution", "logistics.view_*", "logistics.add_shipment",
        "logistics.change_shipment", "logistics.add_shipmentline", "logistics.change_shipmentline",
        "logistics.delete_shipmentline", "logistics.add_deliveryimport",
    ],
    Role.MANAGER: ["inventory.view_*", "logistics.view_*", "logistics.add_childreninneed",
                   "logistics.change_childreninneed", "logistics.add_specialistcount",
                   "logistics.change_specialistcount"],
    Role.SCHOOL_STAFF: [],
    Role.MONITOR: [],
}


def _matching(pattern):
    app_label, codename = pattern.split(".")
    perms = Permission.objects.filter(content_type__app_label=app_label)
    if codename == "*":
        return perms
    if codename.endswith("*"):
        return perms.filter(codename__startswith=codename[:-1])
    return perms.filter(codename=codename)


def ensure_role_groups(**kwargs):
    """Create the role groups and set their permissions; safe to run any number of times."""
    for role, patterns in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        perms = set()
        for pattern in patterns:
            perms.update(_matching(pattern))
        group.permissions.set(perms)
