"""QR labels: units in, PDF sheets (or one label as PNG/SVG, see label_images) out. Pure code.

A label carries a QR code of the unit's page (`SITE_URL/u/<tag>`) for phone cameras, a Code128
barcode of the tag alone for handheld scanners, the tag in large type, the item's name in the
chosen language, the destination institution and the programme's name.

Speed matters: an import of 20,000 units is printed at once (see label_codes for the QR
encoder). Each QR is drawn as one 1-bit image and the barcode as one path, so a label costs a few
hundred bytes; reportlab embeds only the glyphs used (font subsets).
"""

import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .label_codes import BatchQREncoder, LabelError, barcode_runs
from .label_presets import get_preset

__all__ = ["Label", "LabelError", "labels_for", "render_calibration", "render_sheets", "room_labels"]

FONT_DIR = Path(__file__).resolve().parent / "fonts" / "dejavu"
FONT_FILES = {"regular": FONT_DIR / "DejaVuSansCondensed.ttf", "bold": FONT_DIR / "DejaVuSansCondensed-Bold.ttf"}
FONTS = {"regular": "LabelSans", "bold": "LabelSans-Bold"}
MAX_LABELS = 50_000  # about 2,100 sheets: more than one import has ever delivered in one go
MAX_COPIES = 10
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


@dataclass(frozen=True)
class Label:
    """What one label shows, already in the chosen language."""

    tag: str
    display_tag: str
    url: str
    item_name: str
    holder_name: str
    programme: str


def labels_for(units, language, *, site_url, programme):
    """Labels for units (with item and holder loaded) in `language`, in the order given."""
    with override(language):
        for unit in units:
            yield Label(
                tag=unit.asset_tag,
                display_tag=unit.display_tag,
                url=f"{site_url.rstrip('/')}/u/{unit.asset_tag}",
                item_name=unit.item.name_in(language),
                holder_name=unit.holder.name if unit.holder_id else "",
                programme=str(programme),  # a translated name, worded in the label's language
            )


def room_labels(rooms, language, *, site_url, programme):
    """Labels for rooms (with institution loaded): the QR code opens `/r/<code>`, scanned on the
    installation page it chooses the room. They print on the same sheets as units' labels."""
    with override(language):
        for room in rooms:
            yield Label(
                tag=room.code,
                display_tag=room.display_code,
                url=f"{site_url.rstrip('/')}/r/{room.code}",
                item_name=_("Room: %(name)s") % {"name": room.name},
                holder_name=room.institution.name,
                programme=str(programme),  # a translated name, worded in the label's language
            )


# --- Fonts and text -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def register_fonts():
    """Register the label fonts once; return the characters both of them can draw."""
    for style, path in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(FONTS[style], str(path)))
    regular, bold = (frozenset(pdfmetrics.getFont(FONTS[s]).face.charToGlyph) for s in ("regular", "bold"))
    return regular & bold


def unprintable_characters(text):
    """The characters of `text` the label font has no glyph for (shown to the user as a warning)."""
    glyphs = register_fonts()
    return sorted({c for c in unicodedata.normalize("NFC", text) if ord(c) not in glyphs and c.isprintable()})


@lru_cache(maxsize=4096)
def printable(text):
    """`text` as the font can print it: a letter it lacks becomes its unaccented form if that
    exists, otherwise a visible replacement mark, never a silent gap or a broken PDF."""
    glyphs = register_fonts()
    out = []
    for c in unicodedata.normalize("NFC", text or ""):
        if not c.isprintable():
            out.append(" ")
        elif ord(c) in glyphs:
            out.append(c)
        else:
            base = "".join(b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b))
            out.append(base if base and all(ord(b) in glyphs for b in base) else REPLACEMENT)
    return " ".join("".join(out).split())


