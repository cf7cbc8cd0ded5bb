"""The coverage table of a region, with the coverage page's filters: the same figures the page shows."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from inventory.permissions import may_view_coverage
from logistics import coverage_data, coverage_report
from logistics.views.coverage import CoverageFilters, cached_report


class MayViewCoverage(permissions.BasePermission):
    def has_permission(self, request, view):
        return may_view_coverage(request.user)


class CoverageRowSerializer(serializers.Serializer):
    area_id = serializers.IntegerField()
    code = serializers.CharField(help_text="The area's KATO code.")
    name = serializers.CharField()
    setting = serializers.CharField(help_text="Urban or rural, translated.")
    special_orgs = serializers.IntegerField(help_text="Special education organisations in the area.")
    kind_special_school = serializers.IntegerField()
    school_needs = serializers.CharField(help_text="Special schools by category of need.")
    pmpc = serializers.IntegerField()
    inclusion_classrooms = serializers.IntegerField()
    children = serializers.IntegerField(help_text="Children with special educational needs.")
    specialists = serializers.IntegerField()
    children_per_org = serializers.FloatField(allow_null=True)
    children_per_specialist = serializers.FloatField(allow_null=True)
    expected = serializers.IntegerField(help_text="Units expected.")
    received = serializers.IntegerField(help_text="Units received.")
    missing = serializers.IntegerField(help_text="Units missing.")
    received_per_child = serializers.FloatField(allow_null=True)
    flags = serializers.CharField(help_text="The gaps found, translated; empty when none.")
    flagged = serializers.BooleanField()


class CoverageSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="The region's KATO code.")
    year = serializers.IntegerField(allow_null=True)
    rows = CoverageRowSerializer(many=True, help_text="One row per district or city, flagged areas first.")


FILTERS = [
    OpenApiParameter("region", OpenApiTypes.STR, description="A region's KATO code; the first region with "
                                                             "districts if left out."),
    OpenApiParameter("year", OpenApiTypes.INT, description="The statistics' year; the latest if left out."),
    OpenApiParameter("need", OpenApiTypes.STR, description="A category of need's code."),
    OpenApiParameter("sphere", OpenApiTypes.STR, description="A development sphere's code."),
    OpenApiParameter("category", OpenApiTypes.STR, description="An equipment category."),
    OpenApiParameter("km", OpenApiTypes.INT, description="The distance for 'schools far from an organisation'."),
]


class CoverageView(generics.GenericAPIView):
    """For project managers, administrators and procurement officers, as the coverage page."""

    permission_classes = [permissions.IsAuthenticated, MayViewCoverage]
    serializer_class = CoverageSerializer

    @extend_schema(summary="The coverage table of a region", parameters=FILTERS, responses=CoverageSerializer)
    def get(self, request):
        form = CoverageFilters(request.query_params, list(coverage_data.regions()))
        if not form.is_valid():
            raise ValidationError(form.errors)
        region = form.chosen_region()
        if region is None:
            raise NotFound(_("No region with districts is loaded."))
        report = cached_report(region, form.filters())
        return Response({"region": region.code, "year": report.filters.year, "rows": coverage_report.rows(report)})
