"""The programme's results as an .xlsx workbook: every table of the report, one sheet each.

Text goes through `safe_cell` (a name could begin with "="). The file is made reproducible:
the workbook's dates and every zip member's time are the period's end, so the same period
gives the same bytes however often, and whenever, it is written.
"""

import io
import re
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.spreadsheets import safe_cell

from .breakdowns import DIMENSIONS


def _number(value):
    return None if value is None else (int(value) if float(value).is_integer() else float(value))


def _sheet(book, title, header, rows):
    sheet = book.create_sheet(title[:31])
    sheet.append([safe_cell(str(h)) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "B2"
    return sheet


def _tables(report):
    """(sheet title, header, rows) for each table: the indicators, the trend, the regions."""
    results = report.results
    # xgettext:no-python-format
    share = _("% of target")
    indicators = (_("Indicators"), [_("Code"), _("Indicator"), _("Baseline"), _("Target"), _("Actual"), share],
                  [[r.indicator.code, r.indicator.name, _number(r.indicator.baseline), _number(r.indicator.target),
                    _number(r.actual), r.percent_of_target] for r in results])
    quarters = [str(q) for q, _v in results[0].trend] if results else []
    trend = (_("Trend by quarter"), [_("Indicator"), *quarters],
             [[r.indicator.name, *[_number(v) for _q, v in r.trend]] for r in results])
    regions = (_("By region"), [_("Region"), _("Indicator"), _("Actual"), _("Regional target")],
               [[name, r.indicator.name, _number(value), _number(target)]
                for r in results for _code, name, value, target in r.regions])
    return [indicators, trend, regions, *[_breakdown_table(report, dimension) for dimension in report.breakdowns]]


def _breakdown_table(report, dimension):
    label = DIMENSIONS[dimension][0]
    return (str(label), [label, *[r.indicator.name for r in report.results]],
            [[str(row["label"]), *[_number(v) for _i, v in row["values"]]] for row in report.breakdowns[dimension]])


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_times(data, when):
    """The same archive with every member dated `when`: openpyxl stamps the members, and the
    workbook's "modified" property, with the clock at saving."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6]), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render(report):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in _tables(report):
        _sheet(book, title, header, rows)
    when = timezone.localtime(report.period.end).replace(tzinfo=None)
    book.properties.created = book.properties.modified = when
    book.properties.title = safe_cell(f"{report.programme.name} · {report.period}")
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue(), when)
