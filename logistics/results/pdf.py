"""The quarterly progress report as PDF: a narrative in the reader's language, the indicators
against their targets, a trend chart for each, and a table for each region.

Pure: everything it shows comes from the Report it is given, and the PDF is written with
reportlab's `invariant` flag, so the same report gives the same bytes. Fonts are the DejaVu
faces the acceptance acts use (they cover Cyrillic and the Kazakh letters).
"""

import io

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..act_pdf import register_fonts

BAR = "#2f6fb0"
TARGET = "#c0392b"


def _fmt(value):
    if value is None:
        return "—"
    number = float(value)
    return number_format(int(number) if number.is_integer() else round(number, 1), force_grouping=True)


def _sentence(result):
    name = result.indicator.name
    if result.actual is None:
        return _("%(name)s: not measured yet; a verification round on site has not run.") % {"name": name}
    if result.indicator.target is None:
        return _("%(name)s: %(actual)s.") % {"name": name, "actual": _fmt(result.actual)}
    if result.percent_of_target is not None:
        return _("%(name)s: %(actual)s against a target of %(target)s (%(percent)s%% of the target).") % {
            "name": name, "actual": _fmt(result.actual), "target": _fmt(result.indicator.target),
            "percent": result.percent_of_target}
    return _("%(name)s: %(actual)s against a target of %(target)s.") % {
        "name": name, "actual": _fmt(result.actual), "target": _fmt(result.indicator.target)}


def _chart(result, width, height):
    """Bars by quarter and the target as a dashed line; quarters without a figure draw nothing."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.lib import colors

    values = [None if v is None else float(v) for _q, v in result.trend]
    target = None if result.indicator.target is None else float(result.indicator.target)
    top = max([v for v in values if v is not None] + [target or 0, 1])
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 18, width - 40, height - 34
    chart.data = [[v or 0 for v in values]]
    chart.bars[0].fillColor = colors.HexColor(BAR)
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top * 1.05
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = "ActSans"
    chart.valueAxis.labels.fontSize = chart.categoryAxis.labels.fontSize = 6
    every = -(-len(values) // 4)
    chart.categoryAxis.categoryNames = [str(q) if (len(values) - 1 - i) % every == 0 else ""
                                        for i, (q, _v) in enumerate(result.trend)]
    drawing.add(chart)
    if target is not None:
        y = chart.y + chart.height * target / (top * 1.05)
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=colors.HexColor(TARGET),
                         strokeDashArray=[3, 2], strokeWidth=0.8))
    drawing.add(String(0, height - 9, result.indicator.name[:70], fontName="ActSans-Bold", fontSize=7))
    return drawing


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import TableStyle

    body = ParagraphStyle("body", fontName="ActSans", fontSize=9, leading=12)
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=body, fontName="ActSans-Bold", fontSize=15, leading=19),
        "section": ParagraphStyle("section", parent=body, fontName="ActSans-Bold", fontSize=11, leading=14,
                                  spaceBefore=10, spaceAfter=4),
        "grid": TableStyle([("FONT", (0, 0), (-1, -1), "ActSans", 8), ("FONT", (0, 0), (-1, 0), "ActSans-Bold", 8),
                            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                            ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
    }


def _story(report, st, width):
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    programme, period = report.programme, report.period
    story = [
        Paragraph(_("Quarterly progress report, %(period)s") % {"period": period}, st["head"]),
        Paragraph(f"{programme.name} · {programme.funder_reference}", st["body"]),
        Spacer(1, 4 * mm),
        Paragraph(_("Results as they stood at the end of %(period)s (%(day)s), computed from the recorded "
                    "deliveries, receipts and acceptance acts.") % {"period": period,
                                                                     "day": period.last_day.isoformat()},
                  st["body"]),
        Spacer(1, 2 * mm),
        *[Paragraph("• " + _sentence(r), st["body"]) for r in report.results],
        Paragraph(_("Indicators"), st["section"]),
    ]
    # xgettext:no-python-format
    share = _("% of target")
    rows = [[_("Indicator"), _("Baseline"), _("Target"), _("Actual"), share]]
    rows += [[Paragraph(r.indicator.name, st["cell"]), _fmt(r.indicator.baseline), _fmt(r.indicator.target),
              _fmt(r.actual), "—" if r.percent_of_target is None else f"{r.percent_of_target}%"]
             for r in report.results]
    story.append(Table(rows, colWidths=[width - 100 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm], style=st["grid"],
                       repeatRows=1))
    story.append(Paragraph(_("Trend by quarter"), st["section"]))
    charts = [_chart(r, width / 2 - 4, 120) for r in report.results]
    pairs = [charts[i:i + 2] + [""] * (2 - len(charts[i:i + 2])) for i in range(0, len(charts), 2)]
    story.append(Table(pairs, colWidths=[width / 2, width / 2]))
    for code, name in _regions(report):
        story.append(Paragraph(_("Region: %(name)s") % {"name": name}, st["section"]))
        rows = [[_("Indicator"), _("Actual"), _("Regional target")]]
        rows += [[Paragraph(r.indicator.name, st["cell"]), _fmt(value), _fmt(target)]
                 for r in report.results for c, _n, value, target in r.regions if c == code]
        story.append(Table(rows, colWidths=[width - 60 * mm, 30 * mm, 30 * mm], style=st["grid"], repeatRows=1))
    return story


def render(report):
    """The report as PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, invariant=True,
                            title=_("Quarterly progress report, %(period)s") % {"period": report.period},
                            author=report.programme.funder_reference)
    doc.build(_story(report, _styles(), A4[0] - 30 * mm), onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _regions(report):
    seen = {}
    for result in report.results:
        for code, name, _value, _target in result.regions:
            seen.setdefault(code, name)
    return list(seen.items())


def _footer(canvas, doc):
    canvas.saveState()
    canvas.setFont("ActSans", 7)
    canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 8 * 2.83,
                           _("Page %(number)s") % {"number": doc.page})
    canvas.restoreState()
