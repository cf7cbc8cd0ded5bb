"""Closing a receipt and signing its acceptance act: a PDF in Russian and Kazakh that lists what
arrived, what is damaged and what is missing, carries the drawn signature and the director's lines,
is stored with the shipment, can be downloaded again, and never changes."""

import base64
import io
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from logistics import acts
from logistics.models import AcceptanceAct
from tests import factories

from .test_receiving_permissions import signature_png


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def data_url(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.fixture
def closed(client, staff, school):
    """A receipt of four units: one received, one damaged, one missing, one received late; plus a stray."""
    shipment = factories.shipment(school, units=4, counted=30)
    stray = factories.shipment(school, units=1).units.get()
    received, damaged, missing, late = shipment.units.order_by("pk")
    client.force_login(staff)
    scan = reverse("logistics:receive-scan", args=[shipment.pk])
    for unit in (received, late, stray):
        client.post(scan, {"code": unit.asset_tag, "scan_id": str(uuid.uuid4())})
    client.post(reverse("logistics:receive-damaged", args=[shipment.pk]),
                {"code": damaged.asset_tag, "note": "Корпус треснул"})
    client.post(reverse("logistics:receive-quantity", args=[shipment.pk]),
                {"line": shipment.lines.get(quantity_expected=30).pk, "quantity": 28})
    client.post(reverse("logistics:receive-close", args=[shipment.pk]))
    return shipment, {"received": [received, late], "damaged": [damaged], "missing": [missing], "stray": stray}


def sign(client, shipment, **extra):
    return client.post(reverse("logistics:receive-sign", args=[shipment.pk]),
                       {"signer_name": "Айгерим Сапарова", "signer_position": "Завуч",
                        "signature": data_url(signature_png()), **extra})


def test_staff_sign_the_act_and_download_it_with_every_list_in_both_languages(client, closed):
    shipment, units = closed
    assert sign(client, shipment).status_code == 302
    act = AcceptanceAct.objects.get(shipment=shipment)
    reply = client.get(reverse("logistics:act", args=[shipment.pk]))
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/pdf"
    data = b"".join(reply.streaming_content)
    text = pdf_text(data)
    for fact in (shipment.waybill_number, shipment.supplier, shipment.contract, act.number, "Айгерим Сапарова",
                 shipment.destination.bin):
        assert fact in text
    for label in ("Акт приёма-передачи", "қабылдау-тапсыру актісі", "Накладная", "Жүкқұжат", "Поставщик",
                  "Жеткізуші", "Сдал", "Тапсырды", "Руководитель организации", "Ұйым басшысы", "Повреждено",
                  "Зақымдалған", "стр. 1 / "):
        assert label in text, label
    received_at = text.index("Принято / Қабылданды")
    damaged_at = text.index("Повреждено / Зақымдалған")
    missing_at = text.index("Не поступило")
    unexpected_at = text.index("Не указано в накладной")
    for unit in units["received"]:
        assert received_at < text.index(unit.display_tag) < damaged_at
    assert damaged_at < text.index(units["damaged"][0].display_tag) < missing_at
    assert "Корпус треснул" in text
    assert missing_at < text.index(units["missing"][0].display_tag) < unexpected_at
    assert unexpected_at < text.index(units["stray"].display_tag)
    assert "28" in text[text.index("Товары по количеству"):]


def test_the_act_holds_the_drawn_signature_as_an_image(client, closed):
    shipment, _units = closed
    sign(client, shipment)
    act = AcceptanceAct.objects.get(shipment=shipment)
    reader = PdfReader(io.BytesIO(act.pdf.read()))
    assert sum(len(page.images) for page in reader.pages) >= 1
    assert act.signature.read() == signature_png()


def test_the_act_never_changes_after_signing(client, closed):
    shipment, _units = closed
    sign(client, shipment)
    act = AcceptanceAct.objects.get(shipment=shipment)
    first = act.pdf.read()
    reply = sign(client, shipment, signer_name="Someone else")
    assert reply.status_code == 200  # the signed act is shown again, unchanged
    act.refresh_from_db()
    assert act.signer_name == "Айгерим Сапарова"
    assert act.pdf.read() == first
    import hashlib

    assert hashlib.sha256(first).hexdigest() == act.pdf_sha256
    act.signer_name = "rewritten"
    with pytest.raises(ValueError):
        act.save()


@pytest.mark.parametrize("signature", ["", "data:image/png;base64,!!!", data_url(b"not a png"),
                                       "data:image/jpeg;base64,AAAA"])
def test_a_missing_or_unreadable_signature_is_refused(client, closed, signature):
    shipment, _units = closed
    reply = sign(client, shipment, signature=signature)
    assert reply.status_code == 400
    assert not AcceptanceAct.objects.exists()


def test_a_blank_canvas_is_not_a_signature(client, closed):
    from PIL import Image

    shipment, _units = closed
    blank = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(blank, format="PNG")
    assert sign(client, shipment, signature=data_url(blank.getvalue())).status_code == 400
    assert not AcceptanceAct.objects.exists()


def test_the_act_cannot_be_signed_before_the_receipt_is_closed(staff, shipped_kit):
    with pytest.raises(acts.ActNotReady):
        acts.sign_act(shipped_kit.pk, by=staff, signer_name="X", signer_position="", signature_png=signature_png())


def test_user_text_in_the_act_is_not_markup(client, closed):
    shipment, _units = closed
    sign(client, shipment, signer_name="<b>Bold</b> & <i>co</i>")
    text = pdf_text(AcceptanceAct.objects.get().pdf.read())
    assert "<b>Bold</b> & <i>co</i>" in text


def test_a_long_act_numbers_its_pages_and_keeps_the_signatures_with_the_last_table(client, staff, school):
    from datetime import datetime

    from django.utils import timezone

    shipment = factories.shipment(school, units=45)
    client.force_login(staff)
    for unit in shipment.units.all():
        client.post(reverse("logistics:receive-scan", args=[shipment.pk]),
                    {"code": unit.asset_tag, "scan_id": str(uuid.uuid4())})
    client.post(reverse("logistics:receive-close", args=[shipment.pk]))
    assert sign(client, shipment).status_code == 302
    act = AcceptanceAct.objects.get(shipment=shipment)
    reader = PdfReader(io.BytesIO(act.pdf.read()))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    assert all(f"стр. {n} / {len(pages)}" in text for n, text in enumerate(pages, start=1))
    last = pages[-1]
    assert "Не указано в накладной" in last and "Принял" in last  # the last section and who signed, together
    created = reader.metadata.creation_date
    assert created.year == timezone.localtime(act.signed_at).year != datetime(2000, 1, 1).year
