"""A school's units that have arrived and been signed for, ready to break: the stage of the fault tests."""

from datetime import timedelta

from django.utils import timezone

from inventory import lifecycle
from inventory.models import Unit
from logistics.models import AcceptanceAct
from tests import factories


def arrived_units(school, *, count=2, by=None, installed=True, act_days_ago=30, item_months=None, line_months=None):
    """Units received (and installed) at `school`, their shipment's act signed `act_days_ago` days ago."""
    shipment = factories.shipment(school, units=count, by=by)
    item = shipment.lines.get().item
    if item_months is not None:
        item.warranty_months = item_months
        item.save()
    if line_months is not None:
        shipment.lines.update(warranty_months=line_months)
    units = list(shipment.units.order_by("pk"))
    for unit in units:
        lifecycle.change_status(unit.pk, Unit.Status.RECEIVED, by=by, shipment_id=shipment.pk)
        if installed:
            lifecycle.change_status(unit.pk, Unit.Status.INSTALLED, by=by)
    sign_act(shipment, days_ago=act_days_ago, by=by)
    return [Unit.objects.get(pk=u.pk) for u in units]


def sign_act(shipment, *, days_ago, by=None):
    from django.contrib.auth.models import User

    signer = by or User.objects.create_user(f"signer{shipment.pk}")
    # Only the act's date matters to a warranty: a bare act, signed by typing, dated `days_ago`.
    return AcceptanceAct.objects.create(shipment=shipment, number=f"ACT-{shipment.pk}", signed_by=signer,
                                        signer_name="Director", typed_signature="Director", pdf_sha256="0" * 64,
                                        signed_at=timezone.now() - timedelta(days=days_ago))


def report_url(unit):
    return f"/u/{unit.asset_tag}/problem/"


def post_report(client, unit, *, address="203.0.113.5", **fields):
    data = {"kind": "broken", "text": "The screen stays dark.", "contact": "", "website": "", **fields}
    return client.post(report_url(unit), data, REMOTE_ADDR=address)
