"""The project manager's coverage page: filters, the map (in a frame of its own) and the same
figures as a sortable table, exportable to .xlsx and .csv."""

import csv
import hashlib
import io

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.gzip import gzip_page

from config.policies import framed_by_own_pages
from inventory import data_version
from inventory.models import Area, DevelopmentSphere, Item, NeedCategory
from inventory.permissions import allowed, may_view_coverage
from inventory.spreadsheets import safe_cell

from .. import coverage, coverage_data, coverage_report, map_background
from ..models import ChildrenInNeed


class CoverageFilters(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False, empty_value=None)
    need = forms.ChoiceField(label=gettext_lazy("Category of need"), required=False)
    sphere = forms.ChoiceField(label=gettext_lazy("Development sphere"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Equipment category"), required=False)
    measure = forms.ChoiceField(label=gettext_lazy("Map measure"), required=False)
    km = forms.IntegerField(label=gettext_lazy("Distance, km"), required=False, min_value=1, max_value=500,
                            widget=forms.NumberInput(attrs={"size": 4, "placeholder": "50"}))

    def __init__(self, data, regions):
        years = sorted(set(ChildrenInNeed.objects.values_list("year", flat=True)), reverse=True)
        populated = set(Area.objects.filter(parent__in=regions).values_list("parent__code", flat=True))
        # Unset region and year default to the first region with districts and the latest year; they
        # go into the bound data so the lists show what the page shows.
        data = data.copy()
        if not data.get("region"):
            data["region"] = next((r.code for r in regions if r.code in populated), "")
        if not data.get("year") and years:
            data["year"] = str(years[0])
        super().__init__(data)
        self.regions = {r.code: r for r in regions}
        anything = [("", _("all"))]
        self.fields["region"].choices = [(r.code, r.name) for r in regions]
        self.fields["year"].choices = [(y, y) for y in years] or [("", "—")]
        self.fields["need"].choices = anything + [(n.code, n.name) for n in NeedCategory.objects.all()]
        self.fields["sphere"].choices = anything + [(s.code, s.name) for s in DevelopmentSphere.objects.all()]
        self.fields["category"].choices = anything + list(Item.Category.choices)
        self.fields["measure"].choices = [(k, label) for k, (label, _good) in coverage_report.MEASURES.items()]

    def chosen_region(self):
        return self.regions.get(self.cleaned_data.get("region"))

    def filters(self):
        data = self.cleaned_data
        return coverage_report.Filters(year=data.get("year"), need=data.get("need", ""),
                                       sphere=data.get("sphere", ""), category=data.get("category", ""),
                                       measure=data.get("measure") or "children_per_org",
                                       distance_km=float(data.get("km") or coverage.DEFAULT_DISTANCE_KM))


def _report(request):
    """(form, report or None). The report is None when a filter value does not exist or there is no region."""
    form = CoverageFilters(request.GET, list(coverage_data.regions()))
    if not form.is_valid() or form.chosen_region() is None:
        return form, None
    return form, cached_report(form.chosen_region(), form.filters())


def cached_report(region, filters):
    """The region's report, built once per region, filters and version of the data (the page and the API):
    a large region's analysis takes a second."""
    key = hashlib.sha256(repr((region.pk, filters, translation.get_language())).encode()).hexdigest()
    return data_version.cached(f"coverage:{key}", coverage_data.version(),
                               lambda: coverage_report.build(region, coverage_data.load(region), filters))


@allowed(may_view_coverage)
def coverage_page(request):
    form, report = _report(request)
    if report is None:
        return render(request, "logistics/coverage/page.html", {"form": form, "no_region": form.is_valid()},
                      status=400 if not form.is_valid() else 200)
    return render(request, "logistics/coverage/page.html", {
        "form": form, "report": report, "columns": coverage_report.columns(),
        "key_columns": coverage_report.KEY_COLUMNS, "rows": coverage_report.rows(report),
        "query": request.GET.urlencode(), "measure_label": coverage_report.MEASURES[report.filters.measure][0],
        "need_names": {n.code: n.name for n in NeedCategory.objects.all()},
        "breakdowns": [(_("Delivered equipment by category of need"), report.by_need, "by-need"),
                       (_("Delivered equipment by development sphere"), report.by_sphere, "by-sphere")],
    })


@allowed(may_view_coverage)
@xframe_options_sameorigin
@framed_by_own_pages
def coverage_map(request):
    _form, report = _report(request)
    if report is None:
        return HttpResponse(_("Choose existing filter values."), status=400, content_type="text/plain; charset=utf-8")
    standalone = request.GET.get("download") == "1"
    # A saved file is opened from disk, outside any policy; the framed map runs under ours.
    nonce = "" if standalone else str(request.csp_nonce)
    response = HttpResponse(coverage_report.map_html(report, standalone=standalone, nonce=nonce),
                            content_type="text/html; charset=utf-8")
    if standalone:
        response["Content-Disposition"] = f'attachment; filename="coverage-{report.region.code}.html"'
    return response


@allowed(may_view_coverage)
@gzip_page               # public boundaries, no secret to leak through compression; 390 kB become 100 kB
@cache_control(private=True, max_age=86400)
def coverage_background(request):
    """The map's offline background (regions and districts), served by the app so it needs no internet."""
    return HttpResponse(map_background.background_geojson(), content_type="application/geo+json")


@allowed(may_view_coverage)
def coverage_export(request, fmt):
    form, report = _report(request)
    if report is None:
        return render(request, "logistics/coverage/page.html", {"form": form}, status=400)
    columns = coverage_report.columns()
    header = [str(label) for _key, label in columns]
    body = [[safe_cell(row[key]) for key, _label in columns] for row in coverage_report.rows(report)]
    name = f"coverage-{report.region.code}-{report.filters.year or 'all'}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(body)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Coverage")[:31]
        sheet.append(header)
        for row in body:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
