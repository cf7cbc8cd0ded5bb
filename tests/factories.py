"""Small builders for the tests' world: items, institutions, shipments with units."""

import itertools
from datetime import date

from inventory import lifecycle
from inventory.identifiers import complete_bin
from inventory.models import Area, Institution, Item
from logistics.models import Shipment, ShipmentLine, ShipmentUnit

_seq = itertools.count(1)


def valid_bin():
    while True:
        n = next(_seq)
        if bin_ := complete_bin(f"9901{n:07d}"):
            return bin_


def area(code="351000000", name="Karaganda", level=Area.Level.CITY, parent=None):
    if parent is None and level != Area.Level.COUNTRY:
        parent, _ = Area.objects.get_or_create(
            code="350000000", defaults={"name_en": "Karaganda region", "name_ru": "Карагандинская область",
                                        "name_kk": "Қарағанды облысы", "level": Area.Level.REGION,
                                        "parent": Area.objects.get_or_create(
                                            code="000000000", defaults={"name_en": "Kazakhstan",
                                                                        "name_ru": "Казахстан",
                                                                        "name_kk": "Қазақстан",
                                                                        "level": Area.Level.COUNTRY})[0]})
    obj, _ = Area.objects.get_or_create(code=code, defaults={
        "name_en": name, "name_ru": name, "name_kk": name, "level": level, "parent": parent})
    return obj


def institution(name="School No. 1", kind=Institution.Kind.GENERAL_SCHOOL, in_area=None, **extra):
    return Institution.objects.create(
        bin=valid_bin(), name_ru=name, name_kk=name, name_en=name, kind=kind,
        area=in_area or area(), settlement="Karaganda", latitude=49.8, longitude=73.1, **extra)


def item(code=None, tracking=Item.Tracking.SERIALISED, category=Item.Category.ASSISTIVE, name="Braille display"):
    code = code or f"IT-{next(_seq):04d}"
    return Item.objects.create(code=code, name_en=name, name_ru=name, name_kk=name,
                               category=category, tracking=tracking)


def shipment(destination, *, units=3, counted=0, dispatched=True, by=None, of_item=None):
    """A shipment carrying `units` serialised units (and a counted line of `counted`), dispatched by default."""
    n = next(_seq)
    ship = Shipment.objects.create(waybill_number=f"WB-{n:05d}", supplier="Supplier LLP", contract="Lot 12",
                                   destination=destination, dispatch_date=date(2025, 9, 1), created_by=by)
    from logistics.shipments import record_created

    record_created([ship.pk], by=by)
    serialised = of_item or item()
    if units:
        line = ShipmentLine.objects.create(shipment=ship, item=serialised, quantity_expected=units)
        created = lifecycle.create_units(
            [lifecycle.NewUnit(serialised.pk, f"SN-{n}-{i}", destination.pk) for i in range(units)],
            by=by, reference=ship.waybill_number, shipment_id=ship.pk)
        ShipmentUnit.objects.bulk_create([ShipmentUnit(shipment=ship, unit_id=u.pk, line=line) for u in created])
    if counted:
        ShipmentLine.objects.create(shipment=ship, item=item(tracking=Item.Tracking.COUNTED, name="Pack of cards"),
                                    quantity_expected=counted)
    if dispatched:
        from logistics.shipments import dispatch

        dispatch(ship.pk, by=by)
        ship.refresh_from_db()
    return ship


def installed_in_a_room(school, *, by, units=3, room_name="Кабинет"):
    """A delivery received and installed in one room of the school: (the room, its units by pk)."""
    from inventory.models import Room, Unit

    delivered = list(shipment(school, units=units).units.order_by("pk"))
    room = Room.objects.create(institution=school, name=room_name)
    for unit in delivered:
        lifecycle.change_status(unit.pk, Unit.Status.RECEIVED, by=by)
        lifecycle.change_status(unit.pk, Unit.Status.INSTALLED, by=by, room_id=room.pk)
    return room, delivered
