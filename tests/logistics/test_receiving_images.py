"""Damage photos and signatures are images checked by their content: a tiny file that unpacks to
billions of pixels is refused with a clear message instead of taking the server down, a huge photo
is shrunk, and what is stored is an upright JPEG without the phone's location."""

import base64
import io
import struct
import zlib

import pytest
from django.urls import reverse
from PIL import Image

from inventory.models import Unit
from logistics import images
from logistics.models import AcceptanceAct, DamagePhoto

from .test_receiving_act import closed, sign  # noqa: F401  (closed: the fixture of a closed receipt)


def blank_png(width, height):
    """A black-and-white PNG of any size written by hand: a 20,000 × 20,000 one is about 48 KB."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def phone_photo(size, *, orientation=1, gps=True):
    """A JPEG as a phone writes it: EXIF orientation and, unless told otherwise, a GPS position."""
    image = Image.new("RGB", size, (150, 40, 40))
    image.paste((20, 20, 200), (0, 0, size[0] // 4, size[1] // 4))   # a blue corner shows the rotation
    exif = Image.Exif()
    exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (49.0, 48.0, 0.0), 3: "E", 4: (73.0, 5.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(data, name="photo.jpg"):
    file = io.BytesIO(data)
    file.name = name
    return file


def report_damage(client, shipment, photo):
    unit = shipment.units.first()
    return unit, client.post(reverse("logistics:receive-damaged", args=[shipment.pk]),
                             {"code": unit.asset_tag, "note": "Box crushed", "photo": photo})


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def test_a_photo_that_is_a_decompression_bomb_is_refused_with_a_message(client, shipped_kit, staff):
    bomb = blank_png(20_000, 20_000)
    assert len(bomb) < 64 * 1024
    client.force_login(staff)
    unit, reply = report_damage(client, shipped_kit, upload(bomb, "photo.png"))
    assert reply.status_code == 400
    assert "too many pixels" in reply.json()["error"]
    assert Unit.objects.get(pk=unit.pk).status == Unit.Status.IN_TRANSIT
    assert not DamagePhoto.objects.exists()


def test_a_photo_pillow_only_warns_about_is_refused_too(client, shipped_kit, staff):
    # 100 MP: above Pillow's warning threshold (about 89 MP), below the error at twice that.
    assert Image.MAX_IMAGE_PIXELS < 10_000 * 10_000 < 2 * Image.MAX_IMAGE_PIXELS
    client.force_login(staff)
    _unit, reply = report_damage(client, shipped_kit, upload(blank_png(10_000, 10_000), "photo.png"))
    assert reply.status_code == 400
    assert "too many pixels" in reply.json()["error"]
    assert not DamagePhoto.objects.exists()


def test_a_photo_four_times_over_the_pixel_limit_is_refused(client, shipped_kit, staff, settings):
    settings.MAX_PHOTO_PIXELS = 1_000_000
    client.force_login(staff)
    _unit, reply = report_damage(client, shipped_kit, upload(phone_photo((2100, 2000))))
    assert reply.status_code == 400
    assert "up to 4 megapixels" in reply.json()["error"]


def test_a_large_photo_is_stored_shrunk_upright_and_without_its_location(client, shipped_kit, staff, settings):
    settings.MAX_PHOTO_PIXELS = 1_000_000
    settings.PHOTO_LONG_SIDE = 800
    client.force_login(staff)
    # Taken with the phone on its side: 1600 × 1200 pixels that EXIF says to turn a quarter.
    unit, reply = report_damage(client, shipped_kit, upload(phone_photo((1600, 1200), orientation=6)))
    assert reply.status_code == 200, reply.content
    saved = DamagePhoto.objects.get(unit=unit)
    assert saved.content_type == "image/jpeg"
    stored = Image.open(saved.image.open("rb"))
    assert stored.format == "JPEG"
    assert stored.size == (600, 800)
    assert not stored.getexif()
    assert b"GPS" not in saved.image.open("rb").read()


def test_a_photo_under_the_limit_keeps_its_size_but_loses_its_metadata(client, shipped_kit, staff):
    client.force_login(staff)
    unit, reply = report_damage(client, shipped_kit, upload(phone_photo((640, 480))))
    assert reply.status_code == 200
    stored = Image.open(DamagePhoto.objects.get(unit=unit).image.open("rb"))
    assert stored.size == (640, 480) and not stored.getexif()


def test_a_photo_cut_short_is_not_a_photo(client, shipped_kit, staff):
    whole = phone_photo((640, 480), gps=False)
    client.force_login(staff)
    _unit, reply = report_damage(client, shipped_kit, upload(whole[: len(whole) // 2]))
    assert reply.status_code == 400
    assert reply.json()["error"] == "The file is not a photo (JPEG, PNG or WebP)."


def test_a_transparent_png_is_stored_on_white(client, shipped_kit, staff):
    clear = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(clear, format="PNG")
    client.force_login(staff)
    unit, reply = report_damage(client, shipped_kit, upload(clear.getvalue(), "photo.png"))
    assert reply.status_code == 200
    stored = Image.open(DamagePhoto.objects.get(unit=unit).image.open("rb")).convert("RGB")
    assert min(stored.getpixel((25, 20))) > 240


def test_a_signature_that_is_a_decompression_bomb_is_refused_with_a_message(client, closed):  # noqa: F811
    shipment, _units = closed
    bomb = "data:image/png;base64," + base64.b64encode(blank_png(20_000, 20_000)).decode()
    reply = sign(client, shipment, signature=bomb)
    assert reply.status_code == 400
    assert "The signature image is too large" in reply.content.decode()
    assert not AcceptanceAct.objects.exists()


@pytest.mark.parametrize("size", [(5000, 3000), (12_000, 10_000)])
def test_the_signature_checker_refuses_a_huge_canvas_before_decoding_it(size):
    with pytest.raises(images.TooManyPixels):
        images.open_image(blank_png(*size), formats=("PNG",), max_pixels=4000 * 2000)
