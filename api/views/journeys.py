"""A unit's journeys after delivery, scoped as their pages scope them: transfers between institutions, fault
reports with their repairs, write-off acts and their PDFs."""

from django.db.models import Prefetch
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from logistics.models import FaultEvent, FaultReport, RepairEvent, TransferEvent, TransferLine, TransferOrder, WriteOff
from logistics.permissions import visible_fault_reports, visible_transfers, visible_write_offs

from .. import filters as f
from ..journey_serializers import (
    FaultDetailSerializer,
    FaultSerializer,
    TransferDetailSerializer,
    TransferSerializer,
    WriteOffSerializer,
)
from .base import ScopedViewSet, documented

TRANSFER_LINES = Prefetch("lines", TransferLine.objects.select_related("unit__item"))


@documented
class TransferViewSet(ScopedViewSet):
    """Transfers between institutions the caller may see (school staff: those from or to their institution)."""

    query_filters = (
        f.by_choice("status", "status", TransferOrder.Status.values, "Transfers in these statuses."),
        f.by_id("origin", "origin_id", "Transfers from this institution."),
        f.by_id("destination", "destination_id", "Transfers to this institution."),
        f.changed_since(TransferEvent, "order", "created_at",
                        "Transfers proposed, or with a step of their life cycle, at or after this time: for "
                        "incremental sync."),
    )

    def scope(self, user):
        transfers = visible_transfers(user).select_related("proposed_by").prefetch_related(TRANSFER_LINES)
        if self.action == "retrieve":
            transfers = transfers.prefetch_related(Prefetch("events", TransferEvent.objects.select_related("actor")))
        return transfers

    def get_serializer_class(self):
        return TransferDetailSerializer if self.action == "retrieve" else TransferSerializer


@documented
class FaultViewSet(ScopedViewSet):
    """Fault reports made from units' labels that the caller may see (school staff: those made at their
    institution), with the repair each opened. Never the reporter's contact, photo or address hash."""

    query_filters = (
        f.by_choice("status", "status", FaultReport.Status.values, "Reports in these statuses."),
        f.by_id("institution", "institution_id", "Reports made at this institution."),
        f.by_choice("kind", "kind", FaultReport.Kind.values, "Reports of these kinds of problem."),
        f.changed_since(FaultEvent, "report", "created_at",
                        "Reports made, triaged, or whose repair took a step, at or after this time: for "
                        "incremental sync.", also=((RepairEvent, "repair__report"),)),
    )

    def scope(self, user):
        reports = visible_fault_reports(user).select_related("unit__item", "repair")
        if self.action == "retrieve":
            reports = reports.prefetch_related(Prefetch("events", FaultEvent.objects.select_related("actor")))
        return reports

    def get_serializer_class(self):
        return FaultDetailSerializer if self.action == "retrieve" else FaultSerializer


@documented
class WriteOffViewSet(ScopedViewSet):
    """Write-off acts: the programme office's documents, for whoever sees everything."""

    serializer_class = WriteOffSerializer
    query_filters = (
        f.by_choice("reason", "reason", WriteOff.Reason.values, "Acts for these reasons."),
        f.Filter("changed_since", "Acts made at or after this time (an act never changes): for incremental sync.",
                 lambda qs, v: qs.filter(written_at__gte=v), f.parse_moment, OpenApiTypes.DATETIME),
    )

    def scope(self, user):
        return visible_write_offs(user).select_related("written_by").prefetch_related("units")

    @extend_schema(summary="The act's PDF", responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True)
    def pdf(self, request, pk=None):
        act = self.get_object()
        return FileResponse(act.pdf.open("rb"), as_attachment=True, filename=f"{act.number}.pdf",
                            content_type="application/pdf")
