"""The sender's dispatch note of a transfer: a PDF in Russian and Kazakh naming both institutions.

Printed when the units are handed over and signed on paper by the one who hands them over
(«Сдал / Тапсырды») and the one who takes them («Принял / Қабылдады»); the receiver's signed
acceptance act (logistics.acts) states what arrived. It is drawn from the order each time,
which never changes after dispatch.
"""

from django.conf import settings
from django.utils import timezone

from .act_pdf import Look, build, in_both_languages
from .acts import both, names

L_NOTE = {"title": ("Накладная на передачу оборудования", "Жабдықты беру жүкқұжаты"),
          "receiver": ("Получатель (принял)", "Алушы (қабылдады)")}


def render_dispatch_note(order):
    """The note as PDF bytes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table
    from reportlab.platypus.flowables import KeepTogether

    look = Look()
    ru, kk = L_NOTE["title"]
    lines = order.lines.select_related("unit__item").order_by("unit__item__code", "unit__serial")
    units = [line.unit for line in lines]
    rows = [[look.p(h) for h in (both("tag"), both("item"), both("serial"))]]
    rows += [[look.p(u.display_tag), look.p(_official(u.item)), look.p(u.serial)] for u in units]
    story = [look.p(f"{ru} {order.number}", look.head), look.p(f"{kk} {order.number}", look.head),
             Spacer(1, 4 * mm), _facts(look, order),
             look.p(f"{both('total')}: {len(units)}", look.section),
             Table(rows, colWidths=[30 * mm, 95 * mm, 50 * mm], repeatRows=1, style=look.grid),
             KeepTogether([Spacer(1, 10 * mm), _signatures(look, order)])]
    return build(story, title=f"{ru} {order.number}", author=order.origin.name_ru, subject=order.number,
                 reference=order.number)


def _official(item):
    ru, kk = item.name_in("ru"), item.name_in("kk")
    return ru if ru == kk else f"{ru} / {kk}"


def _facts(look, order):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    shipment = order.shipment
    facts = [
        (both("date"), timezone.localtime(shipment.dispatched_at).strftime("%d.%m.%Y %H:%M")),
        (both("programme"), in_both_languages(settings.PROGRAMME_NAME)),
        (both("sender"), names(order.origin)),
        (both("bin"), order.origin.bin),
        (" / ".join(L_NOTE["receiver"]), names(order.destination)),
        (both("bin"), order.destination.bin),
        (both("reason_transfer"), order.reason),
    ]
    table = Table([[look.p(k), look.p(v)] for k, v in facts], colWidths=[55 * mm, 120 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey)]))
    return table


def _signatures(look, order):
    """Handed over by the sender, taken by the receiver: both signed on paper."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    blank, blank_name = look.p("_______________________"), look.p("_______________________________")
    under = [look.p(f"({both('signature')})", look.small), look.p(f"({both('full_name')}, {both('position')})",
                                                                  look.small)]
    table = Table([
        [look.p(both("handed_over_by")), blank, blank_name],
        [look.p(names(order.origin), look.small), *under],
        [Spacer(1, 8 * mm), "", ""],
        [look.p(both("accepted_transfer")), blank, blank_name],
        [look.p(names(order.destination), look.small), *under],
        [look.p(both("stamp")), "", ""],
    ], colWidths=[50 * mm, 60 * mm, 65 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table
