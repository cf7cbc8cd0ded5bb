"""A4 label sheets, each defined once, in millimetres, as the stationery maker publishes it.

A sheet's geometry is its first label's top-left corner, the label size and the pitch (label plus
gutter) across and down. Everything a label shows stays `padding` inside the die cut, so a sheet
fed a millimetre askew still prints nothing across a cut, and never closer to the paper's edge than
a laser printer can print (PRINTER_MARGIN_MM). Positions are numbered 1..per_sheet, left to right,
then top to bottom, as a person counts the labels on a sheet.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

A4_MM = (210.0, 297.0)
# Most office laser and inkjet printers cannot put toner closer than about 4.2 mm to the edge.
PRINTER_MARGIN_MM = 4.2


class UnknownPreset(LookupError):
    """The message is translated and can be shown to the user as it is."""


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres, measured from the page's bottom-left corner (PDF's way)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self):
        return self.x + self.w

    @property
    def top(self):
        return self.y + self.h

    def inset(self, dx, dy):
        return Box(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def contains(self, other, tolerance=1e-6):
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance and other.top <= self.top + tolerance)

    def overlaps(self, other, tolerance=1e-6):
        return (self.x < other.right - tolerance and other.x < self.right - tolerance
                and self.y < other.top - tolerance and other.y < self.top - tolerance)


@dataclass(frozen=True)
class Preset:
    code: str
    name: str
    label_w: float
    label_h: float
    columns: int
    rows: int
    left: float  # page's left edge to the first column's left cut
    top: float  # page's top edge to the first row's top cut
    pitch_x: float  # left cut to the next column's left cut: label width plus gutter
    pitch_y: float
    pad_x: float  # die cut to printed content
    pad_y: float
    page_w: float = A4_MM[0]
    page_h: float = A4_MM[1]

    @property
    def per_sheet(self):
        return self.columns * self.rows

    @property
    def page(self):
        return Box(0.0, 0.0, self.page_w, self.page_h)

    @property
    def printable(self):
        """The part of the page a printer can print on."""
        return self.page.inset(PRINTER_MARGIN_MM, PRINTER_MARGIN_MM)

    def label_box(self, position):
        """The die cut of the label at `position` (1-based)."""
        if not 1 <= position <= self.per_sheet:
            raise ValueError(f"position {position} is not on a {self.per_sheet}-label sheet")
        row, column = divmod(position - 1, self.columns)
        x = self.left + column * self.pitch_x
        top = self.page_h - self.top - row * self.pitch_y
        return Box(x, top - self.label_h, self.label_w, self.label_h)

    def content_box(self, position):
        """Where the label's printing goes: inside the cut by the padding."""
        return self.label_box(position).inset(self.pad_x, self.pad_y)

    def boxes(self):
        return [self.label_box(p) for p in range(1, self.per_sheet + 1)]

    @property
    def label_content_size(self):
        return self.label_w - 2 * self.pad_x, self.label_h - 2 * self.pad_y


PRESETS = {
    p.code: p
    for p in (
        # 24 a sheet, 70 × 37 mm, three across the full width of A4 (no side margin, no gutters:
        # the sheet is cut edge to edge), 0.5 mm top and bottom. The padding keeps print off the
        # edges the printer cannot reach.
        Preset("a4-3x8-70x37", _("A4, 24 labels 70 × 37 mm (3 × 8)"), 70.0, 37.0, 3, 8,
               left=0.0, top=0.5, pitch_x=70.0, pitch_y=37.0, pad_x=4.5, pad_y=4.0),
        # 24 a sheet, 63.5 × 33.9 mm with rounded corners (the common "L7159" layout): 7.25 mm
        # side margins, 12.9 mm top margin, 2.5 mm gutter between columns, rows touching.
        Preset("a4-3x8-63x34", _("A4, 24 labels 63.5 × 33.9 mm (3 × 8, with gutters)"), 63.5, 33.9, 3, 8,
               left=7.25, top=12.9, pitch_x=66.0, pitch_y=33.9, pad_x=3.0, pad_y=2.5),
        # 10 a sheet, 99.1 × 57 mm, for furniture (the "L7173" layout): 4.65 mm side margins,
        # 6 mm top margin, 2.5 mm gutter between the two columns.
        Preset("a4-2x5-99x57", _("A4, 10 labels 99.1 × 57 mm (2 × 5), furniture"), 99.1, 57.0, 2, 5,
               left=4.65, top=6.0, pitch_x=101.6, pitch_y=57.0, pad_x=5.0, pad_y=4.5),
    )
}
DEFAULT_PRESET = "a4-3x8-70x37"


def get_preset(code):
    try:
        return PRESETS[code]
    except (KeyError, TypeError):
        raise UnknownPreset(_("There is no label sheet called “%(code)s”.") % {"code": code}) from None


def preset_choices():
    return [(p.code, p.name) for p in PRESETS.values()]
