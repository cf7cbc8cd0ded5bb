"""What the signed documents share (the acceptance act, the verification act): their fonts and styles,
the drawn signatures, both state languages, and "page X of Y" under every page."""

import io
from pathlib import Path

from django.conf import settings
from django.utils import translation
from PIL import Image

from . import images

MAX_SIGNATURE_PIXELS = 4000 * 2000  # checked before decoding: a small PNG can claim a huge canvas
_FONT_DIRS = [
    Path(settings.BASE_DIR) / "inventory" / "fonts" / "dejavu",  # vendored by scripts/vendor_fonts.sh
    Path("/usr/share/fonts/truetype/dejavu"),  # development fallback only
]
_FONT_FILES = {"ActSans": "DejaVuSansCondensed.ttf", "ActSans-Bold": "DejaVuSansCondensed-Bold.ttf"}
PAGE = ("стр.", "бет")


def register_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "ActSans" in pdfmetrics.getRegisteredFontNames():
        return
    folder = next(d for d in _FONT_DIRS if (d / _FONT_FILES["ActSans"]).exists())
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))


def in_both_languages(text):
    """A translatable text as the act states it: Russian / Kazakh, or once where they are the same."""
    worded = []
    for language in ("ru", "kk"):
        with translation.override(language):
            worded.append(str(text))
    ru, kk = worded
    return ru if ru == kk else f"{ru} / {kk}"


class Look:
    """The act's paragraph and table styles, and a paragraph maker that escapes what it is given."""

    def __init__(self):
        from reportlab.lib import colors

        register_fonts()
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import TableStyle

        self.body = ParagraphStyle("body", fontName="ActSans", fontSize=9, leading=11)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=7.5, leading=9,
                                    textColor=colors.HexColor("#444444"))
        self.head = ParagraphStyle("head", parent=self.body, fontName="ActSans-Bold", fontSize=14, leading=17,
                                   alignment=1)
        self.section = ParagraphStyle("section", parent=self.body, fontName="ActSans-Bold", fontSize=10.5,
                                      leading=13, spaceBefore=8, spaceAfter=3)
        self.grid = TableStyle([("FONT", (0, 0), (-1, -1), "ActSans", 8.5),
                                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def p(self, text, style=None):
        from reportlab.platypus import Paragraph

        return Paragraph(escape_markup(text), style or self.body)


def build(story, *, title, author, subject, reference):
    """The document as PDF bytes, each page's foot saying what it is and "page X of Y" in both languages.

    Not invariant: its creation date is when it was signed; it is rendered once and stored with its hash.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=17 * mm, rightMargin=17 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, author=author, subject=subject, invariant=False)

    def footer(canvas, total):
        page = canvas.getPageNumber()
        canvas.setFont("ActSans", 7.5)
        canvas.drawString(17 * mm, 8 * mm, f"{reference} · {PAGE[0]} {page} / {total} · {PAGE[1]} {page} / {total}")

    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def numbered_canvas(footer):
    """A canvas that holds its pages until the end, so `footer(canvas, total)` can say "page X of Y"."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._held:
                self.__dict__.update(state)
                footer(self, len(self._held))
                super().showPage()
            super().save()

    return NumberedCanvas


def signature_flowable(signature_png):
    from reportlab.lib.units import mm
    from reportlab.platypus import Image as PdfImage

    source = images.decode(images.open_image(signature_png, formats=("PNG",), max_pixels=MAX_SIGNATURE_PIXELS))
    source = source.convert("RGBA")
    flat = Image.new("RGB", source.size, "white")
    flat.paste(source, mask=source.getchannel("A"))
    if box := flat.convert("L").point(lambda v: 255 if v < 200 else 0).getbbox():
        flat = flat.crop(box)
    out = io.BytesIO()
    flat.save(out, format="PNG")
    out.seek(0)
    width = 55 * mm
    height = min(22 * mm, width * flat.height / max(flat.width, 1))
    return PdfImage(out, width=height * flat.width / max(flat.height, 1), height=height)


def typed_signature_flowable(body_style, name, note):
    """A signature typed instead of drawn: the name as written, with a note that says it was typed."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("typed", parent=body_style, fontName="ActSans-Bold", fontSize=12, leading=15,
                           textColor="#0b1f5c")
    return Paragraph(f"{escape_markup(name)}<br/><font size=\"6.5\" color=\"#444444\">({escape_markup(note)})</font>",
                     style)


def escape_markup(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("&lt;br/&gt;", "<br/>"))
