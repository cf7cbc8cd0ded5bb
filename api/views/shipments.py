"""Shipments with their lines, units and history; receipt scans; acceptance acts and their PDFs."""

from django.db.models import Prefetch
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from inventory.models import Unit
from logistics.models import AcceptanceAct, Shipment, ShipmentEvent, ShipmentLine
from logistics.permissions import visible_shipments

from .. import filters as f
from ..receipt import receive_batch
from ..serializers import (
    AcceptanceActSerializer,
    ScanBatchResultSerializer,
    ScanBatchSerializer,
    ShipmentDetailSerializer,
    ShipmentSerializer,
    UnitSerializer,
)
from .base import ScopedViewSet, documented
from .units import UNIT_FILTERS

LINES = Prefetch("lines", ShipmentLine.objects.select_related("item"))


@documented
class ShipmentViewSet(ScopedViewSet):
    """Shipments (waybills), as far as the caller may see them (school staff: those to their institution)."""

    query_filters = (
        f.by_choice("status", "status", Shipment.Status.values, "Shipments in these statuses."),
        f.by_id("destination", "destination_id", "Shipments to this institution."),
        f.in_area("area", "destination__area", "Shipments to institutions in this area or directly under it."),
        f.by_id("item", "lines__item_id", "Shipments listing this catalogue item."),
        f.by_id("delivery_import", "delivery_import_id", "Shipments created by this delivery import."),
        f.Filter("dispatched_from", "Dispatch date on or after this day.",
                 lambda qs, v: qs.filter(dispatch_date__gte=v), f.parse_day, OpenApiTypes.DATE),
        f.Filter("dispatched_to", "Dispatch date on or before this day.",
                 lambda qs, v: qs.filter(dispatch_date__lte=v), f.parse_day, OpenApiTypes.DATE),
        f.changed_since(ShipmentEvent, "shipment", "created_at",
                        "Shipments created, or with a step of their life cycle, at or after this time."),
    )

    def scope(self, user):
        shipments = visible_shipments(user).select_related("act").prefetch_related(LINES).distinct()
        if self.action == "retrieve":
            shipments = shipments.prefetch_related(Prefetch("events", ShipmentEvent.objects.select_related("actor")))
        return shipments

    def get_serializer_class(self):
        return {"retrieve": ShipmentDetailSerializer, "units": UnitSerializer,
                "scans": ScanBatchSerializer}.get(self.action, ShipmentSerializer)

    @extend_schema(summary="The units travelling in a shipment", parameters=[s.parameter() for s in UNIT_FILTERS],
                   responses=UnitSerializer(many=True))  # a page of units, not one
    @action(detail=True)
    def units(self, request, pk=None):
        shipment = self.get_object()
        units = Unit.objects.filter(shipment_units__shipment=shipment).select_related("item")
        units = f.apply(UNIT_FILTERS, units, request.query_params)
        page = self.paginate_queryset(units)
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    @extend_schema(summary="Receive units by scanning their labels", request=ScanBatchSerializer,
                   responses=ScanBatchResultSerializer,
                   description="The same path as the phone's receipt page, scan by scan, each idempotent by its "
                               "`scan_id`: a batch sent again answers as before (`repeated`) and changes nothing.")
    @action(detail=True, methods=["post"])
    def scans(self, request, pk=None):
        batch = ScanBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        # Found through what the caller may receive, as the page does: another institution's is not found.
        results = receive_batch(pk, batch.validated_data["scans"], by=request.user)
        return Response({"results": results}, status=status.HTTP_200_OK)


@documented
class AcceptanceActViewSet(ScopedViewSet):
    """Signed acceptance acts of the shipments the caller may see."""

    serializer_class = AcceptanceActSerializer
    query_filters = (
        f.by_id("shipment", "shipment_id", "The act of this shipment."),
        f.by_id("destination", "shipment__destination_id", "Acts of shipments to this institution."),
        f.Filter("signed_since", "Acts signed at or after this time.",
                 lambda qs, v: qs.filter(signed_at__gte=v), f.parse_moment, OpenApiTypes.DATETIME),
    )

    def scope(self, user):
        return AcceptanceAct.objects.filter(shipment__in=visible_shipments(user))

    @extend_schema(summary="The signed PDF", responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True)
    def pdf(self, request, pk=None):
        act = self.get_object()
        return FileResponse(act.pdf.open("rb"), as_attachment=True, filename=f"{act.number}.pdf",
                            content_type="application/pdf")

