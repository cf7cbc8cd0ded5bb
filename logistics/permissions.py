"""Which shipments a user may see and act on. School staff: only their own institution's."""

from django.db.models import Q
from django.http import Http404

from inventory.models import Role
from inventory.permissions import (
    has_role,
    may_approve_transfers,
    may_dispatch,
    may_import,
    sees_everything,
    staff_institution_id,
    verifiable_institutions,
)

from . import transfers
from .models import FaultReport, RepairOrder, Shipment, TransferOrder, VerificationRound, Visit, WriteOff
from .shipments import can_dispatch


def visible_shipments(user):
    if sees_everything(user):
        return Shipment.objects.all()
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        return Shipment.objects.filter(destination_id=inst)
    return Shipment.objects.none()


def receivable_shipments(user):
    """Shipments the user may scan and sign for: school staff at the destination, or an administrator."""
    if has_role(user, Role.ADMINISTRATOR):
        return Shipment.objects.all()
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        return Shipment.objects.filter(destination_id=inst)
    return Shipment.objects.none()


def get_shipment_for_user(user, shipment_id, *, to_receive=False, only=None, lock=False):
    """Fetch and authorise in one step: a shipment outside the user's reach is simply not found.

    `only` names the fields a hot path needs (a scan), instead of the shipment and its destination;
    `lock` takes the shipment's row lock (inside the caller's transaction) in the same query.
    """
    scope = receivable_shipments(user) if to_receive else visible_shipments(user)
    scope = scope.only(*only) if only else scope.select_related("destination")
    if lock:
        scope = scope.select_for_update()
    try:
        return scope.get(pk=shipment_id)
    except (Shipment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_receive(user, shipment):
    """Whether the user may scan this shipment's units and sign its act."""
    return receivable_shipments(user).filter(pk=shipment.pk).exists()


def may_dispatch_shipment(user, shipment):
    """Whether the user may send this shipment on its way now."""
    return may_dispatch(user) and can_dispatch(shipment)


def get_import_for_user(user, import_id):
    """Fetch and authorise in one step: only those who may import see the import history."""
    from .models import DeliveryImport

    if not may_import(user):
        raise Http404
    try:
        return DeliveryImport.objects.select_related("uploaded_by").get(pk=import_id)
    except (DeliveryImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_rounds(user):
    """Rounds a user may look at: all for whoever sees everything; otherwise those with an
    institution the user may verify (a monitor's assigned ones, a member of staff's own)."""
    if sees_everything(user):
        return VerificationRound.objects.all()
    return VerificationRound.objects.filter(institutions__in=verifiable_institutions(user)).distinct()


def get_round_for_user(user, round_id):
    try:
        return visible_rounds(user).get(pk=round_id)
    except (VerificationRound.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visit_for_user(user, visit_id, *, to_verify=False):
    """Fetch and authorise in one step: to look, whoever sees the institution's verification; to
    verify (scan, answer, close), only whoever may verify there."""
    scope = Visit.objects.select_related("round", "institution", "verifier")
    if to_verify or not sees_everything(user):
        scope = scope.filter(institution__in=verifiable_institutions(user))
    try:
        return scope.get(pk=visit_id)
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_fault_reports(user):
    """Reports from labels: all for whoever sees everything; school staff those of their own institution."""
    if sees_everything(user):
        return FaultReport.objects.all()
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        return FaultReport.objects.filter(institution_id=inst)
    return FaultReport.objects.none()


def get_fault_for_user(user, report_id):
    try:
        return visible_fault_reports(user).select_related("unit__item", "institution", "duplicate_of").get(
            pk=report_id)
    except (FaultReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_triage(user, report):
    """Officers (and administrators) everywhere; school staff at the institution the report was made at.
    A project manager looks without deciding."""
    if has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR):
        return True
    inst = staff_institution_id(user) if has_role(user, Role.SCHOOL_STAFF) else None
    return inst is not None and report.institution_id == inst


def may_handle_repair(user, repair):
    """Who may triage the report may also record the repair's sending and return."""
    return may_triage(user, repair.report)


def get_repair_for_user(user, repair_id):
    """Fetch and authorise in one step: a repair is reached by whoever may handle it, else not found."""
    repair = RepairOrder.objects.select_related("report", "unit").filter(pk=repair_id).first()
    if repair is None or not may_handle_repair(user, repair):
        raise Http404
    return repair


def visible_write_offs(user):
    """Write-off acts are the programme office's documents: whoever sees everything."""
    if sees_everything(user):
        return WriteOff.objects.all()
    return WriteOff.objects.none()
def visible_transfers(user):
    """Transfers a user may look at: all for whoever sees everything; staff, those from or to their institution."""
    if sees_everything(user):
        return TransferOrder.objects.all()
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        return TransferOrder.objects.filter(Q(origin_id=inst) | Q(destination_id=inst))
    return TransferOrder.objects.none()


def get_transfer_for_user(user, order_id):
    try:
        return visible_transfers(user).select_related("origin", "destination", "proposed_by", "shipment").get(
            pk=order_id)
    except (TransferOrder.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_transfer_from(user, institution_id):
    """Whether the user may propose, dispatch or cancel a transfer of this institution's units."""
    if has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR):
        return True
    return has_role(user, Role.SCHOOL_STAFF) and staff_institution_id(user) == institution_id


def may_approve_transfer(user, order):
    """An officer or manager, on a proposed transfer, when it is not their own proposal needing approval."""
    own = transfers.needs_approval() and order.proposed_by_id == user.pk
    return (may_approve_transfers(user) and not own
            and TransferOrder.Status.APPROVED in transfers.allowed_steps(order))


def may_reject_transfer(user, order):
    return may_approve_transfers(user) and TransferOrder.Status.REJECTED in transfers.allowed_steps(order)


def may_dispatch_transfer(user, order):
    return (may_transfer_from(user, order.origin_id)
            and TransferOrder.Status.DISPATCHED in transfers.allowed_steps(order))


def may_cancel_transfer(user, order):
    return (may_transfer_from(user, order.origin_id)
            and TransferOrder.Status.CANCELLED in transfers.allowed_steps(order))
