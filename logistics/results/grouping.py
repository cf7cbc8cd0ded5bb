"""Every indicator for every slice of a breakdown, folded from one set of facts (facts.py).

A slice is a set of institutions (region, area, urban/rural, kind) or of items (category of need,
development sphere). Counts and shares add up over the (holder, item) rows a slice holds; the
shipment figures (institutions reached, days to receipt) follow the destinations, and do not
depend on items, as in indicators.Scope.shipments.
"""

import statistics
from collections import Counter
from decimal import Decimal

from inventory.models import Institution, Item

from .breakdowns import keys_of

WHOLE = ""   # the dimension, and the key, of the whole programme


class Part:
    """What one slice holds of the facts."""

    def __init__(self):
        self.units = Counter()          # (measure, category) -> n, and (measure, None) -> n over every item
        self.packs = Counter()          # category -> confirmed quantity
        self.universities = set()       # universities with a unit installed
        self.planned, self.reached, self.days = set(), set(), []

    def add_units(self, holder, category, counts, university):
        for measure, n in counts.items():
            self.units[(measure, category)] += n
            self.units[(measure, None)] += n
        if university and counts["installed"]:
            self.universities.add(holder)

    def add_shipment(self, destination, planned, reached, days):
        if planned:
            self.planned.add(destination)
        if reached:
            self.reached.add(destination)
        if days is not None:
            self.days.append(days)


def _share(part, whole):
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _delivered(*categories):
    return lambda p, facts: sum(p.units[("arrived", c)] + p.packs[c] for c in categories)


def _median(p, facts):
    return Decimal(statistics.median(p.days)).quantize(Decimal("0.1")) if p.days else None


def _on_site(numerator, denominator):
    # Empty, not zero: before any verification visit, nothing is known about use on site.
    return lambda p, facts: (_share(p.units[(numerator, None)], p.units[(denominator, None)])
                             if facts.any_finding else None)


C = Item.Category
FROM_PART = {
    "teaching_aids_delivered": _delivered(C.TEACHING_AID),
    "didactic_units_delivered": _delivered(C.DIDACTIC_KIT),
    "universities_equipped": lambda p, facts: len(p.universities),
    "equipment_sets_delivered": _delivered(C.ASSISTIVE, C.AUXILIARY),
    "furniture_installed": lambda p, facts: p.units[("installed", C.FURNITURE)],
    "institutions_reached": lambda p, facts: _share(len(p.reached), len(p.planned)),
    "units_with_signed_act": lambda p, facts: _share(p.units[("signed", None)], p.units[("dispatched", None)]),
    "median_days_to_receipt": _median,
    "discrepancy_rate": lambda p, facts: _share(p.units[("discrepant", None)], p.units[("judged", None)]),
    "verified_on_site": _on_site("verified", "arrived"),
    "in_use": _on_site("in_use", "verified"),
}


def register():
    """(item -> category, the universities' ids): what folding needs of the catalogue and the register."""
    return (dict(Item.objects.values_list("pk", "category")),
            set(Institution.objects.filter(kind=Institution.Kind.UNIVERSITY).values_list("pk", flat=True)))


def _parts(facts, dimension, known):
    """key -> Part for each slice of `dimension` that holds anything (WHOLE: the programme)."""
    by, keys, listed = keys_of(dimension) if dimension != WHOLE else ("all", {}, [WHOLE])
    items, universities = known or register()

    def slices(holder, item):
        if by == "all":
            return (WHOLE,)
        return keys.get(holder if by == "institutions" else item, ())
    parts = {}
    for (holder, item), counts in facts.units.items():
        for key in slices(holder, item):
            parts.setdefault(key, Part()).add_units(holder, items[item], counts, holder in universities)
    for (destination, item), n in facts.packs.items():
        for key in slices(destination, item):
            parts.setdefault(key, Part()).packs[items[item]] += n
    # Shipments have no item: a slice of items sees every destination, as Scope.shipments does.
    everywhere = listed if by in ("items", "all") else None
    for row in facts.shipments:
        for key in everywhere or slices(row[0], None):
            parts.setdefault(key, Part()).add_shipment(*row)
    return parts


def values(facts, dimension=WHOLE, known=None):
    """{key: {definition: value}} for the slices of `dimension` that hold anything; `known`: register()."""
    return {key: {name: compute(part, facts) for name, compute in FROM_PART.items()}
            for key, part in _parts(facts, dimension, known).items()}


def default(measure):
    """The figure of a slice that holds nothing: a count of none, or no share at all."""
    return 0 if measure == "count" else None
