"""Demo step: rooms for the installed units, and one closed verification round over a sample of
Karaganda institutions, visited by the demo monitor, with its signed acts.

Like the shipments step, everything goes through the services the screens use (installation,
verification, verification_acts), so the demo's history is the one the application would have
written. A round that already exists (by name) is left alone.
"""

import io
import uuid

from django.contrib.auth.models import User
from PIL import Image, ImageDraw

from inventory import installation, lifecycle
from inventory.models import Area, Profile, Unit
from logistics import verification, verification_acts
from logistics.models import VerificationRound

from .places import KARAGANDA_REGION

ROUND_NAME = "Проверка 2025: выборка учреждений Карагандинской области"
SEED = 2025
SAMPLE_SIZE = 4
ROOMS = ("Кабинет поддержки инклюзии", "Сенсорная комната", "Класс 2Б")
# What the monitor finds, unit by unit in turn: (found?, condition, in use, reason); the last room is
# "elsewhere" for every fourth unit found.
ANSWERS = [
    (True, "working", True, ""),
    (True, "working", True, ""),
    (True, "needs_repair", False, "missing_parts"),
    (True, "working", False, "no_trained_teacher"),
    (False, "", None, ""),
    (True, "broken", False, "broken"),
    (True, "working", False, "not_unpacked"),
    (True, "working", True, ""),
]


def _signature(text):
    image = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + i * 11, 70 + (12 if i % 3 else -14) + (i % 5)) for i in range(30)]
    draw.line(points, fill=(11, 31, 92, 255), width=3)
    draw.text((24, 92), text, fill=(11, 31, 92, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _rooms(by):
    """Every installed unit without a room moves into one of its institution's rooms."""
    placed = 0
    for inst_id in Unit.objects.filter(status=Unit.Status.INSTALLED, room__isnull=True).values_list(
            "holder_id", flat=True).distinct():
        rooms = [installation.room_named(inst_id, name) for name in ROOMS]
        units = Unit.objects.filter(holder_id=inst_id, status=Unit.Status.INSTALLED, room__isnull=True)
        for i, pk in enumerate(units.order_by("pk").values_list("pk", flat=True)):
            lifecycle.move_to_room(pk, rooms[i % len(rooms)].pk, by=by)
            placed += 1
    return placed


def _visit(round_, institution, monitor, staff):
    visit = verification.start_visit(round_.pk, institution.pk, by=monitor)
    rooms = list(institution.rooms.order_by("name"))
    units = list(verification.expected_units(visit).order_by("pk"))
    for i, unit in enumerate(units[:-1]):  # the last one is never scanned: closing finds it missing
        seen, condition, in_use, reason = ANSWERS[i % len(ANSWERS)]
        room = unit.room
        if seen and rooms and unit.room_id and i % 4 == 3:
            room = next((r for r in rooms if r.pk != unit.room_id), room)  # found in another room
        verification.record_finding(visit.pk, unit.pk, by=monitor, scan_id=uuid.uuid4(), room=room if seen else None,
                                    not_found=not seen, condition=condition, in_use=in_use, reason=reason,
                                    latitude=institution.latitude, longitude=institution.longitude)
    verification.close_visit(visit.pk, by=monitor)
    verification_acts.sign_visit_act(
        visit.pk, by=monitor, verifier_name=monitor.get_full_name(),
        representative_name=staff.get_full_name() if staff else "Директор организации",
        representative_position="Директор", verifier_png=_signature("monitor"), representative_png=_signature("dir"))


def load():
    manager = User.objects.get(username="manager")
    monitor = User.objects.get(username="monitor")
    placed = _rooms(User.objects.get(username="staff"))
    if VerificationRound.objects.filter(name=ROUND_NAME).exists():
        return f"{placed} units placed in rooms; the round exists"
    area = Area.objects.get(code=KARAGANDA_REGION)
    round_ = verification.open_round(name=ROUND_NAME, by=manager, selection=VerificationRound.Selection.SAMPLE,
                                     area_id=area.pk, sample_size=SAMPLE_SIZE, seed=SEED, recipients_only=True)
    sample = list(round_.institutions.all())
    Profile.objects.get(user=monitor).monitored.set(sample)
    for institution in sample:
        staff = Profile.objects.filter(institution=institution).select_related("user").first()
        _visit(round_, institution, monitor, staff.user if staff else None)
    verification.close_round(round_.pk, by=manager)
    return f"{placed} units placed in rooms; a closed round over {len(sample)} sampled institutions"
