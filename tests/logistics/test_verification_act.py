"""The verification act of a closed visit: signed once by the verifier and the institution's
representative, a PDF in Russian and Kazakh that lists room by room what was found, and what was not."""

import base64
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from logistics import acts, verification, verification_acts
from logistics.models import VerificationAct
from tests import factories
from tests.logistics.test_receiving_permissions import signature_png


@pytest.fixture
def closed_visit(school, staff, manager, monitor):
    cabinet, units = factories.installed_in_a_room(school, by=staff, room_name="Кабинет поддержки инклюзии")
    round_ = verification.open_round(name="Осень 2026", by=manager, selection="list", institution_ids=[school.pk])
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    verification.record_finding(visit.pk, units[0].pk, by=monitor, scan_id=uuid.uuid4(), room=cabinet,
                                condition="working", in_use=True)
    verification.record_finding(visit.pk, units[1].pk, by=monitor, scan_id=uuid.uuid4(), room=cabinet,
                                condition="needs_repair", in_use=False, reason="missing_parts")
    verification.close_visit(visit.pk, by=monitor)
    visit.units = units
    return visit


def data_url(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


def sign(visit, by):
    return verification_acts.sign_visit_act(
        visit.pk, by=by, verifier_name="Алия Монитор", representative_name="Ержан Нурланов",
        representative_position="Директор", verifier_png=signature_png(), representative_png=signature_png())


def test_the_act_lists_room_by_room_in_both_languages_and_is_signed_once(client, closed_visit, monitor):
    client.force_login(monitor)
    reply = client.post(reverse("logistics:visit-sign", args=[closed_visit.pk]), {
        "verifier_name": "Алия Монитор", "representative_name": "Ержан Нурланов", "representative_position": "Директор",
        "verifier_signature": data_url(signature_png()), "representative_signature": data_url(signature_png())})
    assert reply.status_code == 302
    act = VerificationAct.objects.get()
    pdf = client.get(reverse("logistics:visit-act", args=[closed_visit.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    with act.pdf.open("rb") as f:
        text = "\n".join(page.extract_text() for page in PdfReader(f).pages)
    working, repair, never = closed_visit.units
    assert "Акт проверки оборудования" in text and "Жабдықты тексеру актісі" in text
    room_at, missing_at = text.index("Кабинет поддержки инклюзии"), text.index("Не обнаружено / Табылмады")
    assert room_at < text.index(working.display_tag) < missing_at
    assert room_at < text.index(repair.display_tag) < missing_at
    assert missing_at < text.index(never.display_tag)
    assert "не хватает деталей / бөлшектері жетіспейді" in " ".join(text.split())  # the reason, in both languages
    assert "Ержан Нурланов" in text and closed_visit.institution.bin in text
    with pytest.raises(acts.ActNotReady, match="already signed"):
        sign(closed_visit, monitor)
    with pytest.raises(ValueError):
        act.save()


def test_an_open_visit_has_no_act_yet(monitor, manager, school):
    round_ = verification.open_round(name="R", by=manager, selection="list", institution_ids=[school.pk])
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    with pytest.raises(acts.ActNotReady, match="Close the visit"):
        sign(visit, monitor)


def test_a_blank_signature_is_refused(client, closed_visit, monitor):
    client.force_login(monitor)
    reply = client.post(reverse("logistics:visit-sign", args=[closed_visit.pk]), {
        "verifier_name": "A", "representative_name": "B", "verifier_signature": "data:image/png;base64,AAAA",
        "representative_signature": ""})
    assert reply.status_code == 400 and not VerificationAct.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "officer"])
def test_only_those_who_verify_there_sign_and_outsiders_do_not_see_the_act(client, request, closed_visit, monitor,
                                                                           role):
    sign(closed_visit, monitor)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("logistics:visit-sign", args=[closed_visit.pk])).status_code == 404
    expected = 200 if role == "officer" else 404  # procurement officers see everything, verify nothing
    assert client.get(reverse("logistics:visit-act", args=[closed_visit.pk])).status_code == expected


def test_every_page_of_the_act_says_which_page_it_is_and_the_signatures_close_it(closed_visit, monitor):
    """Both signatures stand on the last page with what was not found: never alone on a page of their own."""
    act = sign(closed_visit, monitor)
    with act.pdf.open("rb") as f:
        pages = [page.extract_text() for page in PdfReader(f).pages]
    assert all(f"стр. {n} / {len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert "Не обнаружено" in pages[-1] and "Проверяющий" in pages[-1]


def post_sign(client, visit, **fields):
    form = {"verifier_name": "Алия Монитор", "representative_name": "Ержан Нурланов",
            "representative_position": "Директор", "verifier_signature": "", "representative_signature": "",
            "verifier_typed": "", "representative_typed": ""}
    return client.post(reverse("logistics:visit-sign", args=[visit.pk]), {**form, **fields})


def test_whoever_cannot_draw_types_their_name_and_the_act_says_so(client, closed_visit, monitor):
    """The verifier draws; the representative, who cannot use the pad, types the full name."""
    client.force_login(monitor)
    reply = post_sign(client, closed_visit, verifier_signature=data_url(signature_png()),
                      representative_typed="  Ержан Нурланов ")
    assert reply.status_code == 302
    act = VerificationAct.objects.get()
    assert act.verifier_signature.name and not act.verifier_typed_signature
    assert (act.representative_signature.name, act.representative_typed_signature) == ("", "Ержан Нурланов")
    with act.pdf.open("rb") as f:
        text = " ".join("\n".join(page.extract_text() for page in PdfReader(f).pages).split())
    assert text.count("подписано вводом имени") == 1 and "аты-жөнін жазу арқылы қол қойылды" in text


@pytest.mark.parametrize("fields, says", [
    ({"verifier_typed": "Алия"}, "The representative draws a signature in the second box, or types"),
    ({"representative_typed": "Ержан"}, "The verifier draws a signature in the first box, or types"),
    ({"verifier_typed": "Алия", "verifier_signature": "drawn", "representative_typed": "Ержан"}, "not both"),
])
def test_each_signer_signs_one_way_neither_missing_nor_both(client, closed_visit, monitor, fields, says):
    if fields.get("verifier_signature") == "drawn":
        fields = {**fields, "verifier_signature": data_url(signature_png())}
    client.force_login(monitor)
    reply = post_sign(client, closed_visit, **fields)
    assert reply.status_code == 400 and says in reply.text
    assert not VerificationAct.objects.exists()


def test_a_typed_name_too_long_is_refused_once_without_saying_it_is_missing(client, closed_visit, monitor):
    client.force_login(monitor)
    reply = post_sign(client, closed_visit, verifier_typed="Я" * 201, representative_typed="Ержан")
    assert reply.status_code == 400 and "at most 200 characters" in reply.text
    assert "The verifier draws a signature" not in reply.text


@pytest.mark.parametrize("verifier", [
    {"verifier_png": None, "verifier_typed": " "},                          # neither
    {"verifier_png": "drawn", "verifier_typed": "Алия"},                    # both
    {"verifier_png": None, "verifier_typed": "Я" * 201},                    # a name longer than any name field
])
def test_the_service_refuses_a_signer_who_signed_neither_or_both_ways(closed_visit, monitor, verifier):
    if verifier["verifier_png"] == "drawn":
        verifier = {**verifier, "verifier_png": signature_png()}
    with pytest.raises(acts.SignatureInvalid):
        verification_acts.sign_visit_act(closed_visit.pk, by=monitor, verifier_name="А", representative_name="Б",
                                         representative_position="", representative_typed="Б", **verifier)
    assert not VerificationAct.objects.exists()


@pytest.mark.parametrize("verifier", [{}, {"verifier_signature": "signatures/x.png"}], ids=["neither", "both"])
def test_the_database_refuses_a_signer_who_signed_neither_or_both_ways(closed_visit, monitor, verifier):
    typed = {"verifier_typed_signature": "A"} if verifier else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationAct.objects.create(visit=closed_visit, number="VER-X", signed_by=monitor, verifier_name="A",
                                       representative_name="B", representative_typed_signature="B",
                                       pdf="acts/x.pdf", pdf_sha256="0" * 64, **verifier, **typed)
