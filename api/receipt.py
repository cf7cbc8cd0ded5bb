"""A batch of receipt scans from another system, scan by scan through the phone's own path."""

from django.utils.translation import gettext as _

from logistics import receiving
from logistics.receipt_replies import scan_reply

from .problems import Refusal

SCAN_ID_REUSED = "scan_id_reused"


def receive_batch(shipment_id, scans, *, by):
    """Each scan is `logistics.receiving.receive_scan`, its own transaction, idempotent by its scan id.

    A batch is not one transaction on purpose: the phone's scans are not either, and a batch cut off
    halfway is sent again whole, the scans already recorded answering `repeated`.
    """
    results = []
    for scan in scans:
        try:
            result = receiving.receive_scan(shipment_id, scan["code"], scan_id=scan["scan_id"], by=by)
        except receiving.ReceiptNotOpen as exc:
            raise Refusal(exc, code="receipt_not_open") from None
        except receiving.ScanIdReused:
            results.append({"scan_id": scan["scan_id"], "outcome": SCAN_ID_REUSED, "repeated": False,
                            "message": _("This scan id was already used for another scan."), "status": "",
                            "tag": ""})
            continue
        reply = scan_reply(result)
        results.append({"scan_id": scan["scan_id"], "outcome": reply["outcome"], "message": reply["message"],
                        "repeated": reply["repeated"], "status": reply["status"], "tag": reply["tag"]})
    return results
