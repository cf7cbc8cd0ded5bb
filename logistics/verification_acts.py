"""The verification act: a PDF in Russian and Kazakh of what a closed visit found, room by room,
signed on the phone by the verifier and the institution's representative (drawn, or the name typed);
stored once, never changed.

Like the acceptance act (logistics/acts.py, whose fonts, signature checks and drawing it shares),
its fixed labels are written here in both state languages rather than looked up through gettext.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .act_pdf import build, escape_markup, in_both_languages, register_fonts
from .acts import ActNotReady, signature_in_pdf, signed_one_way
from .models import Finding, VerificationAct, Visit
from .verification import latest_findings

L = {
    "title": ("Акт проверки оборудования", "Жабдықты тексеру актісі"),
    "date": ("Дата", "Күні"),
    "programme": ("Программа", "Бағдарлама"),
    "round": ("Проверка", "Тексеру"),
    "institution": ("Организация", "Ұйым"),
    "bin": ("БИН", "БСН"),
    "verifier": ("Проверяющий", "Тексеруші"),
    "room": ("Помещение", "Бөлме"),
    "no_room": ("Помещение не указано", "Бөлме көрсетілмеген"),
    "tag": ("Инв. метка", "Түгендеу белгісі"),
    "item": ("Наименование", "Атауы"),
    "result": ("Результат", "Нәтиже"),
    "condition": ("Состояние", "Жағдайы"),
    "in_use": ("Используется", "Пайдаланылады"),
    "not_found": ("Не обнаружено", "Табылмады"),
    "serial": ("Серийный номер", "Сериялық нөмірі"),
    "none": ("нет", "жоқ"),
    "total": ("Итого: проверено / обнаружено / не обнаружено", "Барлығы: тексерілді / табылды / табылмады"),
    "representative": ("Представитель организации", "Ұйым өкілі"),
    "signature": ("подпись", "қолы"),
    "full_name": ("Ф.И.О.", "Т.А.Ә."),
    "position": ("Должность", "Лауазымы"),
    "yes": ("да", "иә"),
    "no": ("нет", "жоқ"),
}
CHOICES = {  # stored value -> (Russian, Kazakh)
    "in_place": ("на месте", "орнында"),
    "elsewhere": ("в другом месте", "басқа жерде"),
    "not_found": ("не обнаружено", "табылмады"),
    "working": ("исправно", "жұмыс істейді"),
    "needs_repair": ("требует ремонта", "жөндеуді қажет етеді"),
    "broken": ("неисправно", "істен шыққан"),
    "no_trained_teacher": ("нет обученного педагога", "оқытылған педагог жоқ"),
    "no_children": ("нет детей с такой потребностью", "мұндай қажеттілігі бар балалар жоқ"),
    "missing_parts": ("не хватает деталей", "бөлшектері жетіспейді"),
    "not_unpacked": ("не распаковано", "қаптамасынан шығарылмаған"),
    "other": ("другое", "басқа"),
}


def both(key, table=L):
    ru, kk = table[key]
    return f"{ru} / {kk}"


def act_summary(visit):
    """What the act states, as plain data: found units grouped by room, and the units not found."""
    latest = latest_findings(visit)
    units = {f.unit_id: f.unit for f in visit.findings.select_related("unit__item")}
    rooms, missing = {}, []
    for pk, finding in latest.items():
        unit = units[pk]
        row = {"tag": unit.display_tag, "item_official": unit.item.name_ru, "serial": unit.serial,
               "result": finding.result, "condition": finding.condition, "in_use": finding.in_use,
               "reason": finding.reason}
        if finding.result == Finding.Result.NOT_FOUND:
            missing.append(row)
        else:
            rooms.setdefault(finding.room.name if finding.room_id else "", []).append(row)
    found = sum(len(rows) for rows in rooms.values())
    return {"rooms": [{"room": name, "units": rows} for name, rows in sorted(rooms.items())],
            "not_found": missing, "counts": {"verified": found + len(missing), "found": found,
                                             "not_found": len(missing)}}


def sign_visit_act(visit_id, *, by, verifier_name, representative_name, representative_position,
                   verifier_png=None, representative_png=None, verifier_typed="", representative_typed=""):
    """Freeze what the closed visit found into a signed act with its PDF; once only.

    Each signer signs one way: a drawing (PNG bytes) or, for whoever cannot draw, the full name typed."""
    verifier = signed_one_way(verifier_png, verifier_typed)
    representative = signed_one_way(representative_png, representative_typed)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("round", "institution").get(pk=visit_id)
        if visit.status != Visit.Status.CLOSED:
            raise ActNotReady(_("Close the visit before signing the act."))
        if VerificationAct.objects.filter(visit=visit).exists():
            raise ActNotReady(_("The act of this visit is already signed; it cannot change."))
        summary = act_summary(visit)
        number = f"VER-{visit.pk:06d}"
        pdf = render_act(visit, summary, number=number, signed_at=timezone.now(), verifier_name=verifier_name,
                         representative_name=representative_name, representative_position=representative_position,
                         verifier=verifier, representative=representative)
        act = VerificationAct(visit=visit, number=number, signed_by=by, verifier_name=verifier_name,
                              representative_name=representative_name,
                              representative_position=representative_position,
                              verifier_typed_signature=verifier[1], representative_typed_signature=representative[1],
                              pdf_sha256=hashlib.sha256(pdf).hexdigest(), summary=summary)
        for who, (png, _typed) in (("verifier", verifier), ("representative", representative)):
            if png:
                getattr(act, f"{who}_signature").save(f"{number}-{who}.png", ContentFile(png), save=False)
        act.pdf.save(f"{number}.pdf", ContentFile(pdf), save=False)
        act.save()
    return act


def _answer(row):
    parts = [both(row["result"], CHOICES)]
    if row["condition"]:
        parts.append(both(row["condition"], CHOICES))
    return "; ".join(parts)


def _use(row):
    if row["in_use"] is None:
        return "—"
    if row["in_use"]:
        return both("yes")
    return both("no") + (f" ({both(row['reason'], CHOICES)})" if row["reason"] else "")


def render_act(visit, summary, *, number, signed_at, verifier_name, representative_name, representative_position,
               verifier, representative):
    """The act as PDF bytes; pure apart from the fonts: what it states comes in through its arguments.
    verifier, representative: each signer's (PNG bytes or None, typed name or "")."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    register_fonts()
    body = ParagraphStyle("body", fontName="ActSans", fontSize=8.5, leading=10.5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=colors.HexColor("#444444"))
    head = ParagraphStyle("head", parent=body, fontName="ActSans-Bold", fontSize=14, leading=17, alignment=1)
    section = ParagraphStyle("section", parent=body, fontName="ActSans-Bold", fontSize=10.5, leading=13,
                             spaceBefore=8, spaceAfter=3)

    def p(text, style=body):
        return Paragraph(escape_markup(text), style)

    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))])
    inst = visit.institution
    story = [p(f"{L['title'][0]} {number}", head), p(f"{L['title'][1]} {number}", head), Spacer(1, 4 * mm)]
    facts = [(both("date"), timezone.localtime(signed_at).strftime("%d.%m.%Y %H:%M")),
             (both("programme"), in_both_languages(settings.PROGRAMME_NAME)), (both("round"), visit.round.name),
             (both("institution"), f"{inst.name_ru} / {inst.name_kk or inst.name_ru}"), (both("bin"), inst.bin),
             (both("verifier"), verifier_name)]
    facts_table = Table([[p(k), p(v)] for k, v in facts], colWidths=[55 * mm, 121 * mm])
    facts_table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey)]))
    story.append(facts_table)
    header = [p(both("tag")), p(both("item")), p(f"{both('result')}, {both('condition')}"), p(both("in_use"))]
    widths = [24 * mm, 58 * mm, 50 * mm, 44 * mm]
    for group in summary["rooms"]:
        story.append(p(f"{both('room')}: {group['room']}" if group["room"] else both("no_room"), section))
        rows = [[p(r["tag"]), p(f"{r['item_official']} · {r['serial']}"), p(_answer(r)), p(_use(r))]
                for r in group["units"]]
        story.append(Table([header, *rows], colWidths=widths, repeatRows=1, style=grid))
    # What was not found, the total and the signatures share the last page: a signature alone signs nothing.
    closing = [p(f"{both('not_found')} ({len(summary['not_found'])})", section)]
    if summary["not_found"]:
        rows = [[p(r["tag"]), p(r["item_official"]), p(r["serial"])] for r in summary["not_found"]]
        closing.append(Table([[p(both("tag")), p(both("item")), p(both("serial"))], *rows],
                             colWidths=[30 * mm, 100 * mm, 46 * mm], repeatRows=1, style=grid))
    else:
        closing.append(p(both("none")))
    counts = summary["counts"]
    closing.append(p(f"{both('total')}: {counts['verified']} / {counts['found']} / {counts['not_found']}", section))
    signed = Table([
        [p(both("verifier")), signature_in_pdf(*verifier, body), p(verifier_name)],
        ["", p(f"({both('signature')})", small), p(f"({both('full_name')})", small)],
        [Spacer(1, 6 * mm), "", ""],
        [p(both("representative")), signature_in_pdf(*representative, body),
         p(f"{representative_name}<br/>{representative_position}".strip())],
        ["", p(f"({both('signature')})", small), p(f"({both('full_name')}, {both('position')})", small)],
    ], colWidths=[50 * mm, 60 * mm, 66 * mm])
    signed.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(KeepTogether([*closing, Spacer(1, 8 * mm), signed]))
    return build(story, title=f"{L['title'][0]} {number}", author=verifier_name, subject=inst.bin,
                 reference=f"{number} · {inst.bin}")
