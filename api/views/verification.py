"""Verification rounds and visits with their findings, scoped as the verification pages scope them;
answers to a visit and the start of a visit, through the pages' own steps."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from inventory.permissions import sees_everything, verifiable_institutions
from logistics import verification
from logistics.models import Finding, VerificationEvent, VerificationRound, Visit
from logistics.permissions import get_visit_for_user, visible_rounds

from .. import filters as f
from ..problems import Refusal
from ..verification import record_batch
from ..verification_serializers import (
    AnswerBatchResultSerializer,
    AnswerBatchSerializer,
    RoundSerializer,
    VisitDetailSerializer,
    VisitSerializer,
    VisitStartSerializer,
    scope_context,
)
from .base import ScopedViewSet, documented


def visible_visits(user):
    """As the visit pages: every visit for whoever sees everything, else those at institutions the
    user may verify (a monitor's assigned ones, a member of staff's own)."""
    visits = Visit.objects.select_related("verifier")
    if sees_everything(user):
        return visits
    return visits.filter(institution__in=verifiable_institutions(user))


@documented
class RoundViewSet(ScopedViewSet):
    """Verification rounds the caller may look at, with the institutions of each the caller may see."""

    serializer_class = RoundSerializer
    query_filters = (
        f.by_choice("status", "status", VerificationRound.Status.values, "Rounds in these statuses."),
        f.by_id("institution", "institutions", "Rounds over this institution."),
        f.Filter("opened_since", "Rounds opened at or after this time.",
                 lambda qs, v: qs.filter(opened_at__gte=v), f.parse_moment, f.OpenApiTypes.DATETIME),
    )

    def scope(self, user):
        return visible_rounds(user).select_related("opened_by").prefetch_related("institutions")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **scope_context(self.request.user)}

    @extend_schema(summary="Start (or find) the round's visit to an institution", request=VisitStartSerializer,
                   responses={200: VisitSerializer},
                   description="The round page's button: the visit already started, or a new one. Only where the "
                               "caller may verify (a monitor: assigned institutions; staff: their own).")
    @action(detail=True, methods=["post"])
    def visits(self, request, pk=None):
        round_ = self.get_object()
        form = VisitStartSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        institution = form.validated_data["institution"]
        if not verifiable_institutions(request.user).filter(pk=institution).exists():
            raise PermissionDenied()
        try:
            visit = verification.start_visit(round_.pk, institution, by=request.user)
        except verification.VerificationError as exc:
            raise Refusal(exc, code="visit_not_started") from None
        return Response(VisitSerializer(visit).data, status=status.HTTP_200_OK)


FINDINGS = Prefetch("findings", Finding.objects.select_related("unit", "room", "actor"))


@documented
class VisitViewSet(ScopedViewSet):
    """Verification visits the caller may look at, each with every answer (finding) it recorded."""

    query_filters = (
        f.by_id("round", "round_id", "Visits of this round."),
        f.by_id("institution", "institution_id", "Visits to this institution."),
        f.in_area("area", "institution__area", "Visits to institutions in this area or directly under it."),
        f.by_choice("status", "status", Visit.Status.values, "Visits in these statuses."),
        f.changed_since(VerificationEvent, "visit", "started_at",
                        "Visits started, or closed, at or after this time: for incremental sync."),
    )

    def scope(self, user):
        visits = visible_visits(user)
        return visits.prefetch_related(FINDINGS) if self.action == "retrieve" else visits

    def get_serializer_class(self):
        return {"retrieve": VisitDetailSerializer, "findings": AnswerBatchSerializer}.get(self.action, VisitSerializer)

    @extend_schema(summary="Record answers about units, as the visit page does", request=AnswerBatchSerializer,
                   responses=AnswerBatchResultSerializer,
                   description="Each answer goes through the visit page's own step, idempotent by its `scan_id`: "
                               "a batch sent again answers as before (`repeated`) and changes nothing. Statuses "
                               "change only when the visit is closed. A closed visit refuses the batch (409).")
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        batch = AnswerBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        # Found through where the caller may verify, as the page does: elsewhere it is not found.
        visit = get_visit_for_user(request.user, pk, to_verify=True)
        results = record_batch(visit, batch.validated_data["answers"], by=request.user)
        return Response({"results": results}, status=status.HTTP_200_OK)
