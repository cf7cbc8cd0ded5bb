"""The project manager's coverage page: filters, the map (in a frame of its own) and the same
figures as a sortable table, exportable to .xlsx and .csv."""

import csv
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin

from inventory.models import Area, DevelopmentSphere, Item, NeedCategory
from inventory.spreadsheets import safe_cell

from .. import coverage_data, coverage_report
from ..models import ChildrenInNeed
from ..permissions import can_view_coverage


class CoverageFilters(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False, empty_value=None)
    need = forms.ChoiceField(label=gettext_lazy("Category of need"), required=False)
    sphere = forms.ChoiceField(label=gettext_lazy("Development sphere"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Equipment category"), required=False)
    measure = forms.ChoiceField(label=gettext_lazy("Map measure"), required=False)

    def __init__(self, data, regions):
        super().__init__(data)
        self.regions = {r.code: r for r in regions}
        anything = [("", _("all"))]
        self.fields["region"].choices = [(r.code, r.name) for r in regions]
        years = sorted(set(ChildrenInNeed.objects.values_list("year", flat=True)), reverse=True)
        self.fields["year"].choices = [(y, y) for y in years] or [("", "—")]
        self.fields["need"].choices = anything + [(n.code, n.name) for n in NeedCategory.objects.all()]
        self.fields["sphere"].choices = anything + [(s.code, s.name) for s in DevelopmentSphere.objects.all()]
        self.fields["category"].choices = anything + list(Item.Category.choices)
        self.fields["measure"].choices = [(k, label) for k, (label, _good) in coverage_report.MEASURES.items()]
        self.default_year = years[0] if years else None

    def chosen_region(self):
        """The region asked for, or else the first one with districts in the register."""
        code = self.cleaned_data.get("region")
        if code:
            return self.regions[code]
        populated = set(Area.objects.filter(parent__in=self.regions.values()).values_list("parent__code", flat=True))
        return next((r for r in self.regions.values() if r.code in populated), None)

    def filters(self):
        data = self.cleaned_data
        return coverage_report.Filters(year=data.get("year") or self.default_year, need=data.get("need", ""),
                                       sphere=data.get("sphere", ""), category=data.get("category", ""),
                                       measure=data.get("measure") or "children_per_org")


def _report(request):
    """(form, report or None). The report is None when a filter value does not exist or there is no region."""
    if not can_view_coverage(request.user):
        raise PermissionDenied
    regions = list(coverage_data.regions())
    form = CoverageFilters(request.GET, regions)
    if not form.is_valid() or form.chosen_region() is None:
        return form, None
    region = form.chosen_region()
    if not request.GET.get("region") or not request.GET.get("year"):
        # Show the defaults the report used in the form, so the lists say what the page shows.
        data = request.GET.copy()
        data["region"], data["year"] = region.code, data.get("year") or form.default_year or ""
        form = CoverageFilters(data, regions)
        form.is_valid()
    return form, coverage_report.build(region, coverage_data.load(region), form.filters())


@login_required
def coverage_page(request):
    form, report = _report(request)
    if report is None:
        return render(request, "logistics/coverage/page.html", {"form": form, "no_region": form.is_valid()},
                      status=400 if not form.is_valid() else 200)
    return render(request, "logistics/coverage/page.html", {
        "form": form, "report": report, "columns": coverage_report.columns(), "rows": coverage_report.rows(report),
        "query": request.GET.urlencode(), "measure_label": coverage_report.MEASURES[report.filters.measure][0],
        "need_names": {n.code: n.name for n in NeedCategory.objects.all()},
    })


@login_required
@xframe_options_sameorigin
def coverage_map(request):
    _form, report = _report(request)
    if report is None:
        return HttpResponse(_("Choose existing filter values."), status=400, content_type="text/plain; charset=utf-8")
    standalone = request.GET.get("download") == "1"
    response = HttpResponse(coverage_report.map_html(report, standalone=standalone),
                            content_type="text/html; charset=utf-8")
    if standalone:
        response["Content-Disposition"] = f'attachment; filename="coverage-{report.region.code}.html"'
    return response


@login_required
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
