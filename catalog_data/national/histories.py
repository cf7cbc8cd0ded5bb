"""The national demo's shipments, units and events, written as the life cycles would have written them.

Each shipment is told as one story: created from an import, dispatched, its units received (a few
damaged, some never arriving), the receipt closed, the units installed in the school's rooms and
some moved from room to room over the years. The rows are the ones `inventory.lifecycle` and
`logistics.shipments` would have appended, step by step, with the same statuses, places and
references, so every unit's status is the last event's, and every shipment's status is what its
units say. The newest shipments are still open: drafts, on their way, partly or wholly arrived.
Rows go in through `bulk` (COPY on PostgreSQL), never as model instances.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from inventory.identifiers import TAG_ALPHABET, TAG_BODY_LENGTH, new_room_code, tag_check_character
from inventory.models import Room, Unit, UnitEvent
from logistics.models import Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit

from .bulk import Table, timestamp

U = Unit.Status
S = Shipment.Status
A = ShipmentEvent.Action
PREFIX = "NAT-"
START = datetime(2022, 9, 1, tzinfo=UTC).timestamp()
END = datetime(2026, 9, 1, tzinfo=UTC).timestamp()
DAY = 86400
SUPPLIERS = ["ТОО «Инклюзив Снаб»", "ТОО «EduTech Kazakhstan»", "ТОО «Сенсорика KZ»", "ТОО «Алем Мебель»",
             "ТОО «Qazaq Assistive»"]
CONTRACT = "8709-KZ / QCBS-12, лот {lot}"
ROOMS = ["Inclusion classroom", "Sensory room", "Speech therapist's room"]
DAMAGED_NOTE = "Повреждена упаковка при доставке"
MISSING_NOTE = "Не доставлено"
# The newest shipments, by share of all, in the status they are still in.
OPEN_SHARES = [(S.DRAFT, 0.02), (S.DISPATCHED, 0.02), (S.PARTIALLY_RECEIVED, 0.015), (S.ARRIVED, 0.01)]
TAG_SPACE = len(TAG_ALPHABET) ** TAG_BODY_LENGTH
TAG_STRIDE = 1_000_003  # coprime with 31**7: unit id -> tag is one-to-one


def tag_for(unit_id, taken):
    """A unit's asset tag, a fixed permutation of its id (unique, and unlike the demo's random ones)."""
    n = (unit_id * TAG_STRIDE + 12345) % TAG_SPACE
    while True:
        body = []
        for _position in range(TAG_BODY_LENGTH):
            n, digit = divmod(n, len(TAG_ALPHABET))
            body.append(TAG_ALPHABET[digit])
        tag = "".join(body) + tag_check_character("".join(body))
        if tag not in taken:
            return tag
        n = (unit_id * TAG_STRIDE + 7 * TAG_SPACE // 11) % TAG_SPACE  # a demo tag took it: step aside once


def sizes(units, shipments, rng):
    """Units per shipment: most a few dozen, some hundreds; they add up to `units` exactly."""
    raw = [rng.lognormvariate(0, 0.9) for _ in range(shipments)]
    scale = units / sum(raw)
    out = [max(1, round(r * scale)) for r in raw]
    order = sorted(range(shipments), key=lambda i: -out[i])
    k = 0
    while (gap := units - sum(out)) != 0:
        i = order[k % shipments]
        if gap > 0 or out[i] > 1:
            out[i] += 1 if gap > 0 else -1
        k += 1
    return out


def statuses(shipments, rng):
    """The shipments' statuses in dispatch order: the oldest closed, the newest still open."""
    open_counts = [(status, round(shipments * share)) for status, share in OPEN_SHARES]
    closed = shipments - sum(n for _, n in open_counts)
    out = [S.CLOSED_WITH_DISCREPANCIES if rng.random() < 0.2 else S.RECEIVED for _ in range(closed)]
    for status, n in reversed(open_counts):
        out.extend([status] * n)
    return out


