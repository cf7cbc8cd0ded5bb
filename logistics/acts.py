"""The acceptance act: a PDF in Russian and Kazakh, signed on the phone, stored once, never changed.

The act's wording is a legal document that must always carry both state languages, whatever
language the signer's screen shows and however complete the translation catalogues are; its
fixed labels are therefore written here in both languages rather than looked up through gettext.
"""

import base64
import binascii
import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from . import images, shipments
from .models import AcceptanceAct, Shipment
from .receiving import receipt_summary

MAX_SIGNATURE_BYTES = 1024 * 1024
MAX_SIGNATURE_PIXELS = 4000 * 2000  # checked before decoding: a small PNG can claim a huge canvas
_FONT_DIRS = [
    Path(settings.BASE_DIR) / "inventory" / "fonts" / "dejavu",  # vendored by scripts/vendor_fonts.sh
    Path("/usr/share/fonts/truetype/dejavu"),  # development fallback only
]
_FONT_FILES = {"ActSans": "DejaVuSansCondensed.ttf", "ActSans-Bold": "DejaVuSansCondensed-Bold.ttf"}

# (Russian, Kazakh) for every fixed label of the act.
L = {
    "title": ("Акт приёмки оборудования", "Жабдықты қабылдау актісі"),
    "number": ("№", "№"),
    "date": ("Дата", "Күні"),
    "programme": ("Программа", "Бағдарлама"),
    "recipient": ("Получатель", "Алушы"),
    "bin": ("БИН", "БСН"),
    "waybill": ("Накладная", "Жүкқұжат"),
    "supplier": ("Поставщик", "Жеткізуші"),
    "contract": ("Договор / лот", "Шарт / лот"),
    "dispatch": ("Дата отгрузки", "Жөнелтілген күні"),
    "received": ("Принято", "Қабылданды"),
    "damaged": ("Повреждено", "Зақымдалған"),
    "missing": ("Не поступило (недостача)", "Келмеді (жетіспеушілік)"),
    "unexpected": ("Не указано в накладной", "Жүкқұжатта көрсетілмеген"),
    "counted": ("Товары по количеству", "Саны бойынша тауарлар"),
    "tag": ("Инв. метка", "Түгендеу белгісі"),
    "item": ("Наименование", "Атауы"),
    "serial": ("Серийный номер", "Сериялық нөмірі"),
    "note": ("Примечание", "Ескерту"),
    "reason": ("Причина", "Себебі"),
    "expected": ("Ожидалось", "Күтілді"),
    "got": ("Получено", "Алынды"),
    "none": ("нет", "жоқ"),
    "accepted_by": ("Принял", "Қабылдаған"),
    "position": ("Должность", "Лауазымы"),
    "signature": ("подпись", "қолы"),
    "full_name": ("Ф.И.О.", "Т.А.Ә."),
    "director": ("Руководитель организации", "Ұйым басшысы"),
    "stamp": ("М.П.", "М.О."),
    "total": ("Итого единиц", "Барлық бірлік"),
}
REASONS = {
    "not_in_shipment": ("не из этой поставки", "бұл жеткізілімнен емес"),
    "other_institution": ("принадлежит другой организации", "басқа ұйымға тиесілі"),
    "unknown_code": ("неизвестный код", "белгісіз код"),
}


def both(key):
    ru, kk = L[key]
    return f"{ru} / {kk}"


class SignatureInvalid(Exception):
    """The message is translated and can be shown to the user as it is."""


class ActNotReady(Exception):
    """The message is translated and can be shown to the user as it is."""


def check_signature(data):
    """The signature drawn on the phone as PNG bytes, checked by content; raises SignatureInvalid."""
    if not data or len(data) > MAX_SIGNATURE_BYTES:
        raise SignatureInvalid(_("Draw your signature in the box before signing."))
    try:
        image = images.decode(images.open_image(data, formats=("PNG",), max_pixels=MAX_SIGNATURE_PIXELS))
    except images.TooManyPixels:
        raise SignatureInvalid(_("The signature image is too large; draw it again on this page.")) from None
    except images.NotAnImage:
        raise SignatureInvalid(_("The signature could not be read; draw it again.")) from None
    if not (20 <= image.width <= 4000 and 20 <= image.height <= 2000):
        raise SignatureInvalid(_("The signature could not be read; draw it again."))
    if not _has_ink(image):
        raise SignatureInvalid(_("Draw your signature in the box before signing."))
    return data


def read_signature(data_url):
    """The PNG bytes of a signature the page sent as a data URL, checked; raises SignatureInvalid."""
    prefix = "data:image/png;base64,"
    try:
        raw = base64.b64decode(data_url.removeprefix(prefix), validate=True) if data_url.startswith(prefix) else b""
    except (binascii.Error, ValueError):
        raise SignatureInvalid(_("The signature could not be read; draw it again.")) from None
    return check_signature(raw)


def _has_ink(image):
    """True when something dark was drawn: a blank or transparent canvas is not a signature."""
    flat = Image.new("RGB", image.size, "white")
    rgba = image.convert("RGBA")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox() is not None


