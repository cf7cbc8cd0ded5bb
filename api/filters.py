"""Query-string filters, declared once: each parses its value, narrows a queryset and documents itself.

A value that does not parse is refused with a 400 naming the parameter, never ignored.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError


@dataclass(frozen=True)
class Filter:
    name: str
    description: str
    narrow: Any  # (queryset, parsed value) -> queryset
    parse: Any = int
    kind: Any = OpenApiTypes.INT
    enum: tuple = ()

    def parameter(self):
        if self.enum:  # one or several values, comma-separated: ?status=received,damaged
            kind = {"type": "array", "items": {"type": "string", "enum": list(self.enum)}}
            return OpenApiParameter(self.name, kind, OpenApiParameter.QUERY, description=self.description,
                                    style="form", explode=False)
        return OpenApiParameter(self.name, self.kind, OpenApiParameter.QUERY, description=self.description)


def apply(filters, queryset, params):
    for spec in filters:
        raw = params.get(spec.name)
        if raw in (None, ""):
            continue
        try:
            value = spec.parse(raw)
        except (TypeError, ValueError, OverflowError):
            value = None
        if value is None or (spec.enum and not set(_as_list(value)) <= set(spec.enum)):
            raise ValidationError({spec.name: [_("“%(value)s” is not a valid value for %(name)s.")
                                               % {"value": raw[:100], "name": spec.name}]})
        queryset = spec.narrow(queryset, value)
    return queryset


def _as_list(value):
    return value if isinstance(value, list) else [value]


def parse_id(raw):
    value = int(raw)
    if not 0 < value < 2**63:
        raise ValueError(raw)
    return value


def parse_moment(raw):
    """An ISO 8601 time (a bare date means its midnight, in the project's time zone)."""
    moment = parse_datetime(raw)
    if moment is None and (day := parse_date(raw)) is not None:
        moment = datetime.combine(day, datetime.min.time())
    if moment is None:
        raise ValueError(raw)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def parse_day(raw):
    day = parse_date(raw)
    if not isinstance(day, date):
        raise ValueError(raw)
    return day


def parse_list(raw):
    return [part for part in raw.split(",") if part]


def parse_flag(raw):
    return {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}[raw.lower()]


def by_id(name, field, description):
    return Filter(name, description, lambda qs, v: qs.filter(**{field: v}), parse_id)


def by_choice(name, field, choices, description):
    """One value or several separated by commas."""
    return Filter(name, description, lambda qs, v: qs.filter(**{f"{field}__in": v}), parse_list,
                  OpenApiTypes.STR, tuple(choices))


def in_area(name, field, description):
    """An area and the areas directly under it (a region finds its districts' institutions)."""
    return Filter(name, description,
                  lambda qs, v: qs.filter(Q(**{f"{field}_id": v}) | Q(**{f"{field}__parent_id": v})), parse_id)


def changed_since(events_model, link, created_field, description, also=()):
    """Objects created at or after the time, or with an event at or after it: what an incremental sync fetches.
    `also` names more (events model, link) pairs whose steps change what the object shows (a report's repair)."""
    def narrow(qs, moment):
        changed = Q(**{f"{created_field}__gte": moment})
        for model, path in ((events_model, link), *also):
            changed |= Exists(model.objects.filter(**{path: OuterRef("pk"), "at__gte": moment}))
        return qs.filter(changed)
    return Filter("changed_since", description, narrow, parse_moment, OpenApiTypes.DATETIME)
