from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from inventory.models import Institution, Item, Role, Unit
from inventory.permissions import primary_role, staff_institution_id, visible_units

from ..models import DeliveryImport, Shipment
from ..permissions import visible_shipments


def _count_by(queryset, field):
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())


@login_required
def home(request):
    """One page, four faces: each role sees the counts it works with."""
    user = request.user
    role = primary_role(user)
    shipments = visible_shipments(user)
    units = visible_units(user)
    context = {
        "role": role,
        "shipments_by_status": _count_by(shipments, "status"),
        "units_by_status": _count_by(units, "status"),
        "shipment_statuses": Shipment.Status.choices,
        "unit_statuses": Unit.Status.choices,
        "units_total": units.count(),
        "shipments_total": shipments.count(),
    }
    if role == Role.SCHOOL_STAFF:
        context["institution"] = Institution.objects.filter(pk=staff_institution_id(user)).first()
        context["awaiting"] = shipments.filter(
            status__in=[Shipment.Status.DISPATCHED, Shipment.Status.PARTIALLY_RECEIVED]
        ).order_by("dispatch_date")
    if role in (Role.PROCUREMENT, Role.ADMINISTRATOR):
        context["drafts"] = shipments.filter(status=Shipment.Status.DRAFT).select_related("destination")[:10]
        context["recent_imports"] = DeliveryImport.objects.order_by("-uploaded_at")[:5]
    if role in (Role.MANAGER, Role.ADMINISTRATOR, Role.PROCUREMENT):
        context["institutions_total"] = Institution.objects.count()
        context["special_total"] = Institution.objects.filter(kind__in=Institution.SPECIAL_KINDS).count()
        context["items_total"] = Item.objects.count()
        context["institutions_reached"] = (
            Institution.objects.filter(units__status__in=["received", "installed", "damaged"]).distinct().count())
    return render(request, "logistics/home.html", context)
