"""A programme's results at the end of a quarter, as plain data: the page, the PDF, the
spreadsheet and the IATI file all render this, so they can never disagree."""

from dataclasses import dataclass, field

from django.utils import timezone

from inventory import data_version

from .. import coverage_data
from ..models import Finding, Indicator, Programme
from .breakdowns import slices
from .grouping import WHOLE
from .indicators import computation_of
from .periods import Quarter, quarters
from .snapshots import Figures


@dataclass
class IndicatorResult:
    indicator: object
    computation: object                              # how it is computed (indicators.Computation)
    actual: object                                   # Decimal/int, or None: not measured yet
    trend: list = field(default_factory=list)        # [(Quarter, value)]
    regions: list = field(default_factory=list)      # [(code, name, value, target or None)]

    def __getstate__(self):
        # Cached per version of the data (views/results.py): a computation holds functions, which do not
        # pickle; it is the indicator's own and is found again from it.
        return {k: v for k, v in self.__dict__.items() if k != "computation"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.computation = computation_of(state["indicator"])

    @property
    def measure(self):
        return self.computation.measure

    @property
    def percent_of_target(self):
        """How far towards the target, for the figures that grow towards it; None for the others."""
        target = self.indicator.target
        if self.actual is None or not target or self.computation.lower_is_better:
            return None
        return round(100 * self.actual / target)

    @property
    def on_track(self):
        """Whether the target is met; None while there is no figure or no target."""
        target = self.indicator.target
        if self.actual is None or target is None:
            return None
        return self.actual <= target if self.computation.lower_is_better else self.actual >= target


@dataclass
class Report:
    programme: object
    period: Quarter
    results: list
    # dimension -> [{"key", "label", "values": [(indicator, value), …]}], one row per slice
    breakdowns: dict = field(default_factory=dict)


def version():
    """The version of what indicators read: coverage's (units, register, shipments, statistics), verification
    findings, and the programme's indicators (count and newest key)."""
    own = data_version.newest([(Finding, "MAX(id)"), (Indicator, "COUNT(*)"), (Indicator, "MAX(id)")])
    return f"{coverage_data.version()}.{own}"


def default_programme():
    return Programme.objects.prefetch_related("indicators__region_targets__region").order_by("starts").first()


def current_quarter():
    return Quarter.of(timezone.localdate())


def programme_quarters(programme, last):
    return quarters(Quarter.of(programme.starts), last)


def breakdown(results, dimension, period, figures=None):
    """Every indicator for each slice of `dimension` (breakdowns.DIMENSIONS) at the end of `period`."""
    figures = figures or Figures()
    table = figures.tables([period], dimension)[period]
    return [{"key": key, "label": label,
             "values": [(r.indicator, figures.value(table, key, r.indicator.definition)) for r in results]}
            for key, label, _scope in slices(dimension)]


def build(programme, period, *, trend=True, regions=True, dimensions=()):
    """Every indicator of `programme` at the end of `period`, with its trend, its regions and
    the breakdowns named in `dimensions`: closed quarters from their snapshots, the open one live."""
    history = programme_quarters(programme, period) if trend else [period]
    figures = Figures()
    whole = figures.tables(history, WHOLE)
    region_slices = slices("region") if regions else []
    by_region = figures.tables([period], "region")[period] if regions else {}
    results = []
    for indicator in programme.indicators.all():
        computation = computation_of(indicator)
        targets = {t.region.code: t.target for t in indicator.region_targets.all()}
        trend = [(q, figures.value(whole[q], WHOLE, indicator.definition)) for q in history]
        results.append(IndicatorResult(
            indicator=indicator, computation=computation, actual=trend[-1][1], trend=trend,
            regions=[(code, name, figures.value(by_region, code, indicator.definition), targets.get(code))
                     for code, name, _scope in region_slices]))
    return Report(programme, period, results,
                  breakdowns={dimension: breakdown(results, dimension, period, figures) for dimension in dimensions})
