"""The world of the programme-results stories: a clock the tests move, and a small programme
whose deliveries span three quarters (2024Q3, 2024Q4, 2025Q1)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from inventory import lifecycle
from inventory.models import Area, Institution, Item, Unit, UnitEvent
from logistics import shipments as service
from logistics.models import Indicator, Programme, Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit
from logistics.results.indicators import REGISTRY
from tests import factories

U = Unit.Status


class Clock:
    """Every event the application writes is stamped with `now`, which the story sets."""

    def __init__(self, monkeypatch):
        self.now = timezone.make_aware(datetime(2024, 7, 1, 12))
        real = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: self.now or real())
        for model in (UnitEvent, ShipmentEvent):
            field = model._meta.get_field("at")
            monkeypatch.setattr(field, "_get_default", timezone.now)

    def set(self, year, month, day, hour=12):
        self.now = timezone.make_aware(datetime(year, month, day, hour))

    def release(self):
        """Back to the real time, for a browser that logs in now."""
        self.now = None


@dataclass
class World:
    university: Institution
    school: Institution
    furniture: Item
    kit: Item
    aids: Item
    first: Shipment = None
    second: Shipment = None


def _item(code, category, tracking=Item.Tracking.SERIALISED):
    return Item.objects.create(code=code, name_en=code, name_ru=code, name_kk=code, category=category,
                               tracking=tracking)


def send(destination, lines, *, by):
    """A shipment created and dispatched now: `lines` are (item, quantity)."""
    shipment = Shipment.objects.create(waybill_number=f"WB-{Shipment.objects.count() + 1}", supplier="LLP",
                                       destination=destination, created_by=by)
    service.record_created([shipment.pk], by=by)
    for item, quantity in lines:
        line = ShipmentLine.objects.create(shipment=shipment, item=item, quantity_expected=quantity)
        if item.is_serialised:
            units = lifecycle.create_units([lifecycle.NewUnit(item.pk, f"{shipment.pk}-{item.code}-{n}",
                                                              destination.pk) for n in range(quantity)],
                                           by=by, shipment_id=shipment.pk)
            ShipmentUnit.objects.bulk_create([ShipmentUnit(shipment=shipment, unit_id=u.pk, line=line)
                                              for u in units])
    service.dispatch(shipment.pk, by=by)
    return shipment


def arrive(shipment, units, *, by, status=U.RECEIVED):
    for unit in units:
        lifecycle.change_status(unit.pk, status, by=by, place_id=shipment.destination_id, shipment_id=shipment.pk)
    service.note_receipt_progress(shipment.pk, by=by)


def programme():
    """The programme, with every indicator of the registry and a target for each."""
    prog = Programme.objects.create(code="p", name_en="Programme", name_ru="Программа", name_kk="Бағдарлама",
                                    funder_reference="World Bank 8709-KZ", iati_identifier="XM-DAC-44000-P1",
                                    starts=datetime(2024, 7, 1).date(), ends=datetime(2026, 12, 31).date())
    for position, code in enumerate(REGISTRY):
        Indicator.objects.create(programme=prog, code=code, definition=code, target=10, position=position,
                                 name_en=code, name_ru=code, name_kk=code)
    return prog


def build(clock, officer, staff_user):
    """Q3 2024: the university's shipment arrives, one unit damaged and one missing, one desk is
    installed, the act is signed. Q4 2024: a second shipment leaves for a district school."""
    district = factories.area("352000000", "Abai district", level=Area.Level.DISTRICT)
    world = World(
        university=factories.institution("University", kind=Institution.Kind.UNIVERSITY),
        school=factories.institution("District school", in_area=district),
        furniture=_item("FU-1", Item.Category.FURNITURE), kit=_item("DK-1", Item.Category.DIDACTIC_KIT),
        aids=_item("TA-1", Item.Category.TEACHING_AID, Item.Tracking.COUNTED))
    clock.set(2024, 8, 15)
    world.first = send(world.university, [(world.furniture, 4), (world.aids, 10)], by=officer)
    units = list(world.first.units.order_by("pk"))
    clock.set(2024, 8, 20)
    arrive(world.first, units[:2], by=staff_user)
    arrive(world.first, units[2:3], by=staff_user, status=U.DAMAGED)
    ShipmentLine.objects.filter(shipment=world.first, item=world.aids).update(quantity_received=10)
    service.note_receipt_progress(world.first.pk, by=staff_user)
    clock.set(2024, 8, 21)
    service.close_receipt(world.first.pk, by=staff_user)
    clock.set(2024, 8, 25)
    lifecycle.change_status(units[0].pk, U.INSTALLED, by=staff_user, place_id=world.university.pk)
    clock.set(2024, 8, 26)
    with transaction.atomic():
        service.record_act_signed(Shipment.objects.select_for_update().get(pk=world.first.pk), by=staff_user)
    clock.set(2024, 11, 10)
    world.second = send(world.school, [(world.kit, 2)], by=officer)
    return world


def next_quarter(clock, world, staff_user):
    """Q1 2025: the district school's kits arrive and a second desk is installed."""
    clock.set(2025, 2, 3)
    arrive(world.second, world.second.units.order_by("pk"), by=staff_user)
    clock.set(2025, 2, 4)
    desk = world.first.units.filter(status=U.RECEIVED).order_by("pk").first()
    lifecycle.change_status(desk.pk, U.INSTALLED, by=staff_user, place_id=world.university.pk)


def with_programme_over_two_quarters(clock, officer):
    """The world, its programme with targets, and the second quarter's deliveries: what the results
    page, the stored quarters and the browser story read."""
    world = build(clock, officer, officer)
    programme()
    next_quarter(clock, world, officer)
    return world
