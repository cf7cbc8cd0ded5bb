"""Trend charts drawn on the server as SVG: no script, no CDN, and they scale to a phone.

The SVG is written with `format_html`, so every label is escaped. Colours come from the
stylesheet through class names (the Content-Security-Policy allows no inline styles).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 26


def _number(value):
    """1830, 73.7 or —: no trailing zeros from a decimal field."""
    if value is None:
        return "—"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def trend_svg(points, *, target=None, title=""):
    """A bar per quarter, [(label, value or None)], with the target as a dashed line.

    Empty quarters (no figure yet) draw no bar. The chart is aria-hidden: its numbers are in the
    table beside it, which a screen reader reads instead.
    """
    values = [float(v) for _label, v in points if v is not None]
    top = max([*values, float(target or 0), 1.0])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points), 1)
    bar_w = max(step * 0.7, 2)

    def y(value):
        return TOP + plot_h * (1 - float(value) / top)

    bars, labels = [], []
    every = -(-len(points) // 4)  # at most 4 or 5 axis labels, or they overlap on a phone
    for i, (label, value) in enumerate(points):
        x = LEFT + i * step + (step - bar_w) / 2
        if value is not None:
            bars.append((f"{x:.1f}", f"{y(value):.1f}", f"{bar_w:.1f}", f"{TOP + plot_h - y(value):.1f}",
                         f"{label}: {_number(value)}"))
        if (len(points) - 1 - i) % every == 0:  # counted from the latest quarter, which is always labelled
            labels.append((f"{x + bar_w / 2:.1f}", f"{HEIGHT - 8}", str(label)))
    target_line = ""
    if target is not None:
        ty = f"{y(target):.1f}"
        target_line = format_html(
            '<line class="target" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="target-label" x="{}" y="{}">{}</text>',
            LEFT, WIDTH - RIGHT, ty, ty, WIDTH - RIGHT, float(ty) - 3,
            _("target %(value)s") % {"value": _number(target)})
    return format_html(
        '<svg class="trend" viewBox="0 0 {} {}" role="img" aria-label="{}" focusable="false">'
        '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}">{}</text><text class="tick" x="{}" y="{}">0</text>'
        "{}{}{}</svg>",
        WIDTH, HEIGHT, title, LEFT, WIDTH - RIGHT, TOP + plot_h, TOP + plot_h,
        LEFT - 4, TOP + 8, _number(top), LEFT - 4, TOP + plot_h,
        format_html_join("", '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>', bars),
        target_line,
        format_html_join("", '<text class="quarter" x="{}" y="{}">{}</text>', labels) or mark_safe(""),
    )
