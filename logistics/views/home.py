from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from inventory.models import Institution, Item, Role, Unit, UnitEvent
from inventory.permissions import (
    monitored_institution_ids,
    primary_role,
    sees_everything,
    staff_institution_id,
    visible_units,
)

from .. import progress, warranty
from ..models import DeliveryImport, FaultReport, Shipment
from ..models.faults import OPEN_FAULTS
from ..permissions import visible_rounds, visible_shipments, visible_transfers
from ..transfers import home_panels


def _cards(queryset, choices):
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"value": value, "label": label, "n": counts.get(value, 0)} for value, label in choices]


def recent_events(institution_id, n=8):
    """The newest events of the units a school holds."""
    # Picked from the school's own events (by the unit index), then loaded: asked for "newest first,
    # limit 8", PostgreSQL walks the whole history backwards by time until it meets this school's
    # events, which are bunched in the weeks of its deliveries (0.4 s at national scale joined by unit
    # ids, 2.7 s joined by holder; EXPLAIN ANALYZE). A school holds some thousands of events at most.
    held = Unit.objects.filter(holder_id=institution_id).values("pk")
    newest = sorted(UnitEvent.objects.filter(unit_id__in=held).values_list("at", "pk"), reverse=True)[:n]
    return (UnitEvent.objects.filter(pk__in=[pk for _at, pk in newest])
            .select_related("unit", "unit__item", "actor").order_by("-at", "-pk"))


# Which face of the home page each role sees, named after the work it shows.
FACES = {Role.SCHOOL_STAFF: "receiving", Role.MANAGER: "progress", Role.PROCUREMENT: "procurement",
         Role.ADMINISTRATOR: "administration", Role.MONITOR: "verification"}


@login_required
def home(request):
    """One page, four faces: each role sees the counts it works with."""
    user = request.user
    role = primary_role(user)
    shipments = visible_shipments(user)
    units = visible_units(user)
    context = {
        "face": FACES.get(role),
        "shipment_cards": _cards(shipments, Shipment.Status.choices),
        "shipments_total": shipments.count(),
    }
    if sees_everything(user):  # every unit: counted once per version of the data (progress.unit_summary)
        summary = progress.unit_summary()
        context["unit_cards"] = [{"value": value, "label": label, "n": summary["by_status"].get(value, 0)}
                                 for value, label in Unit.Status.choices]
        context["units_total"] = summary["total"]
    else:
        context["unit_cards"] = _cards(units, Unit.Status.choices)
        context["units_total"] = units.count()
    if role == Role.SCHOOL_STAFF:
        institution_id = staff_institution_id(user)
        context["institution"] = Institution.objects.filter(pk=institution_id).first()
        context["awaiting"] = progress.awaiting(shipments)
        context["recent_events"] = recent_events(institution_id)
    context.update(home_panels(user, role, visible_transfers(user)))
    if role == Role.MONITOR:
        context["monitored"] = Institution.objects.filter(pk__in=monitored_institution_ids(user)).order_by("name_ru")
        context["rounds"] = visible_rounds(user).order_by("-opened_at")[:5]
    if role in (Role.PROCUREMENT, Role.ADMINISTRATOR):
        context["drafts"] = (shipments.filter(status=Shipment.Status.DRAFT).select_related("destination")
                             .annotate(units_total=Count("shipment_units"))[:10])
        context["discrepancies"] = (shipments.filter(status=Shipment.Status.CLOSED_WITH_DISCREPANCIES)
                                    .select_related("destination").order_by("-closed_at")[:5])
        context["recent_imports"] = DeliveryImport.objects.order_by("-uploaded_at")[:5]
        open_faults = FaultReport.objects.filter(status__in=OPEN_FAULTS).select_related("unit__item", "institution")
        context["open_faults"] = open_faults.count()
        context["warranty_flags"] = warranty.running_out(open_faults)
    if role in (Role.MANAGER, Role.ADMINISTRATOR, Role.PROCUREMENT):
        context["institutions_total"] = Institution.objects.count()
        context["special_total"] = Institution.objects.filter(kind__in=Institution.SPECIAL_KINDS).count()
        context["items_total"] = Item.objects.count()
        context["institutions_reached"] = progress.unit_summary()["reached"]
    if role in (Role.MANAGER, Role.ADMINISTRATOR):
        context["areas"] = progress.by_area()
        context["awaiting"] = progress.awaiting(shipments, first=10)
    return render(request, "logistics/home.html", context)
