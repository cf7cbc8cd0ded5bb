"""The demo, plus what it does not hold, so that every kind of page has something to show: a delivery
list the officer imported, a label sheet waiting in the background, and a receipt the school closed
and signed (the signed-act page)."""

import base64
import io
import uuid

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw

from inventory.models import LabelBatch
from logistics.models import Shipment
from tests.logistics import import_files

PASSWORDS = {"officer": "demo-officer", "staff": "demo-staff", "manager": "demo-manager",
             "monitor": "demo-monitor", "admin": "demo-admin"}


def signature():
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(10, 80), (120, 20), (200, 70), (290, 30)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def as_user(username):
    client = Client()
    client.force_login(as_user_model(username))
    return client


def officer_imports_a_delivery_list(tmp_path):
    shipment = Shipment.objects.select_related("destination").first()
    item = shipment.lines.first().item
    path = tmp_path / "delivery.xlsx"
    import_files.xlsx(path, [import_files.row("ТН-777001", shipment.destination.bin, item.code, f"A11Y-{n}")
                             for n in range(3)])
    with open(path, "rb") as f:
        as_user("officer").post(reverse("logistics:import-upload"), {"file": f})


def officer_asks_for_a_label_sheet():
    return LabelBatch.objects.create(key="a" * 64, title="Waybill", preset="a4-3x8-70x37", language="ru",
                              unit_ids=[], label_count=0, requested_by=as_user_model("officer"))


def as_user_model(username):
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


def staff_close_and_sign_a_receipt():
    """The school's first shipment on its way: every unit scanned, closed, signed."""
    staff = as_user_model("staff")
    shipment = Shipment.objects.filter(destination=staff.profile.institution,
                                       status=Shipment.Status.DISPATCHED).first()
    client = as_user("staff")
    for tag in shipment.units.values_list("asset_tag", flat=True):
        client.post(reverse("logistics:receive-scan", args=[shipment.pk]), {"code": tag, "scan_id": str(uuid.uuid4())})
    client.post(reverse("logistics:receive-close", args=[shipment.pk]))
    client.post(reverse("logistics:receive-sign", args=[shipment.pk]),
                {"signer_name": "Ержан Нурланов", "signer_position": "Director", "signature": signature()})
    return shipment


def staff_close_a_receipt_to_sign_later():
    """The school's partly received shipment, closed: its act waits for a signature (the signing form)."""
    staff = as_user_model("staff")
    shipment = Shipment.objects.filter(destination=staff.profile.institution,
                                       status=Shipment.Status.PARTIALLY_RECEIVED).first()
    as_user("staff").post(reverse("logistics:receive-close", args=[shipment.pk]))
    return shipment


class Demo:
    """What the pages are about: the signed receipt, one to sign, a draft shipment, the label sheet."""

    def __init__(self, signed, to_sign, draft, batch):
        self.signed, self.to_sign, self.draft, self.batch = signed, to_sign, draft, batch


def build(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    officer_imports_a_delivery_list(tmp_path)
    batch = officer_asks_for_a_label_sheet()
    signed = staff_close_and_sign_a_receipt()
    to_sign = staff_close_a_receipt_to_sign_later()
    return Demo(signed, to_sign, Shipment.objects.filter(status=Shipment.Status.DRAFT).first(), batch)
