from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.models import Institution
from inventory.paging import LargeTablePaginator
from inventory.permissions import allowed, may_dispatch

from .. import shipments as shipment_service
from ..models import AcceptanceAct, Shipment, ShipmentUnit
from ..permissions import get_shipment_for_user, may_dispatch_shipment, may_receive, visible_shipments

UNITS_PER_PAGE = 200


def search(shipments, query):
    """Shipments whose waybill, supplier or contract contains the words, or whose destination's name does
    (or whose BIN starts with them)."""
    # The institutions first, as a list of keys: an OR across the join (or with a subquery) tests every
    # shipment row against seven patterns, while key lists and the trigram indexes on the shipment's own
    # columns (logistics/migrations/0002_page_indexes.py) combine into one bitmap scan on PostgreSQL.
    places = list(Institution.objects.filter(
        Q(name_ru__icontains=query) | Q(name_kk__icontains=query) | Q(name_en__icontains=query)
        | Q(bin__startswith=query)).values_list("pk", flat=True))
    return shipments.filter(Q(waybill_number__icontains=query) | Q(supplier__icontains=query)
                            | Q(contract__icontains=query) | Q(destination__in=places))


@login_required
def shipment_list(request):
    shipments = (visible_shipments(request.user).select_related("destination", "destination__area", "origin")
                 .defer("destination__area__boundary"))
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    if status in Shipment.Status.values:
        shipments = shipments.filter(status=status)
    if query:
        shipments = search(shipments, query)
    # Deep pages are read from the other end of the (created_at, id) index: the last page reads 50
    # rows, not the 30,000 an OFFSET would skip.
    page = LargeTablePaginator(shipments.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    # Counted for the page's 50 shipments only, in one query: annotating the whole list would count
    # every shipment's units before the page is cut.
    counts = dict(ShipmentUnit.objects.filter(shipment__in=[s.pk for s in page]).order_by()
                  .values_list("shipment").annotate(n=Count("pk")))
    for shipment in page:
        shipment.unit_count = counts.get(shipment.pk, 0)
    return render(request, "logistics/shipment_list.html", {
        "page": page, "statuses": Shipment.Status.choices, "selected": {"status": status, "q": query},
    })


@login_required
def shipment_detail(request, pk):
    shipment = get_shipment_for_user(request.user, pk)
    # An imported delivery can carry thousands of units: list them a page at a time.
    units = Paginator(shipment.units.select_related("item").order_by("item__code", "serial", "pk"),
                      UNITS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "logistics/shipment_detail.html", {
        "shipment": shipment,
        "lines": shipment.lines.select_related("item"),
        "units": units, "page": units, "selected": {},
        "counts": shipment_service.receipt_counts(shipment),
        "may_dispatch": may_dispatch_shipment(request.user, shipment),
        "may_receive": may_receive(request.user, shipment) and not shipment.is_draft,
        "events": shipment.events.select_related("actor"),
        "act": AcceptanceAct.objects.filter(shipment=shipment).first(),
    })


@allowed(may_dispatch)
@require_POST
def dispatch_shipment(request, pk):
    shipment = get_shipment_for_user(request.user, pk)
    try:
        shipment = shipment_service.dispatch(shipment.pk, by=request.user)
    except shipment_service.ShipmentStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Shipment %(waybill)s is dispatched: its %(count)s units are in transit.")
                         % {"waybill": shipment.waybill_number, "count": shipment.units.count()})
    return redirect(shipment)