@dataclass
class World:
    """What the stories are told about, and the tables they write into."""

    institutions: list
    items: list
    officer_id: int
    ids: object
    taken_tags: set
    rng: random.Random
    rooms: dict = field(default_factory=dict)  # institution id -> its room ids
    room_codes: set = field(default_factory=set)

    def __post_init__(self):
        self.room_table = Table(Room, ["id", "institution_id", "name", "code", "created_at"])
        self.shipments = Table(Shipment, ["id", "waybill_number", "supplier", "contract", "destination_id", "status",
                                          "dispatch_date", "created_by_id", "created_at", "dispatched_at",
                                          "closed_at"])
        self.lines = Table(ShipmentLine, ["id", "shipment_id", "item_id", "quantity_expected"])
        self.units = Table(Unit, ["id", "item_id", "serial", "asset_tag", "status", "holder_id", "room_id",
                                  "created_at"])
        self.carried = Table(ShipmentUnit, ["id", "shipment_id", "unit_id", "line_id"])
        self.events = Table(UnitEvent, ["id", "unit_id", "old_status", "new_status", "at", "actor_id", "place_id",
                                        "room_id", "reference", "note", "shipment_id"])
        self.shipment_events = Table(ShipmentEvent, ["id", "shipment_id", "action", "old_status", "new_status",
                                                     "at", "actor_id", "note"])

    def take(self):
        """What was collected, table by table, parents before children, to be written by `Table.write`."""
        tables = (self.room_table, self.shipments, self.lines, self.units, self.carried, self.events,
                  self.shipment_events)
        return [(t, t.take()) for t in tables]

    def rooms_of(self, institution_id, at):
        if institution_id not in self.rooms:
            first = self.ids.take(Room, len(ROOMS))
            for offset, name in enumerate(ROOMS):
                while (code := new_room_code()) in self.room_codes:
                    pass
                self.room_codes.add(code)
                self.room_table.add(first + offset, institution_id, name, code, timestamp(at))
            self.rooms[institution_id] = list(range(first, first + len(ROOMS)))
        return self.rooms[institution_id]


def tell(world, number, size, status, when):
    """One shipment's story, from its import to its units' last room move."""
    rng, ids = world.rng, world.ids
    pk = ids.take(Shipment)
    destination = rng.choice(world.institutions)
    waybill = f"{PREFIX}{datetime.fromtimestamp(when, tz=UTC).year}-{number:06d}"
    created, dispatched = when - 3 * DAY, when
    if status == S.PARTIALLY_RECEIVED and size == 1:
        status = S.DISPATCHED  # one unit has either arrived or not
    story = Story(world, pk, waybill, destination, status, created, dispatched)
    lines = story.lines(size)
    story.units(lines)
    closed_at = story.receipt()
    is_draft = status == S.DRAFT
    day = datetime.fromtimestamp(dispatched, tz=UTC).date().isoformat()
    world.shipments.add(pk, waybill, rng.choice(SUPPLIERS), CONTRACT.format(lot=rng.randint(1, 40)), destination,
                        status, day, world.officer_id, timestamp(created), None if is_draft else timestamp(dispatched),
                        None if closed_at is None else timestamp(closed_at))


