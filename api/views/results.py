"""The programme's result indicators at the end of a quarter: baseline, target and actual, and each
region's target and actual; the figures the results page and the quarterly report show."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from inventory.permissions import may_view_results
from logistics.models import Programme
from logistics.results import report
from logistics.results.periods import BadPeriod, Quarter


class MayViewResults(permissions.BasePermission):
    def has_permission(self, request, view):
        return may_view_results(request.user)


class RegionResultSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The region's KATO code.")
    name = serializers.CharField()
    target = serializers.FloatField(allow_null=True, help_text="The region's own target, where the funder set one.")
    actual = serializers.FloatField(allow_null=True, help_text="Null while not measured yet (not zero).")


class IndicatorResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="The name in the request's language.")
    definition = serializers.CharField(help_text="How the figure is computed from the data (never typed in).")
    description = serializers.CharField(help_text="The definition in words, translated.")
    measure = serializers.ChoiceField(choices=["count", "percent", "days"])
    lower_is_better = serializers.BooleanField(help_text="The target is a ceiling (discrepancies, days).")
    baseline = serializers.FloatField()
    target = serializers.FloatField(allow_null=True)
    actual = serializers.FloatField(allow_null=True, help_text="At the end of the period; null while not "
                                                               "measured yet (no verification round has run).")
    percent_of_target = serializers.IntegerField(allow_null=True)
    on_track = serializers.BooleanField(allow_null=True, help_text="Whether the target is met; null without "
                                                                   "a figure or a target.")
    regions = RegionResultSerializer(many=True)


class ProgrammeResultsSerializer(serializers.Serializer):
    programme = serializers.CharField(help_text="The programme's code.")
    name = serializers.CharField()
    funder_reference = serializers.CharField()
    iati_identifier = serializers.CharField(allow_blank=True)
    period = serializers.CharField(help_text="The quarter, like 2024Q4.")
    closed = serializers.BooleanField(help_text="Whether the quarter has ended: an open one can still change.")
    indicators = IndicatorResultSerializer(many=True)


PARAMETERS = [
    OpenApiParameter("period", OpenApiTypes.STR, description="A quarter like 2024Q4; the current one if left out."),
    OpenApiParameter("programme", OpenApiTypes.STR, description="A programme's code; the first if left out."),
]


def _number(value):
    return None if value is None else float(value)


def _indicator(result):
    indicator, computation = result.indicator, result.computation
    return {"code": indicator.code, "name": indicator.name, "definition": indicator.definition,
            "description": str(computation.description), "measure": computation.measure,
            "lower_is_better": computation.lower_is_better, "baseline": _number(indicator.baseline),
            "target": _number(indicator.target), "actual": _number(result.actual),
            "percent_of_target": result.percent_of_target, "on_track": result.on_track,
            "regions": [{"code": code, "name": str(name), "target": _number(target), "actual": _number(value)}
                        for code, name, value, target in result.regions]}


class IndicatorsView(generics.GenericAPIView):
    """For project managers, administrators and procurement officers, as the results page."""

    permission_classes = [permissions.IsAuthenticated, MayViewResults]
    serializer_class = ProgrammeResultsSerializer

    @extend_schema(summary="The programme's result indicators at the end of a quarter", parameters=PARAMETERS,
                   responses=ProgrammeResultsSerializer)
    def get(self, request):
        try:
            period = Quarter.parse(request.query_params.get("period") or str(report.current_quarter()))
        except BadPeriod as exc:
            raise ValidationError({"period": [str(exc)]}) from None
        programme = self._programme(request.query_params.get("programme", ""))
        built = report.build(programme, period, trend=False)
        return Response({"programme": programme.code, "name": programme.name,
                         "funder_reference": programme.funder_reference,
                         "iati_identifier": programme.iati_identifier, "period": str(period),
                         "closed": period.is_closed(), "indicators": [_indicator(r) for r in built.results]})

    def _programme(self, code):
        programmes = Programme.objects.prefetch_related("indicators__region_targets__region").order_by("starts")
        chosen = programmes.filter(code=code[:40]).first() if code else programmes.first()
        if chosen is not None:
            return chosen
        if not code:
            raise NotFound(_("No programme has been set up yet: load the demo or add one in the admin."))
        known = ", ".join(Programme.objects.values_list("code", flat=True)) or "—"
        raise NotFound(_("No programme “%(code)s”; the programmes are: %(known)s.") % {"code": code[:40],
                                                                                       "known": known})
