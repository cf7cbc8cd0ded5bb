"""Transfer pages: the list, proposing one, its page with the steps the user may take, the dispatch note.

Every view starts from logistics.permissions (a transfer outside the user's reach is not found);
every step goes through logistics.transfers, whose refusals are shown as they are.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from inventory.models import Institution, Role, Unit
from inventory.permissions import (
    allowed,
    has_role,
    may_approve_transfers,
    may_propose_transfers,
    staff_institution_id,
)

from .. import transfer_acts, transfers
from ..models import AcceptanceAct, TransferOrder
from ..permissions import (
    get_transfer_for_user,
    may_approve_transfer,
    may_cancel_transfer,
    may_dispatch_transfer,
    may_receive,
    may_reject_transfer,
    may_transfer_from,
    visible_transfers,
)

T = TransferOrder.Status


class ProposeForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Units"),
        error_messages={"required": gettext_lazy("Choose at least one unit to transfer.")})
    destination = forms.ModelChoiceField(queryset=Institution.objects.none(), label=gettext_lazy("To"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label=gettext_lazy("Reason"),
                             error_messages={"required": gettext_lazy("Say why the units are transferred.")})

    def __init__(self, origin, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: what the sender could hand over; a unit taken meanwhile is refused by the service, named.
        self.fields["units"].queryset = (Unit.objects.filter(holder=origin, status__in=transfers.TRANSFERABLE)
                                         .select_related("item").order_by("item__code", "serial"))
        self.fields["units"].label_from_instance = lambda u: f"{u.display_tag} · {u.item.name} · {u.serial}"
        self.fields["destination"].queryset = Institution.objects.exclude(pk=origin.pk).order_by("name_ru")


class StepForm(forms.Form):
    note = forms.CharField(max_length=2000, required=False)


@login_required
def transfer_list(request):
    orders = (visible_transfers(request.user).select_related("origin", "destination")
              .annotate(unit_count=Count("lines")).order_by("-created_at", "-pk"))
    status = request.GET.get("status", "")
    direction = request.GET.get("direction", "")
    if status in T.values:
        orders = orders.filter(status=status)
    if direction in ("incoming", "outgoing") and (inst := staff_institution_id(request.user)):
        orders = orders.filter(**{"destination_id" if direction == "incoming" else "origin_id": inst})
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    return render(request, "logistics/transfers/list.html", {
        "page": page, "statuses": T.choices, "selected": {"status": status, "direction": direction},
        "is_staff_member": has_role(request.user, Role.SCHOOL_STAFF),
    })


@allowed(may_propose_transfers)
def transfer_propose(request):
    origin = _origin(request)
    form = ProposeForm(origin, request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            order = transfers.propose(origin.pk, form.cleaned_data["destination"].pk,
                                      [u.pk for u in form.cleaned_data["units"]], by=request.user,
                                      reason=form.cleaned_data["reason"])
        except transfers.TransferError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Transfer %(number)s is proposed.") % {"number": order.number})
            return redirect(order)
    status = 400 if request.method == "POST" else 200
    return render(request, "logistics/transfers/propose.html", {
        "origin": origin, "form": form, "error": error, "needs_approval": transfers.needs_approval()}, status=status)


def _origin(request):
    """Staff propose from their own institution; an officer from the one named by ?from=."""
    if has_role(request.user, Role.PROCUREMENT, Role.ADMINISTRATOR):
        return get_object_or_404(Institution, pk=request.GET.get("from") or staff_institution_id(request.user))
    return get_object_or_404(Institution, pk=staff_institution_id(request.user))


@login_required
def transfer_detail(request, pk):
    order = get_transfer_for_user(request.user, pk)
    lines = order.lines.select_related("unit__item").order_by("unit__item__code", "unit__serial")
    shipment = order.shipment
    return render(request, "logistics/transfers/detail.html", {
        "order": order, "lines": lines, "events": order.events.select_related("actor"),
        "may_approve": may_approve_transfer(request.user, order),
        "may_reject": may_reject_transfer(request.user, order),
        "may_dispatch": may_dispatch_transfer(request.user, order),
        "may_cancel": may_cancel_transfer(request.user, order),
        "may_receive": shipment is not None and may_receive(request.user, shipment),
        "act": AcceptanceAct.objects.filter(shipment=shipment).first() if shipment else None,
        "needs_approval": transfers.needs_approval(),
    })


# step name -> (the service, the message when done)
STEPS = {
    "approve": (transfers.approve, gettext_lazy("Transfer %(number)s is approved.")),
    "reject": (transfers.reject, gettext_lazy("Transfer %(number)s is rejected.")),
    "cancel": (transfers.cancel, gettext_lazy("Transfer %(number)s is cancelled.")),
    "dispatch": (transfers.dispatch, gettext_lazy("Transfer %(number)s is dispatched: its units are in transit.")),
}


@login_required
@require_POST
def transfer_step(request, pk, step):
    order = get_transfer_for_user(request.user, pk)
    if step not in STEPS:
        raise PermissionDenied
    service, done = STEPS[step]
    # The role decides who may try; the life cycle, whose refusal names the reason, decides whether now.
    if not _may_try(request.user, order, step):
        raise PermissionDenied
    form = StepForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        service(order.pk, by=request.user, **({} if step == "dispatch" else {"note": note}))
    except transfers.TransferError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, str(done) % {"number": order.number})
    return redirect(order)


def _may_try(user, order, step):
    if step in ("approve", "reject"):
        return may_approve_transfers(user)
    return may_transfer_from(user, order.origin_id)


@login_required
@require_GET
def dispatch_note(request, pk):
    order = get_transfer_for_user(request.user, pk)
    if order.shipment is None:
        raise PermissionDenied
    pdf = transfer_acts.render_dispatch_note(order)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{order.number}-dispatch.pdf"'
    return response
