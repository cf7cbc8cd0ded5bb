"""How coverage maps look: institution colours, the colour classes of a measure and the legend.
Plain HTML and numbers, no folium; logistics/maps.py draws with them."""

import html
import math

from django.utils.translation import gettext as _

KIND_COLOURS = {
    "general_school": "#4c78a8", "special_school": "#e45756", "pmpc": "#f58518", "oppc": "#b279a2",
    "isc": "#72b7b2", "rehab_centre": "#54a24b", "autism_centre": "#eeca3b", "university": "#9d755d",
    "college": "#bab0ac",
}
# Light to dark; for measures where more is better the scale is read the other way round.
PALETTE = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]
GOOD_PALETTE = list(reversed(PALETTE))
NO_DATA = "#d9d9d9"
FLAG_COLOUR = "#c00000"


def bins(values):
    """Five equal-interval classes over the finite values (one class when they are all equal)."""
    finite = [v for v in values if not math.isnan(v) and not math.isinf(v)]
    if not finite:
        return []
    low, high = min(finite), max(finite)
    if high == low:
        return [low, high]
    step = (high - low) / len(PALETTE)
    return [low + i * step for i in range(len(PALETTE))] + [high]


def colour(value, bins, palette):
    if value is None or math.isnan(value) or not bins:
        return NO_DATA
    for i in range(len(bins) - 1, 0, -1):
        if value >= bins[i - 1] and i - 1 < len(palette):
            return palette[min(i - 1, len(palette) - 1)]
    return palette[0]


def number(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{digits}f}".replace(",", " ")
    return f"{int(value):,}".replace(",", " ")


def swatch(colour):
    """The class that paints a legend swatch or a marker in `colour` (one of the colours above).

    Colours go through classes, never style="" attributes: the map's Content-Security-Policy lets
    only its own <style> block style anything."""
    return "c-" + colour.lstrip("#").lower()


def _swatch_rules():
    colours = {*PALETTE, NO_DATA, *KIND_COLOURS.values()}
    return "\n".join(f" .{swatch(c)} {{background:{c}}}" for c in sorted(colours))


def legend_html(measure_label, bins, palette, kind_labels, ring_km):
    rows = []
    if bins:
        # Enough decimals that neighbouring class limits differ: 0.0012 – 0.0024, not 0.00 – 0.00.
        step = (bins[-1] - bins[0]) / max(len(bins) - 1, 1)
        digits = max(0, min(4, -math.floor(math.log10(step)))) if step > 0 else 2
        for i in range(max(len(bins) - 1, 1)):
            low, high = bins[i], bins[min(i + 1, len(bins) - 1)]
            rows.append(f'<div><i class="{swatch(palette[min(i, len(palette) - 1)])}"></i>'
                        f'{number(low, digits)} – {number(high, digits)}</div>')
    no_data = html.escape(_("no data"))  # outside the f-string, where makemessages finds it
    rows.append(f'<div><i class="{swatch(NO_DATA)}"></i>{no_data}</div>')
    kinds = "".join(f'<div><i class="dot {swatch(colour)}"></i>{html.escape(str(kind_labels[k]))}</div>'
                    for k, colour in KIND_COLOURS.items() if k in kind_labels)
    gap = html.escape(_("Gap: no special organisation, or far more children per organisation than the region"))
    far = html.escape(_("School more than %(km)s km away") % {"km": number(ring_km)})
    kinds_title = html.escape(_("Institution types"))
    return f"""
<style>
 .coverage-legend {{position:absolute; z-index:1000; bottom:34px; left:8px; background:rgba(255,255,255,.92);
   padding:4px 8px; font:11px/1.3 system-ui, sans-serif; box-shadow:0 1px 4px rgba(0,0,0,.4); border-radius:4px;
   max-width:180px; max-height:40%; overflow:auto}}
 .leaflet-control-scale-line:not(:first-child) {{display:none}}
 .leaflet-control-attribution {{font-size:10px; line-height:1.3}}
 .leaflet-control-attribution a {{color:#004a70; text-decoration:underline}}
 @media (max-width: 640px) {{ .leaflet-control-attribution {{font-size:9px; max-width:70%}} }}
 .coverage-legend > summary {{white-space:nowrap; overflow:hidden; text-overflow:ellipsis}}
 .coverage-legend i {{display:inline-block; width:12px; height:12px; margin-right:5px; vertical-align:-2px;
   border:1px solid #999}}
 .coverage-legend i.dot {{border-radius:50%}}
 .coverage-legend .flag {{color:{FLAG_COLOUR}; font-weight:bold}}
 .inst-dot {{display:block; width:12px; height:12px; border-radius:50%; border:2px solid #fff;
   box-shadow:0 0 2px #000; margin:4px}}
 .gap-flag-icon {{width:auto !important; height:auto !important; background:none; border:0}}
 .gap-flag {{position:absolute; transform:translate(-50%, -50%); background:{FLAG_COLOUR}; color:#fff;
   font:bold 11px/1.2 system-ui, sans-serif; padding:2px 5px; border-radius:3px; box-shadow:0 1px 4px rgba(0,0,0,.5);
   text-align:center; white-space:nowrap; max-width:140px; overflow:hidden; text-overflow:ellipsis}}
 .gap-flag.compact {{padding:1px 4px}}
 .gap-flag.compact .name {{display:none}}
 .gap-flag.crowded {{visibility:hidden}}
 .leaflet-control-layers {{font:11px/1.25 system-ui, sans-serif}}
 .leaflet-control-layers-expanded {{padding:4px 6px; max-width:180px}}
 .leaflet-control-layers-expanded label {{margin:1px 0}}
 .leaflet-control-layers-selector {{width:24px; height:24px; margin:0 4px 0 0; flex:none}}
 .leaflet-control-layers label > span {{display:flex; align-items:center}}
 .leaflet-control-layers label > span > span {{white-space:nowrap; overflow:hidden; text-overflow:ellipsis}}
 .leaflet-control-layers-separator {{margin:3px -6px 3px -6px}}
 .coverage-legend summary {{cursor:pointer; font-weight:bold; line-height:24px}}
 .coverage-legend details.kinds summary {{font-weight:normal; color:#333; margin-top:4px}}
 .inst-popup a {{display:inline-block; margin-top:4px}}
 .flag-text {{color:{FLAG_COLOUR}}}
 .coverage-legend i.gap-outline {{border:3px dashed {FLAG_COLOUR}}}
 .coverage-legend i.far-school {{border:2px solid {FLAG_COLOUR}}}
{_swatch_rules()}
</style>
<details class="coverage-legend" data-testid="map-legend" open>
 <summary>{html.escape(measure_label)}</summary>{''.join(rows)}
 <div class="flag"><i class="gap-outline"></i>{gap}</div>
 <div><i class="dot far-school"></i>{far}</div>
 <details class="kinds"><summary>{kinds_title}</summary>{kinds}</details>
</details>
"""
