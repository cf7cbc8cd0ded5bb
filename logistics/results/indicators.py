"""The registry of result indicators: each one a function of the data as it stood at a moment.

Every value is computed from the append-only histories (UnitEvent, ShipmentEvent) with `at`
before `end`, so a closed period's figures never change when later events arrive. Counted items
(packs of teaching aids) have no events of their own: their confirmed quantity counts once the
shipment's receipt is closed, and a closed receipt never changes. Each indicator answers with
one aggregate query (or a handful), never by loading units, and can name the rows behind it.
"""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models import Institution, Item, StatusGroups, Unit, UnitEvent

from ..models import Finding, Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit

A = ShipmentEvent.Action
ARRIVED = sorted(StatusGroups.ARRIVED)
DISCREPANT = sorted(StatusGroups.DISCREPANT)


@dataclass(frozen=True)
class Scope:
    """Which part of the programme a figure covers: institutions and/or items (None: all)."""

    institutions: Q | None = None
    items: Q | None = None

    def units(self):
        q = Q()
        if self.institutions is not None:
            q &= Q(holder__in=Institution.objects.filter(self.institutions))
        if self.items is not None:
            q &= Q(item__in=Item.objects.filter(self.items))
        return q

    def shipments(self, prefix=""):
        if self.institutions is None:
            return Q()
        return Q(**{f"{prefix}destination__in": Institution.objects.filter(self.institutions)})

    def lines(self):
        q = self.shipments("shipment__")
        if self.items is not None:
            q &= Q(item__in=Item.objects.filter(self.items))
        return q


EVERYTHING = Scope()


def _shipments_with(action, end):
    return ShipmentEvent.objects.filter(action=action, at__lt=end).values("shipment_id")


def _status_then(end):
    """A unit's status just before `end`: the new status of its last event before then."""
    return Subquery(UnitEvent.objects.filter(unit=OuterRef("pk"), at__lt=end)
                    .order_by("-at", "-pk").values("new_status")[:1])


def _ever_arrived(end):
    return Exists(UnitEvent.objects.filter(unit=OuterRef("pk"), new_status__in=ARRIVED, at__lt=end))


def _units(scope):
    return Unit.objects.order_by().filter(scope.units())


def _share(part, whole):
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Computation:
    """How one indicator is computed. `behind` says what a number counts, as (kind, queryset)
    with kind "units" or "institutions", for the list a reader clicks through to."""

    name: str
    measure: str          # count | percent | days
    description: str
    value: callable
    behind: callable = None
    lower_is_better: bool = False   # discrepancies, days: the target is a ceiling


# --- delivered: what has ever arrived (serialised units) plus counted packs of closed receipts.

def _delivered_units(categories, end, scope):
    return _units(scope).filter(item__category__in=categories).filter(_ever_arrived(end))


def _delivered_packs(categories, end, scope):
    return (ShipmentLine.objects.order_by().filter(scope.lines(), item__category__in=categories,
                                                   item__tracking=Item.Tracking.COUNTED,
                                                   shipment__in=_shipments_with(A.CLOSED, end)))


def delivered(*categories):
    def value(end, scope=EVERYTHING):
        packs = _delivered_packs(categories, end, scope).aggregate(n=Sum("quantity_received"))["n"] or 0
        return _delivered_units(categories, end, scope).count() + packs

    def behind(end, scope=EVERYTHING):
        holders = _delivered_units(categories, end, scope).values("holder_id")
        destinations = _delivered_packs(categories, end, scope).filter(quantity_received__gt=0) \
            .values("shipment__destination_id")
        return "institutions", Institution.objects.filter(Q(pk__in=holders) | Q(pk__in=destinations))
    return value, behind


# --- installed: units whose status at the end was "installed".

def _installed_units(end, scope, **filters):
    if not UnitEvent.objects.filter(at__gte=end).exists():
        # Nothing has happened since: the status then is the status now, and a million units need no
        # look-up of their last event each (the open quarter's list behind a number).
        return _units(scope).filter(**filters, status=Unit.Status.INSTALLED)
    return _units(scope).filter(**filters).annotate(status_then=_status_then(end)).filter(
        status_then=Unit.Status.INSTALLED)


