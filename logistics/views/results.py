"""The programme's results for managers: each indicator against its target, its trend by
quarter, a breakdown, and the institutions or units behind any number."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from inventory import data_version
from inventory.permissions import allowed, may_view_results

from ..results import breakdowns, charts, report
from ..results.grouping import WHOLE
from ..results.indicators import Scope, computation_of
from ..results.periods import Quarter
from ..results.snapshots import Figures


class ResultsFilters(forms.Form):
    period = forms.ChoiceField(label=_("As of the end of"), required=False)
    dimension = forms.ChoiceField(label=_("Break down by"), required=False,
                                  choices=[(k, label) for k, (label, _f) in breakdowns.DIMENSIONS.items()])

    def __init__(self, data, periods):
        super().__init__(data)
        self.fields["period"].choices = [(str(q), str(q)) for q in reversed(periods)]

    def chosen(self, periods):
        """(period, dimension): what was asked for, or the latest quarter by region."""
        data = self.cleaned_data if self.is_valid() else {}
        period = Quarter.parse(data["period"]) if data.get("period") else periods[-1]
        return period, data.get("dimension") or "region"


@allowed(may_view_results)
def results_page(request):
    programme = report.default_programme()
    if programme is None:
        return render(request, "logistics/results/page.html", {"programme": None})
    periods = report.programme_quarters(programme, report.current_quarter())
    form = ResultsFilters(request.GET, periods)
    period, dimension = form.chosen(periods)
    # Every indicator over every quarter reads the whole history: built once per version of the data.
    built = data_version.cached(
        f"results:{programme.pk}:{period}:{dimension}:{translation.get_language()}", report.version(),
        lambda: report.build(programme, period, regions=False, dimensions=[dimension]))
    for result in built.results:
        result.chart = charts.trend_svg([(str(q), v) for q, v in result.trend], target=result.indicator.target,
                                        title=result.indicator.name)
    return render(request, "logistics/results/page.html", {
        "programme": programme, "report": built, "form": form, "period": period, "dimension": dimension,
        "dimension_label": breakdowns.DIMENSIONS[dimension][0],
        "breakdown": built.breakdowns[dimension],
    })


def _figure(period, dimension, key, definition):
    """One number of the page, from the same grouped figures (a closed quarter's are stored)."""
    dimension = dimension or WHOLE
    figures = Figures()
    table = data_version.cached(f"results-table:{period}:{dimension}", report.version(),
                                lambda: figures.tables([period], dimension)[period])
    return figures.value(table, key or WHOLE, definition)


@allowed(may_view_results)
def results_behind(request):
    """The institutions or units one number counts: an indicator, a period, and perhaps a slice."""
    programme = report.default_programme()
    indicator = programme and programme.indicators.filter(code=request.GET.get("indicator", "")).first()
    if indicator is None:
        raise Http404
    try:
        period = Quarter.parse(request.GET.get("period") or str(report.current_quarter()))
    except ValueError:
        raise Http404 from None
    dimension, key = request.GET.get("dimension", ""), request.GET.get("key", "")
    scope = breakdowns.scope_of(dimension, key) if dimension else Scope()
    if scope is None:
        raise Http404
    computation = computation_of(indicator)
    value = _figure(period, dimension, key, indicator.definition)
    # An empty figure (nothing measured yet) has nothing behind it to list.
    kind, rows = computation.behind(period.end, scope) if computation.behind and value is not None else (None, None)
    selected = {"indicator": indicator.code, "period": str(period), "dimension": dimension, "key": key}
    page = _behind_page(request, kind, rows, selected) if rows is not None else None
    slice_label = next((label for k, label, _s in breakdowns.slices(dimension) if k == key), "") if dimension else ""
    return render(request, "logistics/results/behind.html", {
        "indicator": indicator, "computation": computation, "period": period, "kind": kind, "page": page,
        "slice_label": slice_label,
        "value": value,
        "selected": selected,
    })


def _behind_page(request, kind, rows, selected):
    """A page of the institutions or units behind a number, with one count per version of the data.

    Everyone who may see results sees every institution and unit (may_view_results), so the rows
    need no visibility filter: over a million units that filter was a semi-join on every page."""
    related = ("area",) if kind == "institutions" else ("item", "holder")
    paginator = Paginator(rows.select_related(*related).order_by("pk"), 50)
    name = "results-behind:" + ":".join(selected.values())
    paginator.count = data_version.cached(name, data_version.units_and_institutions(), rows.count)
    return paginator.get_page(request.GET.get("page"))
