"""Helpers the API's stories share: a receipt done and signed, and reading every page of a list."""

from uuid import uuid4

from logistics import acts, receiving
from logistics import shipments as shipment_service

from ..logistics.test_receiving_permissions import signature_png


def signed_receipt(shipment, staff):
    """Scan every unit of `shipment`, close the receipt and sign the act, as `staff` on the phone would."""
    for unit in shipment.units.all():
        receiving.receive_scan(shipment.pk, unit.asset_tag, scan_id=uuid4(), by=staff)
    shipment_service.close_receipt(shipment.pk, by=staff)
    return acts.sign_act(shipment.pk, by=staff, signer_name="A. Staff", signer_position="Teacher",
                         signature_png=signature_png())


def every_page(client, url, **params):
    """Follow the cursor to the end; returns all results and the number of pages read."""
    results, pages, reply = [], 0, client.get(url, params)
    while True:
        assert reply.status_code == 200, reply.content
        body = reply.json()
        results.extend(body["results"])
        pages += 1
        if not body["next"]:
            return results, pages
        reply = client.get(body["next"])


def journeys(school, other_school, *, staff, officer):
    """After delivery at `school`: a transfer dispatched to `other_school`, a fault report (with the reporter's
    contact) sent for repair, and a unit written off with its act."""
    from logistics import faults, transfers, write_offs
    from logistics.models import FaultReport

    from ..logistics.fault_world import arrived_units
    from ..logistics.transfer_world import units_at

    moving, kept = units_at(school, 2, by=staff)
    transfer = transfers.propose(school.pk, other_school.pk, [moving.pk], by=staff, reason="Class closed")
    if transfers.needs_approval():
        transfers.approve(transfer.pk, by=officer)
    transfers.dispatch(transfer.pk, by=staff)
    broken, lost = arrived_units(school, count=2, by=officer)
    report = faults.file_report(broken.asset_tag, kind="broken", text="The screen stays dark.",
                                address="203.0.113.5", contact="+7 701 555 0101")
    faults.triage(report.pk, FaultReport.Status.NEEDS_REPAIR, by=officer, supplier="Workshop")
    act = write_offs.write_off([lost.pk], reason="lost", document_number="Order No. 17", by=officer)
    transfer.refresh_from_db()
    return {"transfer": transfer, "fault": report, "write_off": act, "kept": kept}
