"""Which pages scripts/bench_pages.py opens, and the users it opens them as (inside Django, before the server).

The pages are the ones a person waits for at national scale: every list with its filters and its last
page, the largest shipment, institution and open receipt, coverage of the largest region, results,
label forms, a unit, the admin's lists and the API's lists. Whoever cannot open one (403/404) simply
does not have it among their pages.
"""

import math

from django.contrib.auth.models import Group, User
from django.db.models import Count

from inventory.models import Area, Institution, Item, Profile, Role, Unit, UnitEvent
from logistics.models import Shipment
from logistics.models.shipments import RECEIPT_OPEN

ROLES = {"officer": Role.PROCUREMENT, "staff": Role.SCHOOL_STAFF, "manager": Role.MANAGER, "monitor": Role.MONITOR,
         "admin": Role.ADMINISTRATOR}


def sizes():
    return {"units": Unit.objects.count(), "events": UnitEvent.objects.count(), "shipments": Shipment.objects.count()}


def largest_institution():
    row = Unit.objects.values("holder").annotate(n=Count("pk")).order_by("-n").first()
    return Institution.objects.get(pk=row["holder"])


def _largest_shipment(shipments):
    return shipments.annotate(n=Count("shipment_units")).order_by("-n").first()


def _last(count, per_page):
    return max(1, math.ceil(count / per_page))


def pages():
    """(name, path) of every page on the list."""
    shipment = _largest_shipment(Shipment.objects.all())
    open_shipment = _largest_shipment(Shipment.objects.filter(status__in=RECEIPT_OPEN))
    institution = largest_institution()
    region = (Area.objects.filter(level=Area.Level.REGION).annotate(n=Count("children__institutions"))
              .order_by("-n").first())
    unit = Unit.objects.filter(holder=institution, status=Unit.Status.INSTALLED).order_by("pk").first()
    item = Item.objects.order_by("code").first()
    shipments, institutions = Shipment.objects.count(), Institution.objects.count()
    units, events = Unit.objects.count(), UnitEvent.objects.count()
    return [
        ("home", "/"),
        ("shipments", "/shipments/"),
        ("shipments: in transit", "/shipments/?status=dispatched"),
        ("shipments: search", "/shipments/?q=NAT-2024"),
        ("shipments: last page", f"/shipments/?page={_last(shipments, 50)}"),
        ("shipment: largest", f"/shipments/{shipment.pk}/"),
        ("shipment: largest, last page", f"/shipments/{shipment.pk}/?page={_last(shipment.n, 200)}"),
        ("receipt: largest open", f"/shipments/{open_shipment.pk}/receive/"),
        ("institutions", "/institutions/"),
        ("institutions: special schools", "/institutions/?kind=special_school"),
        ("institutions: region", f"/institutions/?area={region.code}"),
        ("institutions: last page", f"/institutions/?page={_last(institutions, 50)}"),
        ("institution: largest", f"/institutions/{institution.pk}/"),
        ("catalogue", "/catalogue/"),
        ("catalogue item", f"/catalogue/{item.code}/"),
        ("unit", f"/u/{unit.asset_tag}"),
        ("imports", "/imports/"),
        ("labels: shipment form", f"/labels/shipment/{shipment.pk}/"),
        ("labels: institution form", f"/labels/institution/{institution.pk}/"),
        ("coverage: largest region", f"/coverage/?region={region.code}"),
        ("results", "/results/"),
        ("results: by area", "/results/?dimension=area"),
        ("results: closed quarter by sphere", "/results/?period=2025Q4&dimension=sphere"),
        ("results: behind, furniture installed", "/results/behind/?indicator=furniture_installed"),
        ("results: behind, region", f"/results/behind/?indicator=didactic_units_delivered&dimension=region"
                                    f"&key={region.code}"),
        ("results: behind, closed quarter", "/results/behind/?indicator=units_with_signed_act&period=2025Q4"),
        ("verification rounds", "/verification/"),
        ("install", "/install/"),
        ("admin: units", "/admin/inventory/unit/"),
        ("admin: units, search", f"/admin/inventory/unit/?q={unit.asset_tag}"),
        ("admin: units, last page", f"/admin/inventory/unit/?p={_last(units, 100)}"),
        ("admin: unit events", "/admin/inventory/unitevent/"),
        ("admin: unit events, last page", f"/admin/inventory/unitevent/?p={_last(events, 100)}"),
        ("admin: shipments", "/admin/logistics/shipment/"),
        ("admin: shipments, last page", f"/admin/logistics/shipment/?p={_last(shipments, 100)}"),
        ("api: units", "/api/v1/units/"),
        ("api: units of an institution", f"/api/v1/units/?holder={institution.pk}"),
        ("api: shipments in transit", "/api/v1/shipments/?status=dispatched"),
        ("api: shipments", "/api/v1/shipments/"),
        ("api: institutions", "/api/v1/institutions/"),
        ("api: items", "/api/v1/items/"),
        ("api: areas", "/api/v1/areas/"),
        ("api: acts", "/api/v1/acts/"),
        ("api: imports", "/api/v1/imports/"),
        ("api: coverage, largest region", f"/api/v1/coverage/?region={region.code}"),
    ]


def bench_users(password):
    """One user per role, bench_<role>: the staff member works at the largest institution; the monitor
    verifies the 50 largest. Passwords are set on every run."""
    institution = largest_institution()
    for name, role in ROLES.items():
        user, _ = User.objects.update_or_create(username=f"bench_{name}", defaults={
            "is_staff": role in (Role.PROCUREMENT, Role.MANAGER, Role.ADMINISTRATOR),
            "is_superuser": role == Role.ADMINISTRATOR, "is_active": True})
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        profile, _ = Profile.objects.update_or_create(
            user=user, defaults={"institution": institution if role == Role.SCHOOL_STAFF else None})
        if role == Role.MONITOR:
            top = Unit.objects.values("holder").annotate(n=Count("pk")).order_by("-n")[:50]
            profile.monitored.set([row["holder"] for row in top])


def scan_plan(scanners, password):
    """Scanners for the paced scan: staff at institutions with a shipment still on its way, with its labels."""
    plan = []
    open_ones = (Shipment.objects.filter(status=Shipment.Status.DISPATCHED).annotate(n=Count("shipment_units"))
                 .filter(n__gte=20).order_by("-n"))
    used = set()
    for shipment in open_ones:
        if shipment.destination_id in used:
            continue
        used.add(shipment.destination_id)
        n = len(plan)
        user, _ = User.objects.update_or_create(username=f"bench_scan_{n}", defaults={"is_active": True})
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=Role.SCHOOL_STAFF.value)])
        Profile.objects.update_or_create(user=user, defaults={"institution_id": shipment.destination_id})
        tags = list(shipment.units.filter(status=Unit.Status.IN_TRANSIT).values_list("asset_tag", flat=True))
        plan.append({"username": user.username, "shipment": shipment.pk, "tags": tags})
        if len(plan) == scanners:
            break
    return plan