def installed(*categories):
    def value(end, scope=EVERYTHING):
        return _installed_units(end, scope, item__category__in=categories).count()

    def behind(end, scope=EVERYTHING):
        return "units", _installed_units(end, scope, item__category__in=categories)
    return value, behind


def _equipped_universities(end, scope):
    holders = _installed_units(end, scope, holder__kind=Institution.Kind.UNIVERSITY).values("holder_id")
    return Institution.objects.filter(pk__in=holders)


def universities_equipped(end, scope=EVERYTHING):
    return _equipped_universities(end, scope).count()


# --- the delivery chain's own indicators.

def _planned_destinations(end, scope):
    return Shipment.objects.filter(scope.shipments(), pk__in=_shipments_with(A.CREATED, end)) \
        .values("destination_id")


def _reached(end, scope):
    arrived = ShipmentEvent.objects.filter(action__in=[A.FIRST_ARRIVAL, A.ALL_ARRIVED], at__lt=end) \
        .values("shipment_id")
    return Institution.objects.filter(
        pk__in=Shipment.objects.filter(scope.shipments(), pk__in=arrived).values("destination_id"))


def institutions_reached(end, scope=EVERYTHING):
    whole = Institution.objects.filter(pk__in=_planned_destinations(end, scope)).count()
    return _share(_reached(end, scope).count(), whole)


def _dispatched_units(end, scope):
    return ShipmentUnit.objects.filter(shipment__in=_shipments_with(A.DISPATCHED, end),
                                       unit__in=_units(scope).values("pk"))


def units_with_signed_act(end, scope=EVERYTHING):
    dispatched = _dispatched_units(end, scope)
    signed = dispatched.filter(shipment__in=_shipments_with(A.ACT_SIGNED, end))
    return _share(signed.count(), dispatched.count())


def _units_with_act(end, scope):
    signed = _dispatched_units(end, scope).filter(shipment__in=_shipments_with(A.ACT_SIGNED, end))
    return Unit.objects.filter(pk__in=signed.values("unit_id"))


def median_days_to_receipt(end, scope=EVERYTHING):
    """Median, over shipments, of the days from dispatch to the first unit's (or pack's) arrival.

    One row per shipment, not per unit: the list a median needs stays as short as the waybills.
    """
    def first(actions):
        return Subquery(ShipmentEvent.objects.filter(shipment=OuterRef("pk"), action__in=actions, at__lt=end)
                        .order_by("at", "pk").values("at")[:1])
    rows = (Shipment.objects.order_by().filter(scope.shipments())
            .annotate(sent=first([A.DISPATCHED]), came=first([A.FIRST_ARRIVAL, A.ALL_ARRIVED]))
            .filter(sent__isnull=False, came__isnull=False).values_list("sent", "came"))
    days = [(timezone.localdate(came) - timezone.localdate(sent)).days for sent, came in rows]
    return Decimal(statistics.median(days)).quantize(Decimal("0.1")) if days else None


def _receipt_units(end, scope):
    """Units of shipments whose receipt was closed before `end`: what acts have judged."""
    return ShipmentUnit.objects.filter(shipment__in=_shipments_with(A.CLOSED, end),
                                       unit__in=_units(scope).values("pk"))


def _discrepant(end, scope):
    found = UnitEvent.objects.filter(shipment_id__isnull=False, new_status__in=DISCREPANT, at__lt=end)
    return _receipt_units(end, scope).filter(unit__in=found.values("unit_id"))


def discrepancy_rate(end, scope=EVERYTHING):
    return _share(_discrepant(end, scope).count(), _receipt_units(end, scope).count())


# --- verified on site: the latest answer of a verification visit about each unit before the end.

