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
