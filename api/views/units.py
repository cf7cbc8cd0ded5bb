"""Read-only: units, by id and by asset tag, with their history."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from inventory.models import Unit, UnitEvent
from inventory.permissions import visible_units
from inventory.scan_input import read_scan

from .. import filters as f
from ..serializers import UnitDetailSerializer, UnitSerializer
from .base import ScopedViewSet, documented

UNIT_FILTERS = (
    f.by_choice("status", "status", Unit.Status.values, "Units in these statuses."),
    f.by_id("holder", "holder_id", "Units assigned to this institution."),
    f.in_area("area", "holder__area", "Units held in this area or directly under it."),
    f.by_id("item", "item_id", "Units of this catalogue item."),
    f.Filter("created_after", "Units created at or after this time.",
             lambda qs, v: qs.filter(created_at__gte=v), f.parse_moment, f.OpenApiTypes.DATETIME),
    f.changed_since(UnitEvent, "unit", "created_at",
                    "Units created, or whose status changed, at or after this time: for incremental sync."),
)


@documented
class UnitViewSet(ScopedViewSet):
    """QR-labelled units, as far as the caller may see them (school staff: their institution's)."""

    query_filters = UNIT_FILTERS

    def scope(self, user):
        units = visible_units(user).select_related("item")
        if self.action in ("retrieve", "by_tag"):
            units = units.prefetch_related(Prefetch("events", UnitEvent.objects.select_related("actor")))
        return units

    def get_serializer_class(self):
        return UnitDetailSerializer if self.action in ("retrieve", "by_tag") else UnitSerializer

    @extend_schema(summary="A unit by its asset tag", responses=UnitDetailSerializer,
                   description="The tag as printed (with or without its dash) or a label's URL; a mistyped "
                               "check character finds nothing.")
    @action(detail=False, url_path=r"by-tag/(?P<tag>[^/]{1,200})")
    def by_tag(self, request, tag):
        tags = read_scan(tag).tags
        unit = self.get_queryset().filter(asset_tag__in=tags).first() if tags else None
        if unit is None:
            raise NotFound()
        return Response(self.get_serializer(unit).data)
