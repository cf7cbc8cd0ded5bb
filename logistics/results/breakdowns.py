"""The ways a manager or funder slices the results: each a list of (key, label, Scope).

Only slices that hold a shipment's destination are listed: the others would show empty rows.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inventory.models import Area, DevelopmentSphere, Institution, Item, NeedCategory

from ..models import Shipment
from .indicators import Scope


def _destinations():
    return Institution.objects.filter(pk__in=Shipment.objects.values("destination_id"))


def by_region():
    used = set(_destinations().values_list("area__parent_id", flat=True)) | set(
        _destinations().values_list("area_id", flat=True))
    for region in Area.objects.filter(level=Area.Level.REGION, pk__in=used).order_by("name_en"):
        yield region.code, region.name, Scope(institutions=Q(area=region) | Q(area__parent=region))


def by_area():
    used = _destinations().values("area_id")
    for area in (Area.objects.filter(pk__in=used, level__in=[Area.Level.CITY, Area.Level.DISTRICT])
                 .select_related("parent").order_by("parent__name_en", "level", "name_en")):
        yield area.code, area.name, Scope(institutions=Q(area=area))


def by_settlement():
    yield "urban", _("Cities"), Scope(institutions=Q(area__level=Area.Level.CITY))
    yield "rural", _("Districts"), Scope(institutions=Q(area__level=Area.Level.DISTRICT))


def by_kind():
    used = set(_destinations().values_list("kind", flat=True))
    for kind in Institution.Kind:
        if kind in used:
            yield kind.value, kind.label, Scope(institutions=Q(kind=kind))


def by_need():
    for need in NeedCategory.objects.all():
        yield need.code, need.name, Scope(items=Q(needs=need))


def by_sphere():
    for sphere in DevelopmentSphere.objects.all():
        yield sphere.code, sphere.name, Scope(items=Q(spheres=sphere))


DIMENSIONS = {
    "region": (_("Region"), by_region),
    "area": (_("City or district"), by_area),
    "settlement": (_("Urban or rural"), by_settlement),
    "kind": (_("Institution kind"), by_kind),
    "need": (_("Category of need"), by_need),
    "sphere": (_("Development sphere"), by_sphere),
}


def _institution_keys(dimension):
    rows = Institution.objects.values_list("pk", "kind", "area__code", "area__level", "area__parent__code",
                                           "area__parent__level")
    keys = {}
    for pk, kind, code, level, parent, parent_level in rows:
        if dimension == "region":
            found = [c for c, lv in ((code, level), (parent, parent_level)) if lv == Area.Level.REGION]
        elif dimension == "area":
            found = [code] if level in (Area.Level.CITY, Area.Level.DISTRICT) else []
        elif dimension == "settlement":
            found = {Area.Level.CITY: ["urban"], Area.Level.DISTRICT: ["rural"]}.get(level, [])
        else:
            found = [kind]
        keys[pk] = found
    return keys


def keys_of(dimension):
    """("institutions" or "items", {id: [slice keys]}, [every slice key]) for one query's grouping of
    `dimension`: which slices each institution (or item) falls in, as the Scope of each slice says."""
    listed = [key for key, _label, _scope in slices(dimension)]
    if dimension in ("need", "sphere"):
        through = Item.needs.through if dimension == "need" else Item.spheres.through
        related = "needcategory" if dimension == "need" else "developmentsphere"
        keys = {}
        for item, code in through.objects.values_list("item_id", f"{related}__code"):
            keys.setdefault(item, []).append(code)
        return "items", keys, listed
    return "institutions", _institution_keys(dimension), listed


def slices(dimension):
    """(key, label, scope) for each slice of `dimension`; KeyError for an unknown one."""
    return list(DIMENSIONS[dimension][1]())


def scope_of(dimension, key):
    """The Scope of one slice, or None when the dimension or key is unknown."""
    if dimension not in DIMENSIONS:
        return None
    return next((scope for k, _label, scope in slices(dimension) if k == key), None)
