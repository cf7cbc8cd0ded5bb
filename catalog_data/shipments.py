"""Demo step: shipments in every status, with units whose history is real.

Every unit is created by inventory.lifecycle.create_units and moved by change_status; every
shipment is dispatched, followed and closed by logistics.shipments, exactly as the screens do,
so the demo's events are the ones the application itself would have written, dated as they would
have happened around each waybill's dispatch date (`at=`). A shipment that already exists (by
supplier and waybill) is left alone: history is never rewritten.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from inventory import lifecycle
from inventory.models import Institution, Item, Profile, Role, Unit
from logistics import shipments as service
from logistics.models import Shipment, ShipmentLine, ShipmentUnit

from .users import DEMO_SCHOOL

U = Unit.Status
INSTALLED_NOTE = "Установлено в кабинете инклюзивного образования"
DAMAGED_NOTE = "Повреждена упаковка, на корпусе трещина; фото приложено"
SUPPLIERS = {
    "IS": "ТОО «Инклюзив Снаб»",
    "ET": "ТОО «EduTech Kazakhstan»",
    "SK": "ТОО «Сенсорика KZ»",
}
CONTRACT = "8709-KZ / QCBS-12, лот {lot}"


@dataclass(frozen=True)
class Plan:
    waybill: str
    supplier: str        # a key of SUPPLIERS
    lot: int
    destination: str     # the institution's English name
    dispatch_date: date
    lines: tuple         # (item code, quantity)
    outcome: str         # draft | dispatched | partial | arrived (not yet closed) | received | discrepancies
    damaged: int = 0     # units that arrive damaged
    missing: int = 0     # units that never arrive (made missing when the receipt is closed)
    short: int = 0       # packs of counted items that do not arrive
    installed: int = 0   # received units installed afterwards


PLANS = [
    Plan("НКЛ-2024-0101", "ET", 1, "Buketov Karaganda University", date(2024, 9, 12),
         (("AX-013", 1), ("AS-009", 2), ("AS-014", 6), ("AS-004", 4), ("FU-001", 8), ("TA-001", 10)),
         "received", installed=12),
    Plan("НКЛ-2024-0102", "ET", 2, "Special boarding school No. 5 for blind and low-vision children",
         date(2024, 10, 3), (("AS-001", 4), ("AS-006", 3), ("AS-002", 1), ("TA-008", 20), ("TA-003", 15)),
         "received", installed=5),
    Plan("НКЛ-2024-0103", "ET", 2, "Special boarding school No. 3 for deaf and hard-of-hearing children",
         date(2024, 10, 17), (("AS-003", 6), ("AS-015", 2), ("DK-010", 3), ("TA-007", 10)),
         "discrepancies", damaged=1, missing=1),
    Plan("НКЛ-2024-0104", "SK", 3, "Support centre for children with autism, Karaganda", date(2024, 11, 5),
         (("DK-001", 3), ("AX-002", 1), ("AX-005", 4), ("AX-006", 10), ("TA-001", 12)), "received", installed=4),
    Plan("НКЛ-2024-0105", "IS", 4, "Special boarding school No. 7 for children with mobility impairments",
         date(2024, 11, 20), (("FU-002", 10), ("FU-003", 6), ("FU-007", 2), ("AX-007", 2), ("AX-011", 3)),
         "discrepancies", missing=2),
    Plan("НКЛ-2024-0106", "SK", 3, DEMO_SCHOOL, date(2024, 12, 2), (("DK-003", 2), ("TA-002", 10)),
         "received", installed=2),
    Plan("НКЛ-2024-0107", "IS", 4, "Special school No. 6 for children with severe speech disorders",
         date(2025, 2, 11), (("FU-006", 4), ("AS-012", 2), ("DK-003", 4), ("TA-013", 30)), "received"),
    Plan("НКЛ-2024-0108", "IS", 5, "Special boarding school No. 10 for children with intellectual disabilities",
         date(2025, 3, 4), (("DK-007", 3), ("DK-014", 2), ("TA-015", 10)), "discrepancies", short=2),
    Plan("НКЛ-2025-0201", "SK", 6, DEMO_SCHOOL, date(2025, 9, 15),
         (("DK-005", 2), ("DK-015", 3), ("AS-009", 1), ("TA-009", 12)), "dispatched"),
    Plan("НКЛ-2025-0202", "IS", 6, DEMO_SCHOOL, date(2025, 9, 22),
         (("FU-001", 6), ("FU-002", 6), ("AS-004", 2)), "partial"),
    Plan("НКЛ-2025-0203", "SK", 6, "Office of psychological-pedagogical correction No. 1, Botakara",
         date(2025, 10, 1), (("DK-003", 2), ("DK-012", 2), ("AS-012", 1), ("TA-016", 6)), "dispatched"),
    Plan("НКЛ-2025-0204", "ET", 7, "Psychological-medical-pedagogical consultation No. 1, Karkaralinsk",
         date(2025, 10, 6), (("DK-011", 2), ("DK-008", 2), ("AS-010", 2)), "partial"),
    Plan("НКЛ-2025-0205", "IS", 7, "Children's rehabilitation centre No. 1, Temirtau", date(2025, 4, 8),
         (("AX-009", 2), ("AX-003", 1), ("FU-010", 4), ("AX-011", 2)), "received", installed=4),
    Plan("НКЛ-2025-0206", "SK", 7, "Office of psychological-pedagogical correction No. 1, Saran", date(2025, 4, 15),
         (("DK-002", 2), ("DK-005", 2), ("DK-011", 2), ("TA-010", 10)), "received", installed=3),
    Plan("НКЛ-2025-0207", "ET", 7, "Psychological-medical-pedagogical consultation No. 1, Balkhash",
         date(2025, 5, 6), (("DK-008", 2), ("DK-015", 2), ("AS-010", 2)), "arrived"),
    Plan("НКЛ-2025-0208", "IS", 8, "General school No. 3, Temirtau", date(2025, 5, 20),
         (("FU-001", 6), ("FU-002", 6), ("AS-004", 1)), "received", installed=10),
    Plan("НКЛ-2025-0209", "ET", 9, "Pedagogical college, Balkhash", date(2025, 6, 3),
         (("AX-013", 1), ("AS-014", 4), ("AS-004", 2), ("TA-001", 6)), "received", installed=5),
    Plan("НКЛ-2025-0210", "ET", 9, "General school No. 1, Osakarovka", date(2025, 10, 20),
         (("AS-009", 1), ("AS-014", 2), ("DK-015", 2), ("FU-001", 6)), "dispatched"),
    Plan("НКЛ-2025-0301", "SK", 8, "General school No. 1, Aktogay", date(2025, 11, 10),
         (("DK-001", 1), ("AX-003", 1), ("FU-005", 2), ("AS-007", 1)), "draft"),
    Plan("НКЛ-2025-0302", "SK", 8, "General school No. 1, Nura", date(2025, 11, 12),
         (("DK-013", 2), ("FU-008", 1), ("TA-005", 8)), "draft"),
    Plan("НКЛ-2025-0303", "ET", 9, "Karaganda Industrial University", date(2025, 11, 14),
         (("AX-013", 1), ("AS-014", 4)), "draft"),
]


def _receiver(institution):
    """The member of staff who scans at `institution`: the demo user at the demo school, else a
    colleague without a password (they only appear in the history)."""
    profile = Profile.objects.filter(institution=institution, user__groups__name=Role.SCHOOL_STAFF.value).first()
    if profile:
        return profile.user
    user, created = User.objects.get_or_create(username=f"receiver-{institution.bin}", defaults={
        "first_name": "Ответственный", "last_name": "за приёмку"})
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.SCHOOL_STAFF.value))
        Profile.objects.create(user=user, institution=institution)
    return user


def moment(day, *, days=0, hour=10, minute=0):
    """When a demo step happened: `days` after `day`, at a working hour in Almaty, never in the future."""
    when = timezone.make_aware(datetime.combine(day + timedelta(days=days), time(hour)) + timedelta(minutes=minute))
    return min(when, timezone.now())


def _create(plan, officer, items):
    destination = Institution.objects.get(name_en=plan.destination)
    shipment = Shipment.objects.create(
        waybill_number=plan.waybill, supplier=SUPPLIERS[plan.supplier], contract=CONTRACT.format(lot=plan.lot),
        destination=destination, dispatch_date=plan.dispatch_date, created_by=officer)
    created = moment(plan.dispatch_date, days=-5, hour=9)
    service.record_created([shipment.pk], by=officer, at=created)
    Shipment.objects.filter(pk=shipment.pk).update(created_at=created)  # not a status: the record's own date
    for code, quantity in plan.lines:
        item = items[code]
        line = ShipmentLine.objects.create(shipment=shipment, item=item, quantity_expected=quantity)
        if item.is_serialised:
            serials = [f"{plan.supplier}{plan.waybill[-7:]}-{code}-{n:03d}" for n in range(1, quantity + 1)]
            units = lifecycle.create_units([lifecycle.NewUnit(item.pk, s, destination.pk) for s in serials],
                                           by=officer, reference=plan.waybill, shipment_id=shipment.pk, at=created)
            ShipmentUnit.objects.bulk_create([ShipmentUnit(shipment=shipment, unit_id=u.pk, line=line) for u in units])
    return shipment


def _receive(plan, shipment, receiver):
    """A few days on the road, closed two days after arrival, installed a week and a half later."""
    arrival = plan.dispatch_date + timedelta(days=4 + plan.lot % 5)
    _arrive(plan, shipment, receiver, arrival)
    if plan.outcome in ("received", "discrepancies"):
        service.close_receipt(shipment.pk, by=receiver, at=moment(arrival, days=2, hour=15))
    _install(plan, shipment, receiver, moment(arrival, days=12))


def _arrive(plan, shipment, receiver, day):
    units = list(shipment.units.order_by("pk").values_list("pk", flat=True))
    arriving = units[: len(units) // 2] if plan.outcome == "partial" else units[: len(units) - plan.missing]
    damaged = set(arriving[len(arriving) - plan.damaged:]) if plan.damaged else set()
    common = {"by": receiver, "place_id": shipment.destination_id, "shipment_id": shipment.pk,
              "reference": plan.waybill}
    for n, pk in enumerate(arriving):  # scanned one a minute
        at = moment(day, hour=11, minute=n)
        if pk in damaged:
            lifecycle.change_status(pk, U.DAMAGED, note=DAMAGED_NOTE, at=at, **common)
        else:
            lifecycle.change_status(pk, U.RECEIVED, at=at, **common)
    for line in shipment.lines.filter(item__tracking="counted"):
        received = line.quantity_expected // 2 if plan.outcome == "partial" else line.quantity_expected - plan.short
        ShipmentLine.objects.filter(pk=line.pk).update(quantity_received=received)
    # As the last scan of the day settled it.
    service.note_receipt_progress(shipment.pk, by=receiver, at=moment(day, hour=11, minute=len(arriving)))


def _install(plan, shipment, receiver, when):
    arrived = shipment.units.filter(status=U.RECEIVED).order_by("pk").values_list("pk", flat=True)
    for n, pk in enumerate(list(arrived)[: plan.installed]):
        lifecycle.change_status(pk, U.INSTALLED, by=receiver, place_id=shipment.destination_id,
                                note=INSTALLED_NOTE, at=when + timedelta(minutes=n))


def load():
    officer = User.objects.get(username="officer")
    items = {i.code: i for i in Item.objects.all()}
    created = 0
    for plan in PLANS:
        if Shipment.objects.filter(supplier=SUPPLIERS[plan.supplier], waybill_number=plan.waybill).exists():
            continue
        with transaction.atomic():
            shipment = _create(plan, officer, items)
            if plan.outcome != "draft":
                service.dispatch(shipment.pk, by=officer, at=moment(plan.dispatch_date))
                if plan.outcome != "dispatched":
                    _receive(plan, shipment, _receiver(shipment.destination))
        created += 1
    return f"{created} new shipments of {len(PLANS)}"