@lru_cache(maxsize=4096)
def fit_lines(text, style, size, width, max_lines):
    """Word-wrap `text` into at most `max_lines` lines of `width` points; the last ends in … if cut."""
    lines, rest = _wrap(text, style, size, width, max_lines)
    if rest and lines:
        font, last = FONTS[style], lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return tuple(lines)


def _wrap(text, style, size, width, max_lines):
    """(lines, words left over) of `text` word-wrapped into at most `max_lines` lines."""
    font = FONTS[style]
    width_of = pdfmetrics.stringWidth
    words, lines = printable(text).split(), []
    while words and len(lines) < max_lines:
        line, overflow = words.pop(0), ""
        while len(line) > 1 and width_of(line, font, size) > width:  # a word longer than a line: split it
            line, overflow = line[:-1], line[-1] + overflow
        if overflow:
            words.insert(0, overflow)
        while words and width_of(f"{line} {words[0]}", font, size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    return lines, words


# An item's name shrinks to this share of the body size (never below 5 pt) and takes a third line
# before it is cut: a Kazakh name is often half as long again as the Russian one.
SMALLEST_ITEM_SCALE = 0.75
SMALLEST_ITEM_PT = 5.0


def fit_item(text, size, width):
    """(size, lines) of an item's name: two lines at the body size or smaller, then three, then cut."""
    smallest = max(SMALLEST_ITEM_PT, size * SMALLEST_ITEM_SCALE)
    sizes = [s for s in (size, size * 0.9, size * 0.8) if s > smallest] + [min(size, smallest)]
    for max_lines in (2, 3):
        for candidate in sizes:
            lines, rest = _wrap(text, "bold", candidate, width, max_lines)
            if not rest:
                return candidate, tuple(lines)
    return sizes[-1], fit_lines(text, "bold", sizes[-1], width, 3)


def fit_size(text, style, largest, width):
    """The largest size up to `largest` at which `text` fits on one line `width` wide."""
    natural = pdfmetrics.stringWidth(text, FONTS[style], largest)
    return largest if natural <= width else largest * width / natural


# --- Layout: where everything goes on a label of a given size --------------------------------

@dataclass(frozen=True)
class Layout:
    """Positions in points from the content box's bottom-left corner."""

    qr_x: float
    qr_y: float
    qr_side: float
    bar_y: float
    bar_h: float
    bar_w: float
    text_x: float
    text_w: float
    text_top: float
    tag_size: float
    body_size: float
    small_size: float
    width: float
    height: float


@lru_cache(maxsize=16)
def layout(width_mm, height_mm):
    """The layout for a content box `width_mm` × `height_mm`: QR on the left, text beside it,
    the barcode across the bottom (wide bars scan from further away)."""
    w, h = width_mm * mm, height_mm * mm
    scale = max(0.75, min(h / (29 * mm), w / (61 * mm), 1.6))
    bar_h = max(5 * mm, min(h * 0.2, 9 * mm))
    gap = 1.2 * mm * scale
    qr_side = min(h - bar_h - gap, w * 0.4)
    text_x = qr_side + 2.5 * mm * scale  # the QR's quiet zone: text keeps its distance
    return Layout(
        qr_x=0.0, qr_y=h - qr_side, qr_side=qr_side, bar_y=0.0, bar_h=bar_h, bar_w=w,
        text_x=text_x, text_w=w - text_x, text_top=h, tag_size=15 * scale, body_size=7 * scale,
        small_size=5.5 * scale, width=w, height=h,
    )


def text_lines(label, lay):
    """(style, size, x, baseline, text) of every line of text, top to bottom."""
    register_fonts()
    out = []
    tag_size = fit_size(label.display_tag, "bold", lay.tag_size, lay.text_w)
    y = lay.text_top - tag_size * 0.8
    out.append(("bold", tag_size, lay.text_x, y, label.display_tag))
    y -= lay.body_size * 0.5
    # The programme's name shrinks to fit before it is cut: it is the same on every label.
    small = max(4.5, fit_size(printable(label.programme), "regular", lay.small_size, lay.text_w))
    # The item takes what it needs (see fit_item); the destination has the lines left above the
    # programme's, three at most (a long school name needs them; a warehouse sorts by it).
    item_size, item = fit_item(label.item_name, lay.body_size, lay.text_w)
    for line in item:
        y -= item_size * 1.15
        out.append(("bold", item_size, lay.text_x, y, line))
    room = int((y - lay.qr_y - small * 1.8) / (lay.body_size * 1.15))
    holder = fit_lines(label.holder_name, "regular", lay.body_size, lay.text_w, max(1, min(room, 3)))
    for line in holder:
        y -= lay.body_size * 1.15
        out.append(("regular", lay.body_size, lay.text_x, y, line))
    programme = fit_lines(label.programme, "regular", small, lay.text_w, 1)
    if programme:
        out.append(("regular", small, lay.text_x, lay.qr_y + small * 0.25, programme[0]))
    return out


def barcode_module(lay, modules):
    # Code128 asks for a quiet zone of ten modules each side; the content box supplies part of it.
    return min(lay.bar_w / (modules + 12), 0.5 * mm)


# --- PDF ------------------------------------------------------------------------------------

@contextmanager
def _binary_streams():
    """Plain Flate streams: reportlab's default ASCII85 layer makes every stream a quarter larger."""
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class _SheetCanvas:
    """A reportlab canvas that draws labels: each QR one 1-bit image, each barcode one path."""

    def __init__(self, title):
        register_fonts()
        self.buffer = _Buffer()
        self.canvas = Canvas(self.buffer, pagesize=(210 * mm, 297 * mm), pageCompression=1, invariant=1)
        self.canvas.setTitle(title)
        self.canvas.setCreator("inclusion-equipment labels")
        self.qr = BatchQREncoder()
        self._text_ops = {}

    def bitmap(self, packed, n, x, y, side):
        # An inline 1-bit image: no object, no cross-reference entry, no resource name per QR.
        # Hex-encoded because the page stream is text; the page's Flate compression takes the
        # hex's doubling back off.
        self.canvas._code.append(f"q {side:.2f} 0 0 {side:.2f} {x:.2f} {y:.2f} cm "
                                 f"BI /W {n} /H {n} /BPC 1 /CS /G /F /AHx ID {packed.hex()}> EI Q")

    def label(self, label, x, y, lay):
        c = self.canvas
        size, packed = self.qr.encode(label.url)
        self.bitmap(packed, size, x + lay.qr_x, y + lay.qr_y, lay.qr_side)
        runs, modules = barcode_runs(label.tag)
        module = barcode_module(lay, modules)
        left = x + (lay.bar_w - modules * module) / 2
        bars = " ".join(f"{left + s * module:.2f} {y + lay.bar_y:.2f} {w * module:.2f} {lay.bar_h:.2f} re"
                        for s, w in runs)
        c._code.append(f"{bars} f")
        for style, size, tx, ty, text in text_lines(label, lay):
            self.text(style, size, x + tx, y + ty, text, reuse=text != label.display_tag)

    def text(self, style, size, x, y, text, *, reuse=True):
        # Item and institution names repeat on hundreds of labels; their PDF text operators (glyph
        # codes in the font subsets, fixed once a glyph is first used) are worked out once.
        ops = self._text_ops.get((style, size, text))
        if ops is None:
            writer = self.canvas.beginText()
            writer.setFont(FONTS[style], size)
            ops = writer._formatText(text)
            if reuse:
                self._text_ops[style, size, text] = ops
        self.canvas._code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {ops} ET")

    def save(self):
        self.canvas.save()
        return self.buffer.getvalue()


class _Buffer:
    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(data)

    def getvalue(self):
        return b"".join(self.parts)


def check_request(count_, preset_code, start, copies):
    """Raise LabelError (or UnknownPreset) for a request that cannot make a good PDF."""
    preset = get_preset(preset_code)
    if count_ == 0:
        raise LabelError(_("There are no units to label."))
    if not 1 <= copies <= MAX_COPIES:
        raise LabelError(_("Copies must be between 1 and %(max)s.") % {"max": MAX_COPIES})
    if count_ * copies > MAX_LABELS:
        raise LabelError(_("That is %(n)s labels; one batch can print at most %(max)s. Print it in parts, "
                           "for example shipment by shipment.") % {"n": count_ * copies, "max": MAX_LABELS})
    if not 1 <= start <= preset.per_sheet:
        raise LabelError(_("Start position must be between 1 and %(max)s on this sheet.") % {"max": preset.per_sheet})
    return preset


def render_sheets(labels, preset_code, *, start=1, copies=1, progress=None, title="Labels"):
    """The PDF of `labels` on sheets of `preset_code`, the first sheet starting at place `start`,
    each label `copies` times side by side. `progress(done, total)` is called after each page."""
    labels = list(labels)
    preset = check_request(len(labels), preset_code, start, copies)
    lay = layout(*preset.label_content_size)
    total = len(labels) * copies
    with _binary_streams():
        sheet = _SheetCanvas(title)
        position, done = start, 0
        for label in labels:
            for _copy in range(copies):
                box = preset.content_box(position)
                sheet.label(label, box.x * mm, box.y * mm, lay)
                done += 1
                position += 1
                if position > preset.per_sheet and done < total:
                    sheet.canvas.showPage()
                    position = 1
                    if progress:
                        progress(done, total)
        sheet.canvas.showPage()
        pdf = sheet.save()
    if progress:
        progress(total, total)
    return pdf


def render_calibration(preset_code):
    """One page showing every label's die cut, its printable area and its number, with a 100 mm
    ruler: printed on plain paper and held against a label sheet, it shows whether the printer
    shifts or scales the page."""
    preset = get_preset(preset_code)
    with _binary_streams():
        sheet = _SheetCanvas(_("Calibration page: %(sheet)s") % {"sheet": preset.name})
        c = sheet.canvas
        c.setLineWidth(0.3)
        for position in range(1, preset.per_sheet + 1):
            cut, content = preset.label_box(position), preset.content_box(position)
            c.setDash()
            c.rect(cut.x * mm, cut.y * mm, cut.w * mm, cut.h * mm)
            c.setDash(2, 2)
            c.rect(content.x * mm, content.y * mm, content.w * mm, content.h * mm)
            c.setFont(FONTS["bold"], 12)
            c.drawString(content.x * mm + 2, content.top * mm - 13, str(position))
        c.setDash()
        # The ruler runs through the middle of a row, not along a cut, where it would hide the line.
        middle_row = preset.content_box((preset.rows // 2) * preset.columns + 1)
        x0, y0 = (preset.page_w - 100) / 2 * mm, (middle_row.y + middle_row.h / 2) * mm
        c.line(x0, y0, x0 + 100 * mm, y0)
        for i in range(11):
            c.line(x0 + i * 10 * mm, y0 - 2 * mm, x0 + i * 10 * mm, y0 + 2 * mm)
        # The caption stays inside one label's printed area, under the ruler: across the outlines it
        # would hide the very lines it explains.
        caption = _("%(sheet)s — this line is 100 mm; solid: label edges, dashed: printed area") % {
            "sheet": preset.name}
        size, leading = 6, 7
        room = int(((y0 - 3 * mm) - (middle_row.y * mm + 1 * mm)) / leading)
        for n, line in enumerate(fit_lines(caption, "regular", size, middle_row.w * mm - 4, max(1, room))):
            c.setFont(FONTS["regular"], size)
            c.drawString(middle_row.x * mm + 2, y0 - 3 * mm - size - n * leading, line)
        c.showPage()
        return sheet.save()