def sign_act(shipment_id, *, by, signer_name, signer_position, signature_png):
    """Freeze what the closed receipt found into a signed act with its PDF; once only."""
    check_signature(signature_png)
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().select_related("destination").get(pk=shipment_id)
        if not shipment.is_closed:
            raise ActNotReady(_("Close the receipt before signing the act."))
        if AcceptanceAct.objects.filter(shipment=shipment).exists():
            raise ActNotReady(_("The act of this shipment is already signed; it cannot change."))
        summary = receipt_summary(shipment)
        number = f"ACT-{shipment.pk:06d}"
        signed_at = timezone.now()
        pdf = render_act(shipment, summary, number=number, signed_at=signed_at, signer_name=signer_name,
                         signer_position=signer_position, signature_png=signature_png)
        act = AcceptanceAct(shipment=shipment, number=number, signed_by=by, signer_name=signer_name,
                            signer_position=signer_position, pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                            summary=summary)
        act.signature.save(f"{number}.png", ContentFile(signature_png), save=False)
        act.pdf.save(f"{number}.pdf", ContentFile(pdf), save=False)
        act.save()
        shipments.record_act_signed(shipment, by=by, note=number)
    return act


def register_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "ActSans" in pdfmetrics.getRegisteredFontNames():
        return
    folder = next(d for d in _FONT_DIRS if (d / _FONT_FILES["ActSans"]).exists())
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))


def render_act(shipment, summary, *, number, signed_at, signer_name, signer_position, signature_png):
    """The act as PDF bytes; pure: everything it states comes in through its arguments."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import KeepTogether

    register_fonts()
    body = ParagraphStyle("body", fontName="ActSans", fontSize=9, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=colors.HexColor("#444444"))
    head = ParagraphStyle("head", parent=body, fontName="ActSans-Bold", fontSize=14, leading=17, alignment=1)
    section = ParagraphStyle("section", parent=body, fontName="ActSans-Bold", fontSize=10.5, leading=13,
                             spaceBefore=8, spaceAfter=3)

    def p(text, style=body):
        return Paragraph(escape_markup(text), style)

    grid = TableStyle([("FONT", (0, 0), (-1, -1), "ActSans", 8.5), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                       ("VALIGN", (0, 0), (-1, -1), "TOP")])
    local = timezone.localtime(signed_at)
    dest = shipment.destination
    story = [p(f"{L['title'][0]} {number}", head), p(f"{L['title'][1]} {number}", head), Spacer(1, 4 * mm)]
    facts = [
        (both("date"), local.strftime("%d.%m.%Y %H:%M")),
        (both("programme"), settings.PROGRAMME_NAME),
        (both("recipient"), f"{dest.name_ru} / {dest.name_kk}"),
        (both("bin"), dest.bin),
        (both("waybill"), shipment.waybill_number),
        (both("supplier"), shipment.supplier),
        (both("contract"), shipment.contract or "—"),
        (both("dispatch"), shipment.dispatch_date.strftime("%d.%m.%Y") if shipment.dispatch_date else "—"),
    ]
    table = Table([[p(k), p(v)] for k, v in facts], colWidths=[55 * mm, 120 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3,
                                                                     colors.lightgrey)]))
    story.append(table)

    unit_head = [p(both("tag")), p(both("item")), p(both("serial"))]
    for key, rows in (("received", summary["received"]), ("damaged", summary["damaged"]),
                      ("missing", summary["missing"])):
        story.append(p(f"{both(key)} ({len(rows)})", section))
        if not rows:
            story.append(p(both("none")))
            continue
        header = [*unit_head, p(both("note"))] if key == "damaged" else unit_head
        notes = key == "damaged"
        data = [header] + [[p(r["tag"]), p(r["item_official"]), p(r["serial"])] + ([p(r["note"])] if notes else [])
                           for r in rows]
        widths = [28 * mm, 62 * mm, 40 * mm, 45 * mm] if key == "damaged" else [30 * mm, 95 * mm, 50 * mm]
        story.append(Table(data, colWidths=widths, repeatRows=1, style=grid))
    story.append(p(f"{both('unexpected')} ({len(summary['unexpected'])})", section))
    if summary["unexpected"]:
        data = [[p(both("tag")), p(both("item")), p(both("reason"))]] + [
            [p(r["code"]), p(r["item_official"] or "—"), p(" / ".join(REASONS[r["reason"]]))]
            for r in summary["unexpected"]]
        story.append(Table(data, colWidths=[40 * mm, 70 * mm, 65 * mm], repeatRows=1, style=grid))
    else:
        story.append(p(both("none")))
    if summary["counted"]:
        story.append(p(both("counted"), section))
        data = [[p(both("item")), p(both("expected")), p(both("got"))]] + [
            [p(r["item_official"]), p(str(r["expected"])), p("—" if r["received"] is None else str(r["received"]))]
            for r in summary["counted"]]
        story.append(Table(data, colWidths=[105 * mm, 35 * mm, 35 * mm], repeatRows=1, style=grid))

    signature = signature_flowable(signature_png)
    signed = Table([
        [p(both("accepted_by")), signature, p(f"{signer_name}<br/>{signer_position}".strip(), body)],
        ["", p(f"({both('signature')})", small), p(f"({both('full_name')}, {both('position')})", small)],
        [Spacer(1, 8 * mm), "", ""],
        [p(both("director")), p("_______________________", body), p("_______________________________", body)],
        ["", p(f"({both('signature')})", small), p(f"({both('full_name')})", small)],
        [p(both("stamp")), "", ""],
    ], colWidths=[50 * mm, 60 * mm, 65 * mm])
    signed.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story += [Spacer(1, 8 * mm), KeepTogether([signed])]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=17 * mm, rightMargin=17 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{L['title'][0]} {number}", author=signer_name,
                            subject=shipment.waybill_number, invariant=True)

    def footer(canvas, document):
        canvas.setFont("ActSans", 7.5)
        canvas.drawString(17 * mm, 8 * mm, f"{number} · {shipment.waybill_number} · {document.page}")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


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


def escape_markup(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("&lt;br/&gt;", "<br/>"))
