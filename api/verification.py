"""A batch of verification answers from another system, answer by answer through the visit page's path."""

from django.db import IntegrityError

from logistics import verification
from logistics import verification_answers as answers

from .problems import Refusal

SCAN_ID_REUSED = "scan_id_reused"


def _result(scan_id, outcome, message, *, repeated=False, tag="", late=False):
    return {"scan_id": scan_id, "outcome": outcome, "message": str(message), "repeated": repeated, "tag": tag,
            "late": late}


def record_batch(visit, batch, *, by):
    """Each answer is `logistics.verification.record_finding`, its own transaction, idempotent by its scan id.

    Not one transaction, like the phone's answers and the receipt's scan batches: a batch cut off halfway
    is sent again whole, and the answers already recorded answer `repeated`.
    """
    return [_record(visit, answer, by=by) for answer in batch]


def _record(visit, answer, *, by):
    scan_id = answer["scan_id"]
    if answers.is_room_label(answer["code"]):
        return _result(scan_id, "refused", answers.room_label_refusal())
    try:
        unit = answers.unit_of(answer["code"])
    except answers.UnknownCode as exc:
        return _result(scan_id, "unknown_code", exc)
    try:
        finding = verification.record_finding(
            visit.pk, unit.pk, by=by, scan_id=scan_id, room=answers.room_of(visit, answer["room"]),
            not_found=answer["not_found"], condition=answer["condition"], in_use=answer["in_use"],
            reason=answer["reason"], note=answer["note"], latitude=answer["latitude"],
            longitude=answer["longitude"])
    except verification.VisitClosed as exc:
        raise Refusal(exc, code="visit_closed") from None
    except verification.VerificationError as exc:
        return _result(scan_id, "refused", exc)
    except IntegrityError:  # the id of an answer in another visit
        return _result(scan_id, SCAN_ID_REUSED, answers.scan_id_reused())
    if finding.resent and finding.unit_id != unit.pk:
        return _result(scan_id, SCAN_ID_REUSED, answers.scan_id_reused())
    reply = answers.finding_reply(unit, finding)
    return _result(scan_id, reply["outcome"], reply["message"], repeated=reply["repeated"], tag=reply["tag"],
                   late=reply["late"])
