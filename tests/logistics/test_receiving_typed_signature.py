"""Whoever cannot draw on the pad (a keyboard, a screen reader, a tremor) types their full name
instead; the act shows the typed name where the drawn signature would be, marked as typed. One way
only: drawn or typed, never neither, never both."""

import pytest
from django.db import IntegrityError, transaction

from logistics import acts
from logistics.models import AcceptanceAct

from .test_receiving_act import closed, data_url, pdf_text, sign  # noqa: F401  (closed is a fixture)
from .test_receiving_permissions import signature_png


def test_a_typed_name_signs_the_act_and_the_pdf_shows_it(client, closed):  # noqa: F811
    shipment, _units = closed
    assert sign(client, shipment, signature="", typed_signature="Айгерим Сапарова").status_code == 302
    act = AcceptanceAct.objects.get(shipment=shipment)
    assert (act.typed_signature, act.signature.name) == ("Айгерим Сапарова", "")
    text = " ".join(pdf_text(act.pdf.read()).split())
    assert "Айгерим Сапарова" in text
    assert "подписано вводом имени" in text and "аты-жөнін жазу арқылы қол қойылды" in text


def test_neither_drawn_nor_typed_is_refused_naming_both_ways(client, closed):  # noqa: F811
    shipment, _units = closed
    reply = sign(client, shipment, signature="", typed_signature="  ")
    assert reply.status_code == 400
    assert "or type your full name" in reply.text
    assert not AcceptanceAct.objects.exists()


def test_drawn_and_typed_together_is_refused(client, closed):  # noqa: F811
    shipment, _units = closed
    reply = sign(client, shipment, signature=data_url(signature_png()), typed_signature="Айгерим")
    assert reply.status_code == 400
    assert "not both" in reply.text
    assert not AcceptanceAct.objects.exists()


def test_the_database_refuses_an_act_signed_neither_way(closed, staff):  # noqa: F811
    shipment, _units = closed
    with pytest.raises(IntegrityError), transaction.atomic():
        AcceptanceAct.objects.create(shipment=shipment, number="ACT-X", signed_by=staff, signer_name="X",
                                     pdf="acts/x.pdf", pdf_sha256="0" * 64)


def test_the_service_refuses_both_ways_at_once(closed, staff):  # noqa: F811
    shipment, _units = closed
    with pytest.raises(acts.SignatureInvalid):
        acts.sign_act(shipment.pk, by=staff, signer_name="X", signer_position="", signature_png=signature_png(),
                      typed_signature="X")
