"""The acceptance act: a PDF in Russian and Kazakh, signed on the phone, stored once, never changed.

The act's wording is a legal document that must always carry both state languages, whatever
language the signer's screen shows and however complete the translation catalogues are; its
fixed labels are therefore written here in both languages rather than looked up through gettext.
"""

import base64
import binascii
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from . import images, shipments
from .act_pdf import MAX_SIGNATURE_PIXELS, Look, build, in_both_languages, signature_flowable, typed_signature_flowable
from .models import AcceptanceAct, Shipment
from .models.acts import TYPED_SIGNATURE_LENGTH
from .receiving import receipt_summary

MAX_SIGNATURE_BYTES = 1024 * 1024

# (Russian, Kazakh) for every fixed label of the act.
L = {
    # The same title as the pages' (“Акт приёма-передачи”), naming what changes hands.
    "title": ("Акт приёма-передачи оборудования", "Жабдықты қабылдау-тапсыру актісі"),
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
    "handed_over_by": ("Сдал", "Тапсырды"),  # the supplier or its carrier, named under the line
    "accepted_by": ("Принял", "Қабылдаған"),
    # A transfer between institutions: both are named, the sender hands over, the receiver accepts.
    "sender": ("Отправитель (сдал)", "Жіберуші (тапсырды)"),
    "accepted_transfer": ("Принял", "Қабылдады"),
    "transfer": ("Передача", "Беру"),
    "reason_transfer": ("Основание", "Негіздеме"),
    "refused": ("Не принято, осталось у отправителя", "Қабылданбады, жіберушіде қалды"),
    "position": ("Должность", "Лауазымы"),
    "signature": ("подпись", "қолы"),
    "typed": ("подписано вводом имени", "аты-жөнін жазу арқылы қол қойылды"),
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


def names(institution):
    """An institution as an act names it: in both state languages."""
    return f"{institution.name_ru} / {institution.name_kk}"


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


def signed_one_way(png, typed):
    """A signer's (PNG bytes, typed name): drawn, or for whoever cannot draw, the full name typed; exactly
    one of the two. Raises SignatureInvalid."""
    typed = (typed or "").strip()
    if typed and png:
        raise SignatureInvalid(_("Either draw your signature or type your name, not both."))
    if len(typed) > TYPED_SIGNATURE_LENGTH:
        raise SignatureInvalid(_("A typed signature is a full name of at most %(n)s characters.")
                               % {"n": TYPED_SIGNATURE_LENGTH})
    if not typed:
        check_signature(png)
    return (None if typed else png), typed


def signature_in_pdf(png, typed, body_style):
    """What stands on the signature line: the drawing, or the typed name marked as typed."""
    if typed:
        return typed_signature_flowable(body_style, typed, both("typed"))
    return signature_flowable(png)


def _has_ink(image):
    """True when something dark was drawn: a blank or transparent canvas is not a signature."""
    flat = Image.new("RGB", image.size, "white")
    rgba = image.convert("RGBA")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox() is not None


def sign_act(shipment_id, *, by, signer_name, signer_position, signature_png=None, typed_signature="", at=None):
    """Freeze what the closed receipt found into a signed act with its PDF; once only.

    Signed one way: a drawn signature (PNG bytes) or, for whoever cannot draw, the full name typed.
    `at` dates an act signed on paper and recorded after the fact (the demo); a person signing now leaves it out."""
    signature_png, typed_signature = signed_one_way(signature_png, typed_signature)
    with transaction.atomic():
        shipment = (Shipment.objects.select_for_update(of=("self",)).select_related("destination", "origin")
                    .get(pk=shipment_id))
        if not shipment.is_closed:
            raise ActNotReady(_("Close the receipt before signing the act."))
        if AcceptanceAct.objects.filter(shipment=shipment).exists():
            raise ActNotReady(_("The act of this shipment is already signed; it cannot change."))
        summary = receipt_summary(shipment)
        number = f"ACT-{shipment.pk:06d}"
        signed_at = at or timezone.now()
        if signed_at < shipment.closed_at:
            raise ActNotReady(_("An act cannot be signed before its receipt was closed."))
        pdf = render_act(shipment, summary, number=number, signed_at=signed_at, signer_name=signer_name,
                         signer_position=signer_position, signature_png=signature_png,
                         typed_signature=typed_signature)
        act = AcceptanceAct(shipment=shipment, number=number, signed_by=by, signer_name=signer_name,
                            signer_position=signer_position, pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                            summary=summary, typed_signature=typed_signature, signed_at=signed_at)
        if not typed_signature:
            act.signature.save(f"{number}.png", ContentFile(signature_png), save=False)
        act.pdf.save(f"{number}.pdf", ContentFile(pdf), save=False)
        act.save()
        shipments.record_act_signed(shipment, by=by, note=number, at=signed_at)
    return act


def render_act(shipment, summary, *, number, signed_at, signer_name, signer_position, signature_png,
               typed_signature=""):
    """The act as PDF bytes; pure: everything it states comes in through its arguments."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer
    from reportlab.platypus.flowables import KeepTogether

    look = Look()
    story = [look.p(f"{L['title'][0]} {number}", look.head), look.p(f"{L['title'][1]} {number}", look.head),
             Spacer(1, 4 * mm), _facts_table(look, shipment, signed_at)]
    sections = _unit_sections(look, summary)
    signed = signature_in_pdf(signature_png, typed_signature, look.body)
    signatures = _signatures(look, shipment, signer_name, signer_position, signed)
    # The last section and the signatures share a page: a signature alone on a page signs nothing visible.
    story += [flowable for section in sections[:-1] for flowable in section]
    story.append(KeepTogether([*sections[-1], Spacer(1, 8 * mm), signatures]))

    return build(story, title=f"{L['title'][0]} {number}", author=signer_name, subject=shipment.waybill_number,
                 reference=f"{number} · {shipment.waybill_number}")


def _facts_table(look, shipment, signed_at):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    dest = shipment.destination
    facts = [
        (both("date"), timezone.localtime(signed_at).strftime("%d.%m.%Y %H:%M")),
        (both("programme"), in_both_languages(settings.PROGRAMME_NAME)),
        *([(both("sender"), names(shipment.origin)), (both("bin"), shipment.origin.bin)] if shipment.origin_id else []),
        (both("recipient"), names(dest)),
        (both("bin"), dest.bin),
        *([(both("transfer"), shipment.waybill_number), (both("reason_transfer"), shipment.transfer.reason)]
          if shipment.origin_id else
          [(both("waybill"), shipment.waybill_number), (both("supplier"), shipment.supplier),
           (both("contract"), shipment.contract or "—")]),
        (both("dispatch"), shipment.dispatch_date.strftime("%d.%m.%Y") if shipment.dispatch_date else "—"),
    ]
    table = Table([[look.p(k), look.p(v)] for k, v in facts], colWidths=[55 * mm, 120 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey)]))
    return table


def _unit_sections(look, summary):
    """[[heading, table or "none"], …]: received, damaged, missing, unexpected, and counted items if any."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    def section(title, header, rows, widths):
        heading = look.p(f"{title} ({len(rows)})" if header else title, look.section)
        if not rows:
            return [heading, look.p(both("none"))]
        data = [[look.p(h) for h in header]] + [[look.p(cell) for cell in row] for row in rows]
        return [heading, Table(data, colWidths=[w * mm for w in widths], repeatRows=1, style=look.grid)]

    units = [both("tag"), both("item"), both("serial")]
    sections = [
        section(both("received"), units, [(r["tag"], r["item_official"], r["serial"]) for r in summary["received"]],
                (30, 95, 50)),
        section(both("damaged"), [*units, both("note")],
                [(r["tag"], r["item_official"], r["serial"], r["note"]) for r in summary["damaged"]], (28, 62, 40, 45)),
        section(both("missing"), units, [(r["tag"], r["item_official"], r["serial"]) for r in summary["missing"]],
                (30, 95, 50)),
        section(both("unexpected"), [both("tag"), both("item"), both("reason")],
                [(r["code"], r["item_official"] or "—", " / ".join(REASONS[r["reason"]]))
                 for r in summary["unexpected"]], (40, 70, 65)),
    ]
    if summary.get("refused"):
        sections.insert(2, section(both("refused"), [*units, both("reason")],
                                   [(r["tag"], r["item_official"], r["serial"], r["note"]) for r in summary["refused"]],
                                   (28, 62, 40, 45)))
    if summary["counted"]:
        sections.append(section(both("counted"), [both("item"), both("expected"), both("got")],
                                [(r["item_official"], str(r["expected"]),
                                  "—" if r["received"] is None else str(r["received"])) for r in summary["counted"]],
                                (105, 35, 35)))
    return sections


def _signatures(look, shipment, signer_name, signer_position, signed):
    """Handed over by the supplier or carrier, accepted by the institution, confirmed by its head."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    blank, blank_name = look.p("_______________________"), look.p("_______________________________")
    sign_here = look.p(f"({both('signature')})", look.small)
    # A transfer's sender is an institution, named in both languages like the receiver.
    sender = names(shipment.origin) if shipment.origin_id else shipment.supplier
    table = Table([
        [look.p(both("handed_over_by")), blank, blank_name],
        [look.p(sender, look.small), sign_here, look.p(f"({both('full_name')})", look.small)],
        [Spacer(1, 6 * mm), "", ""],
        [look.p(both("accepted_transfer" if shipment.origin_id else "accepted_by")), signed,
         look.p(f"{signer_name}<br/>{signer_position}".strip())],
        ["", sign_here, look.p(f"({both('full_name')}, {both('position')})", look.small)],
        [Spacer(1, 6 * mm), "", ""],
        [look.p(both("director")), blank, blank_name],
        ["", sign_here, look.p(f"({both('full_name')})", look.small)],
        [look.p(both("stamp")), "", ""],
    ], colWidths=[50 * mm, 60 * mm, 65 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


