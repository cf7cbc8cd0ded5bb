"""The transfer pages as people use them: proposing on the form, the steps' buttons and refusals,
the home page's lists, and both documents (the sender's dispatch note, the receiver's act)."""

import io
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from logistics import acts, receiving, transfers
from logistics.models import TransferOrder

from .test_receiving_permissions import signature_png
from .transfer_world import units_at

T = TransferOrder.Status


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_staff_propose_on_the_form_and_see_it_waiting(client, school, other_school, staff):
    units = units_at(school, 2, by=staff)
    client.force_login(staff)
    page = client.get(reverse("logistics:transfer-propose"))
    assert units[0].display_tag in page.content.decode()
    reply = client.post(reverse("logistics:transfer-propose"), {
        "units": [units[0].pk], "destination": other_school.pk, "reason": "Class closed"}, follow=True)
    order = TransferOrder.objects.get()
    assert reply.redirect_chain[-1][0] == order.get_absolute_url()
    assert "Waiting for approval" in reply.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert order.number in home and "Our transfers to other institutions" in home


def test_the_form_names_the_unit_another_transfer_took_meanwhile(client, school, other_school, staff, officer):
    units = units_at(school, 1, by=staff)
    client.force_login(staff)
    form = {"units": [units[0].pk], "destination": other_school.pk, "reason": "x"}
    first = transfers.propose(school.pk, other_school.pk, [units[0].pk], by=officer, reason="y")
    reply = client.post(reverse("logistics:transfer-propose"), form)
    assert reply.status_code == 400
    assert TransferOrder.objects.count() == 1 and first.status == T.PROPOSED


def test_an_officer_cannot_approve_their_own_proposal_and_is_told_why(client, school, other_school, officer):
    units = units_at(school, 1)
    order = transfers.propose(school.pk, other_school.pk, [units[0].pk], by=officer, reason="x")
    client.force_login(officer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert 'data-testid="approve"' not in page and "Transfers waiting for approval" in client.get("/").content.decode()
    reply = client.post(reverse("logistics:transfer-step", args=[order.pk, "approve"]), follow=True)
    assert "was proposed by you; someone else must approve it" in reply.content.decode()
    order.refresh_from_db()
    assert order.status == T.PROPOSED


def test_dispatching_twice_from_the_page_is_refused_with_a_message(client, school, other_school, staff, officer):
    units = units_at(school, 1)
    order = transfers.propose(school.pk, other_school.pk, [units[0].pk], by=staff, reason="x")
    transfers.approve(order.pk, by=officer)
    client.force_login(staff)
    url = reverse("logistics:transfer-step", args=[order.pk, "dispatch"])
    client.post(url)
    reply = client.post(url, follow=True)
    assert "cannot go from “Dispatched” to “Dispatched”" in reply.content.decode()


def test_both_documents_name_both_institutions(school, other_school, staff, outsider, officer, tmp_path):
    units = units_at(school, 3, by=staff)
    order = transfers.propose(school.pk, other_school.pk, [u.pk for u in units], by=staff, reason="Class closed")
    transfers.approve(order.pk, by=officer)
    order = transfers.dispatch(order.pk, by=staff)
    note = " ".join(pdf_text(_render_dispatch_note(order)).split())
    for words in ("Накладная на передачу оборудования", "Жабдықты беру жүкқұжаты", "Сдал / Тапсырды",
                  "Принял / Қабылдады", "School No. 7", "School No. 12", units[0].display_tag, "Class closed"):
        assert words in note
    receiving.receive_scan(order.shipment_id, units[0].asset_tag, scan_id=uuid.uuid4(), by=outsider)
    receiving.receive_scan(order.shipment_id, units[1].asset_tag, scan_id=uuid.uuid4(), by=outsider)
    transfers.refuse_unit(order.shipment_id, units[2].pk, by=outsider, reason="Screen cracked")
    transfers.close_receipt(order.shipment_id, by=outsider)
    act = acts.sign_act(order.shipment_id, by=outsider, signer_name="Dana Outsider", signer_position="Director",
                        signature_png=signature_png())
    text = " ".join(pdf_text(act.pdf.read()).split())
    for words in ("Отправитель (сдал) / Жіберуші (тапсырды)", "Принял / Қабылдады", "School No. 7", "School No. 12",
                  "Не принято, осталось у отправителя", "Screen cracked", order.number):
        assert words in text
    for name, data in (("note", _render_dispatch_note(order)), ("act", act.pdf.open("rb").read())):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        if keep := os.environ.get("KEEP_TRANSFER_PDFS"):  # to look at them: KEEP_TRANSFER_PDFS=/tmp/somewhere
            (Path(keep) / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                       check=True)
        assert list(tmp_path.glob(f"{name}*.png"))


def _render_dispatch_note(order):
    from logistics.transfer_acts import render_dispatch_note

    return render_dispatch_note(order)


@pytest.fixture
def dispatched(school, other_school, staff, officer):
    units = units_at(school, 2, by=staff)
    order = transfers.propose(school.pk, other_school.pk, [u.pk for u in units], by=staff, reason="x")
    transfers.approve(order.pk, by=officer)
    return transfers.dispatch(order.pk, by=staff)


def test_the_receiver_finds_the_transfer_at_home_and_the_receipt_offers_refusal(client, dispatched, outsider):
    client.force_login(outsider)
    home = client.get("/").content.decode()
    assert "Incoming transfers" in home and dispatched.number in home
    page = client.get(reverse("logistics:receive", args=[dispatched.shipment_id])).content.decode()
    assert "Refuse this unit" in page and "Transfer from" in page
    note = client.get(reverse("logistics:transfer-dispatch-note", args=[dispatched.pk]))
    assert note["Content-Type"] == "application/pdf"
