"""Writing units off: an officer's decision, with a reason from a list and the document that orders it,
and a write-off act in Russian and Kazakh. The units stay in every history and report, written off;
nothing is deleted. The units' status moves through inventory.lifecycle, all or none.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import lifecycle
from inventory.identifiers import format_tag
from inventory.models import Unit

from .act_pdf import Look, build, in_both_languages
from .models import WriteOff

U = Unit.Status
L = {
    "title": ("Акт списания оборудования", "Жабдықты есептен шығару актісі"),
    "date": ("Дата", "Күні"),
    "programme": ("Программа", "Бағдарлама"),
    "reason": ("Основание", "Негіздеме"),
    "document": ("Документ", "Құжат"),
    "note": ("Примечание", "Ескертпе"),
    "tag": ("Инв. метка", "Түгендеу белгісі"),
    "item": ("Наименование", "Атауы"),
    "serial": ("Серийный номер", "Сериялық нөмірі"),
    "holder": ("Организация", "Ұйым"),
    "total": ("Всего списано единиц", "Барлығы есептен шығарылған бірліктер"),
    "officer": ("Списал", "Есептен шығарған"),
}
REASONS = {  # stored value -> (Russian, Kazakh), as the act states them
    "beyond_repair": ("не подлежит ремонту", "жөндеуге жатпайды"),
    "lost": ("утеряно", "жоғалған"),
    "stolen": ("похищено", "ұрланған"),
    "obsolete": ("устарело", "ескірген"),
}


class WriteOffRefused(Exception):
    """The message is translated and can be shown to the user as it is."""


def both(key, table=L):
    ru, kk = table[key]
    return f"{ru} / {kk}"


def units_by_tags(text):
    """The units named by asset tags in `text` (any separators), or WriteOffRefused naming the unknown ones."""
    tags = list(dict.fromkeys(t.replace("-", "").upper() for t in text.replace(",", " ").split() if t.strip()))
    if not tags:
        raise WriteOffRefused(_("Name at least one unit by its label's tag."))
    found = dict(Unit.objects.filter(asset_tag__in=tags).values_list("asset_tag", "pk"))
    if unknown := [format_tag(t) for t in tags if t not in found]:
        raise WriteOffRefused(_("No unit has these tags: %(tags)s.") % {"tags": ", ".join(unknown)})
    return [found[t] for t in tags]


def write_off(unit_ids, *, reason, document_number, by, note=""):
    """Write the units off with their act, all or none; a unit in transit or already written off refuses all."""
    reason = WriteOff.Reason(reason)
    if not document_number.strip():
        raise WriteOffRefused(_("Give the number of the document that orders the write-off."))
    with transaction.atomic():
        units = lifecycle.lock(Unit.objects.filter(pk__in=unit_ids).select_related("item", "holder").order_by("pk"))
        for unit in units:
            _check(unit)
        act = WriteOff(reason=reason, document_number=document_number.strip(), note=note, written_by=by,
                       number=_next_number())
        act.summary = {"units": [{"tag": u.display_tag, "item": u.item.name_ru, "serial": u.serial,
                                  "holder": u.holder.name_ru if u.holder else ""} for u in units]}
        pdf = render_act(act, signed_at=timezone.now(), officer=by.get_full_name() or by.username)
        act.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        act.pdf.save(f"{act.number}.pdf", ContentFile(pdf), save=False)
        act.save()
        act.units.set(units)
        lifecycle.change_status_many([u.pk for u in units], U.WRITTEN_OFF, by=by, reference=act.number,
                                     note=f"{reason.label} · {act.document_number}")
    return act


def _check(unit):
    if unit.status == U.IN_TRANSIT:
        raise WriteOffRefused(_("Unit %(tag)s is in transit and cannot be written off; receive it first.")
                              % {"tag": unit.display_tag})
    if unit.status == U.WRITTEN_OFF:
        raise WriteOffRefused(_("Unit %(tag)s is already written off.") % {"tag": unit.display_tag})
    lifecycle.check_transition(unit, U.WRITTEN_OFF)


def _next_number():
    # Called under the units' locks; two write-offs racing for a number meet the unique index instead.
    last = WriteOff.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"WO-{last + 1:06d}"


def render_act(act, *, signed_at, officer):
    """The act as PDF bytes; what it states comes from the act's frozen summary."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    look = Look()
    p = look.p
    rows = act.summary["units"]
    story = [p(f"{L['title'][0]} {act.number}", look.head), p(f"{L['title'][1]} {act.number}", look.head),
             Spacer(1, 4 * mm)]
    facts = [(both("date"), timezone.localtime(signed_at).strftime("%d.%m.%Y %H:%M")),
             (both("programme"), in_both_languages(settings.PROGRAMME_NAME)),
             (both("reason"), both(act.reason, REASONS)), (both("document"), act.document_number)]
    if act.note:
        facts.append((both("note"), act.note))
    story.append(Table([[p(k), p(v)] for k, v in facts], colWidths=[55 * mm, 121 * mm]))
    story.append(p(f"{both('total')}: {len(rows)}", look.section))
    header = [p(both(k)) for k in ("tag", "item", "serial", "holder")]
    body = [[p(r["tag"]), p(r["item"]), p(r["serial"]), p(r["holder"])] for r in rows]
    story.append(Table([header, *body], colWidths=[26 * mm, 66 * mm, 34 * mm, 50 * mm], repeatRows=1,
                       style=look.grid))
    story += [Spacer(1, 12 * mm), p(f"{both('officer')}: {officer} ____________________")]
    return build(story, title=f"{L['title'][0]} {act.number}", author=officer, subject=act.document_number,
                 reference=act.number)
