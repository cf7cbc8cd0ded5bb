"""Demo step: transfers between institutions, taken through logistics.transfers as the screens take them.

- a completed one: a special school hands three units to the demo school, which receives two by
  scanning and refuses one; its receipt is closed and its act signed (the dispatch note is drawn
  on demand);
- an open one: the university's units on their way to the demo school, waiting to be scanned;
- a proposal from the university waiting for an officer's or manager's approval.
An order that already exists (by its reason, which names it) is left alone: history is never rewritten.
Its steps are dated when the demo loads, after the verification step's (a unit's events follow each other).
"""

import io

from django.contrib.auth.models import User
from django.db import transaction
from PIL import Image, ImageDraw

from inventory import lifecycle
from inventory.models import Institution, Unit
from logistics import acts, transfers
from logistics.models import TransferLine, TransferOrder

from .shipments import _receiver
from .users import DEMO_SCHOOL

U = Unit.Status
SPECIAL = "Special boarding school No. 5 for blind and low-vision children"
UNIVERSITY = "Buketov Karaganda University"
COMPLETED = "Класс для слабовидящих детей переведён в общеобразовательную школу № 1 (демо: завершённая передача)"
OPEN = "Оборудование инклюзивного кабинета передаётся школе на учебный год (демо: ожидает приёмки)"
PROPOSED = "Учебные пособия для кабинета поддержки инклюзии (демо: ожидает согласования)"
REFUSAL = "Не работает дисплей, принимать отказались"


def _units(institution, n):
    busy = TransferLine.objects.filter(open=True).values("unit_id")
    return list(Unit.objects.filter(holder=institution, status__in=transfers.TRANSFERABLE).exclude(pk__in=busy)
                .order_by("pk").values_list("pk", flat=True)[:n])


def _signature():
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 90), (90, 30), (150, 95), (220, 35), (330, 80)], fill="black", width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _completed(officer, special, school, staff):
    sender = _receiver(special)
    order = transfers.propose(special.pk, school.pk, _units(special, 3), by=sender, reason=COMPLETED)
    transfers.approve(order.pk, by=officer)
    order = transfers.dispatch(order.pk, by=sender)
    shipment = order.shipment
    taken = list(shipment.units.order_by("pk").values_list("pk", flat=True))[:2]
    refused = shipment.units.exclude(pk__in=taken).values_list("pk", flat=True).first()
    for pk in taken:  # scanned as the receipt page scans: the receiver becomes the holder
        lifecycle.change_status(pk, U.RECEIVED, by=staff, place_id=school.pk, holder_id=school.pk,
                                reference=order.number, shipment_id=shipment.pk)
    transfers.refuse_unit(shipment.pk, refused, by=staff, reason=REFUSAL)
    transfers.close_receipt(shipment.pk, by=staff)
    acts.sign_act(shipment.pk, by=staff, signer_name=staff.get_full_name(), signer_position="Директор",
                  signature_png=_signature())


def _open(university, school, manager):
    sender = _receiver(university)
    order = transfers.propose(university.pk, school.pk, _units(university, 3), by=sender, reason=OPEN)
    transfers.approve(order.pk, by=manager)
    transfers.dispatch(order.pk, by=sender)


def _proposed(university, school):
    transfers.propose(university.pk, school.pk, _units(university, 2), by=_receiver(university), reason=PROPOSED)


def load():
    officer, manager, staff = (User.objects.get(username=name) for name in ("officer", "manager", "staff"))
    special, university, school = (Institution.objects.get(name_en=name) for name in (SPECIAL, UNIVERSITY, DEMO_SCHOOL))
    made = 0
    for reason, make in ((COMPLETED, lambda: _completed(officer, special, school, staff)),
                         (OPEN, lambda: _open(university, school, manager)),
                         (PROPOSED, lambda: _proposed(university, school))):
        if TransferOrder.objects.filter(reason=reason).exists():
            continue
        with transaction.atomic():
            make()
        made += 1
    return f"{made} new transfers of 3 (one received with its act, one on its way, one waiting for approval)"
