"""One label as a PNG (for a label printer's driver or a message) or an SVG (for a designer),
drawn from the same layout as the PDF sheets, so every format shows the same label."""

from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.units import mm

from .label_codes import barcode_runs, pack_bits, qr_matrix
from .label_presets import DEFAULT_PRESET, get_preset
from .labels import FONT_FILES, barcode_module, layout, text_lines

SVG_FONT = "'DejaVu Sans Condensed', 'DejaVu Sans', 'Arial Narrow', sans-serif"


def _geometry(preset_code):
    preset = get_preset(preset_code)
    return preset, layout(*preset.label_content_size)


def _parts(label, lay):
    """The label's QR matrix, its barcode's left edge, module and bars, all in points, and its modules."""
    matrix = qr_matrix(label.url)
    runs, modules = barcode_runs(label.tag)
    module = barcode_module(lay, modules)
    return matrix, (lay.bar_w - modules * module) / 2, module, runs, modules


def render_png(label, preset_code=DEFAULT_PRESET, *, dpi=300):
    """The label at its printed size (the preset's label size) and `dpi`, as PNG bytes."""
    preset, lay = _geometry(preset_code)
    scale = dpi / 72  # pixels per point
    width, height = round(preset.label_w * mm * scale), round(preset.label_h * mm * scale)
    pad_x, pad_y = preset.pad_x * mm, preset.pad_y * mm

    def px(x, y):  # points from the content box's bottom-left -> pixels from the image's top-left
        return round((pad_x + x) * scale), round(height - (pad_y + y) * scale)

    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    matrix, bar_left, module, runs, modules = _parts(label, lay)
    n = len(matrix)
    qr = Image.frombytes("1", (n, n), pack_bits(matrix)).convert("L")
    side = round(lay.qr_side * scale)
    image.paste(qr.resize((side, side), Image.Resampling.NEAREST), px(lay.qr_x, lay.qr_y + lay.qr_side))
    # Whole pixels per module: bars rounded edge by edge come out 3 or 4 pixels wide at random, and
    # on the smallest labels a scanner then misreads one now and then. Centred where the layout has it.
    unit = max(1, int(module * scale + 1e-6))
    first = round((pad_x + bar_left + modules * module / 2) * scale - modules * unit / 2)
    _, top = px(0, lay.bar_y + lay.bar_h)
    _, bottom = px(0, lay.bar_y)
    for start, w in runs:
        draw.rectangle((first + start * unit, top, first + (start + w) * unit - 1, bottom - 1), fill=0)
    for style, size, x, y, text in text_lines(label, lay):
        font = ImageFont.truetype(str(FONT_FILES[style]), size=max(1, round(size * scale)))
        draw.text(px(x, y), text, font=font, fill=0, anchor="ls")
    out = BytesIO()
    image.convert("1").save(out, "PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def render_svg(label, preset_code=DEFAULT_PRESET):
    """The label as an SVG document sized in millimetres; the QR and the barcode are one path each."""
    preset, lay = _geometry(preset_code)
    w, h = preset.label_w * mm, preset.label_h * mm
    pad_x, pad_y = preset.pad_x * mm, preset.pad_y * mm

    def pt(x, y):
        return pad_x + x, h - (pad_y + y)

    matrix, bar_left, module, runs, _modules = _parts(label, lay)
    n = len(matrix)
    cell = lay.qr_side / n
    qx, qy = pt(lay.qr_x, lay.qr_y + lay.qr_side)
    qr_path = []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                end = c
                while end < n and row[end]:
                    end += 1
                qr_path.append(f"M{c} {r}h{end - c}v1h{c - end}z")
                c = end
            else:
                c += 1
    bx, by = pt(bar_left, lay.bar_y + lay.bar_h)
    bars = "".join(f"M{bx + s * module:.3f} {by:.3f}h{wd * module:.3f}v{lay.bar_h:.3f}h{-wd * module:.3f}z"
                   for s, wd in runs)
    texts = []
    for style, size, x, y, text in text_lines(label, lay):
        tx, ty = pt(x, y)
        weight = "bold" if style == "bold" else "normal"
        texts.append(f'<text x="{tx:.2f}" y="{ty:.2f}" font-size="{size:.2f}" font-weight="{weight}">'
                     f"{escape(text)}</text>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{preset.label_w}mm" height="{preset.label_h}mm" '
        f'viewBox="0 0 {w:.2f} {h:.2f}">'
        f"<title>{escape(label.display_tag)}</title>"
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f'<path transform="translate({qx:.3f} {qy:.3f}) scale({cell:.4f})" d="{"".join(qr_path)}" fill="#000"/>'
        f'<path d="{bars}" fill="#000"/>'
        f"<g font-family={quoteattr(SVG_FONT)} fill=\"#000\">{''.join(texts)}</g>"
        "</svg>\n"
    )
