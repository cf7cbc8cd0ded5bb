"""Read-only: the catalogue, the areas and the institution register (public to anyone logged in)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from inventory.models import Area, Institution, Item
from inventory.permissions import visible_institutions

from .. import filters as f
from ..serializers import AreaSerializer, AreaWithBoundarySerializer, InstitutionSerializer, ItemSerializer
from .base import ScopedViewSet, documented


@documented
class ItemViewSet(ScopedViewSet):
    """Catalogue items: the kinds of equipment units are made of."""

    serializer_class = ItemSerializer
    query_filters = (
        f.by_choice("category", "category", Item.Category.values, "Items of these categories."),
        f.by_choice("tracking", "tracking", Item.Tracking.values, "Serialised or counted items."),
    )

    def scope(self, user):
        return Item.objects.all() if user.is_authenticated else Item.objects.none()


BOUNDARY = OpenApiParameter("boundary", OpenApiTypes.BOOL, OpenApiParameter.QUERY,
                            description="Include each area's boundary as GeoJSON (large).")


@extend_schema_view(list=extend_schema(parameters=[BOUNDARY]), retrieve=extend_schema(parameters=[BOUNDARY]))
@documented
class AreaViewSet(ScopedViewSet):
    """Administrative areas: the country, its regions, districts and cities."""

    query_filters = (
        f.by_choice("level", "level", Area.Level.values, "Areas of these levels."),
        f.by_id("parent", "parent_id", "Areas directly under this one."),
    )

    def with_boundary(self):
        raw = self.request.query_params.get("boundary", "")
        try:
            return bool(raw) and f.parse_flag(raw)
        except KeyError:
            return False

    def get_serializer_class(self):
        return AreaWithBoundarySerializer if self.with_boundary() else AreaSerializer

    def scope(self, user):
        areas = Area.objects.all() if user.is_authenticated else Area.objects.none()
        return areas if self.with_boundary() else areas.defer("boundary")


@documented
class InstitutionViewSet(ScopedViewSet):
    """The institution register: schools, special schools, PMPCs and the other organisations equipment goes to."""

    serializer_class = InstitutionSerializer
    query_filters = (
        f.in_area("area", "area", "Institutions in this area or directly under it (a region's districts)."),
        f.by_choice("kind", "kind", Institution.Kind.values, "Institutions of these kinds."),
        f.Filter("bin", "The institution with this BIN.", lambda qs, v: qs.filter(bin=v), str, OpenApiTypes.STR),
    )

    def scope(self, user):
        return visible_institutions(user)