class Story:
    def __init__(self, world, pk, waybill, destination, status, created, dispatched):
        self.world, self.pk, self.waybill, self.destination = world, pk, waybill, destination
        self.status, self.created, self.dispatched = status, created, dispatched
        self.unit_ids, self.arrivals = [], []
        self.closed_at = None

    def event(self, unit_id, old, new, at, *, place=None, room=None, note="", in_shipment=True, actor=None):
        world = self.world
        world.events.add(world.ids.take(UnitEvent), unit_id, old, new, timestamp(at), actor, place, room,
                         self.waybill if in_shipment else "", note, self.pk if in_shipment else None)

    def shipment_event(self, action, old, new, at, note=""):
        world = self.world
        world.shipment_events.add(world.ids.take(ShipmentEvent), self.pk, action, old, new, timestamp(at),
                                  world.officer_id if action in (A.CREATED, A.DISPATCHED) else None, note)

    def lines(self, size):
        """The waybill's lines: one to six catalogue items sharing the shipment's units."""
        rng, world = self.world.rng, self.world
        count = min(size, rng.randint(1, 6))
        items = rng.sample(world.items, count)
        cuts = sorted(rng.sample(range(1, size), count - 1)) if count > 1 else []
        quantities = [b - a for a, b in zip([0, *cuts], [*cuts, size], strict=True)]
        lines = []
        for item, quantity in zip(items, quantities, strict=True):
            line = world.ids.take(ShipmentLine)
            world.lines.add(line, self.pk, item, quantity)
            lines.append((line, item, quantity))
        return lines

    def units(self, lines):
        """Every unit of the waybill: created with the import, sent with the shipment, then its fate."""
        world, rng = self.world, self.world.rng
        self.shipment_event(A.CREATED, "", S.DRAFT, self.created)
        if self.status != S.DRAFT:
            self.shipment_event(A.DISPATCHED, S.DRAFT, S.DISPATCHED, self.dispatched)
        total = sum(q for _, _, q in lines)
        arrived = self.arrived_count(total)
        arrival = self.dispatched + rng.randint(3, 20) * DAY + 9 * 3600
        if self.status in (S.RECEIVED, S.CLOSED_WITH_DISCREPANCIES):
            self.closed_at = arrival + max(arrived - 1, 0) * 40 + DAY
        # Closed with discrepancies though everything came: then something came damaged.
        self.must_damage = self.status == S.CLOSED_WITH_DISCREPANCIES and arrived == total
        index = 0
        for line, item, quantity in lines:
            for _ in range(quantity):
                pk = world.ids.take(Unit)
                status, room = self.fate(pk, index, index < arrived, arrival + index * 40)
                world.units.add(pk, item, f"NS{pk:08d}", tag_for(pk, world.taken_tags), status, self.destination,
                                room, timestamp(self.created))
                world.carried.add(world.ids.take(ShipmentUnit), self.pk, pk, line)
                index += 1

    def arrived_count(self, total):
        if self.status in (S.DRAFT, S.DISPATCHED):
            return 0
        if self.status == S.PARTIALLY_RECEIVED:
            return self.world.rng.randint(1, total - 1) if total > 1 else 0
        if self.status == S.CLOSED_WITH_DISCREPANCIES and total > 1 and self.world.rng.random() < 0.6:
            return total - self.world.rng.randint(1, max(1, total // 10))  # some never came
        return total

    def fate(self, pk, index, arrives, at):
        """The unit's events after its creation; returns its status and room."""
        self.event(pk, "", U.EXPECTED, self.created, place=self.destination, actor=self.world.officer_id)
        if self.status == S.DRAFT:
            return U.EXPECTED, None
        self.event(pk, U.EXPECTED, U.IN_TRANSIT, self.dispatched, actor=self.world.officer_id)
        if not arrives:
            self.unit_ids.append((pk, U.IN_TRANSIT))
            if self.closed_at is None:
                return U.IN_TRANSIT, None
            self.event(pk, U.IN_TRANSIT, U.MISSING, self.closed_at, place=self.destination, note=MISSING_NOTE)
            return U.MISSING, None
        rng = self.world.rng
        damaged = ((self.must_damage and index == 0) or (self.status != S.RECEIVED and rng.random() < 0.03))
        status = U.DAMAGED if damaged else U.RECEIVED
        self.event(pk, U.IN_TRANSIT, status, at, place=self.destination, note=DAMAGED_NOTE if damaged else "")
        self.arrivals.append(at)
        self.unit_ids.append((pk, status))
        if damaged or self.closed_at is None or rng.random() < 0.2:
            return status, None
        return self.install(pk, at + rng.randint(2, 40) * DAY)

    def install(self, pk, at):
        """Installed in one of the school's rooms, and moved between them now and then."""
        rng = self.world.rng
        rooms = self.world.rooms_of(self.destination, at)
        room = rng.choice(rooms)
        self.event(pk, U.RECEIVED, U.INSTALLED, at, place=self.destination, room=room, in_shipment=False)
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            at += rng.randint(30, 300) * DAY
            if at >= END:
                break
            room = rng.choice([r for r in rooms if r != room])
            self.event(pk, U.INSTALLED, U.INSTALLED, at, place=self.destination, room=room, in_shipment=False)
        return U.INSTALLED, room

    def receipt(self):
        """The shipment's receipt steps, as logistics.shipments takes them; returns when it closed, if it did."""
        if self.status in (S.DRAFT, S.DISPATCHED):
            return None
        first, last = min(self.arrivals), max(self.arrivals)
        everything = len(self.arrivals) == len(self.unit_ids)
        if len(self.unit_ids) > 1 or not everything:
            self.shipment_event(A.FIRST_ARRIVAL, S.DISPATCHED, S.PARTIALLY_RECEIVED, first)
            previous = S.PARTIALLY_RECEIVED
        else:
            previous = S.DISPATCHED
        if everything:
            self.shipment_event(A.ALL_ARRIVED, previous, S.ARRIVED, last)
            previous = S.ARRIVED
        if self.status in (S.PARTIALLY_RECEIVED, S.ARRIVED):
            return None
        self.shipment_event(A.CLOSED, previous, self.status, self.closed_at)
        return self.closed_at