def _latest_finding(end, field):
    return Subquery(Finding.objects.filter(unit=OuterRef("pk"), at__lt=end).order_by("-at", "-pk")
                    .values(field)[:1])


def _verified(end, scope):
    """Delivered units a verifier has answered for (found or not) before `end`."""
    return (_units(scope).filter(_ever_arrived(end))
            .filter(Exists(Finding.objects.filter(unit=OuterRef("pk"), at__lt=end))))


def _in_use(end, scope):
    found = [Finding.Result.IN_PLACE, Finding.Result.ELSEWHERE]
    return (_verified(end, scope).annotate(result_then=_latest_finding(end, "result"),
                                           in_use_then=_latest_finding(end, "in_use"))
            .filter(result_then__in=found, in_use_then=True))


def _no_round_yet(end):
    # Empty, not zero: before any verification visit, nothing is known about use on site.
    return not Finding.objects.filter(at__lt=end).exists()


def verified_on_site(end, scope=EVERYTHING):
    if _no_round_yet(end):
        return None
    return _share(_verified(end, scope).count(), _units(scope).filter(_ever_arrived(end)).count())


def in_use(end, scope=EVERYTHING):
    if _no_round_yet(end):
        return None
    return _share(_in_use(end, scope).count(), _verified(end, scope).count())


def _as(kind, queryset):
    return lambda end, scope=EVERYTHING: (kind, queryset(end, scope))


def _registry():
    def entry(name, measure, description, value_behind, lower_is_better=False):
        value, behind = value_behind
        return name, Computation(name, measure, description, value, behind, lower_is_better)
    rows = [
        entry("teaching_aids_delivered", "count",
              _("Teaching aids that arrived: serialised units and confirmed packs of closed receipts."),
              delivered(Item.Category.TEACHING_AID)),
        entry("didactic_units_delivered", "count", _("Didactic kits that arrived."),
              delivered(Item.Category.DIDACTIC_KIT)),
        entry("universities_equipped", "count",
              _("Universities with at least one unit installed in their inclusion classroom."),
              (universities_equipped, _as("institutions", _equipped_universities))),
        entry("equipment_sets_delivered", "count", _("Computer, assistive and auxiliary equipment that arrived."),
              delivered(Item.Category.ASSISTIVE, Item.Category.AUXILIARY)),
        entry("furniture_installed", "count", _("Specialised furniture installed."),
              installed(Item.Category.FURNITURE)),
        entry("institutions_reached", "percent",
              _("Institutions with a shipment of which something has arrived, of all with a shipment."),
              (institutions_reached, _as("institutions", _reached))),
        entry("units_with_signed_act", "percent",
              _("Dispatched units whose shipment has a signed acceptance act."),
              (units_with_signed_act, _as("units", _units_with_act))),
        entry("median_days_to_receipt", "days", _("Median days from dispatch to the first arrival, by shipment."),
              (median_days_to_receipt, _as("institutions", _reached)), lower_is_better=True),
        entry("discrepancy_rate", "percent",
              _("Units of closed receipts that arrived damaged or never arrived."),
              (discrepancy_rate, _as("units", lambda end, scope: Unit.objects.filter(
                  pk__in=_discrepant(end, scope).values("unit_id")))), lower_is_better=True),
        entry("verified_on_site", "percent", _("Units verified on site (empty until a verification round)."),
              (verified_on_site, _as("units", _verified))),
        entry("in_use", "percent", _("Units found in use (empty until a verification round)."),
              (in_use, _as("units", _in_use))),
    ]
    return dict(rows)


REGISTRY = _registry()


class UnknownDefinition(LookupError):
    """The message is translated and names the known definitions."""


def computation_of(indicator):
    """The Computation an indicator's `definition` names."""
    try:
        return REGISTRY[indicator.definition]
    except KeyError:
        raise UnknownDefinition(
            _("Indicator %(code)s names an unknown definition “%(name)s”; the known ones are: %(known)s.")
            % {"code": indicator.code, "name": indicator.definition, "known": ", ".join(REGISTRY)}) from None
