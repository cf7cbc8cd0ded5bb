"""The receipt screens: scanning, damaged units, counted lines, closing, signing, the act.

Every view starts from logistics.permissions, so a shipment outside the user's institution is
not found; every POST goes through Django's CSRF check (the offline queue sends the token too).
"""

import hashlib
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.policies import allow_webassembly
from inventory import lifecycle
from inventory.models import StatusGroups, Unit
from inventory.plurals import plural_forms

from .. import acts, receiving, transfers
from .. import shipments as shipment_service
from ..models import AcceptanceAct, DamagePhoto
from ..permissions import get_shipment_for_user
from ..photo_uploads import checked_photo
from ..receipt_replies import (
    REFUSED,
    DamageReply,
    QuantityReply,
    RefusalReply,
    refusal,
    scan_reply,
    state_reply,
    unit_row,
)
from .signature_fields import DrawnOrTyped, DrawnSignatureField, typed_signature_field

# The receipt page's script, as small ES modules that name each other (main.js is the page's).
RECEIPT_MODULES = Path(__file__).resolve().parent.parent / "static" / "logistics" / "receive"


class ScanForm(forms.Form):
    code = forms.CharField(max_length=500, strip=True,
                           error_messages={"required": gettext_lazy("Scan a label or type its tag.")})
    scan_id = forms.UUIDField(error_messages={"invalid": gettext_lazy("The scan has no valid device id.")})


class DamageForm(forms.Form):
    code = forms.CharField(max_length=500)
    note = forms.CharField(max_length=2000, error_messages={"required": gettext_lazy("Describe the damage.")})
    photo = forms.FileField(required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return checked_photo(photo) if photo else None


class RefuseForm(forms.Form):
    code = forms.CharField(max_length=500)
    reason = forms.CharField(max_length=2000, error_messages={"required": gettext_lazy("Say why the unit is refused.")})


class QuantityForm(forms.Form):
    line = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=0, max_value=1_000_000)


class SignForm(DrawnOrTyped, forms.Form):
    signer_name = forms.CharField(label=gettext_lazy("Your full name"), max_length=200)
    signer_position = forms.CharField(label=gettext_lazy("Your position"), max_length=200, required=False)
    signature = DrawnSignatureField()
    typed_signature = typed_signature_field(gettext_lazy("Or type your full name instead of drawing"))
    signers = [("signature", "typed_signature",
                gettext_lazy("Draw your signature in the box, or type your full name in the field below it."))]


def _errors(form):
    return refusal(" ".join(str(m) for msgs in form.errors.values() for m in msgs), status=400)


@login_required
@allow_webassembly
def receipt_page(request, pk):
    shipment = get_shipment_for_user(request.user, pk, to_receive=True)
    units = list(shipment.units.select_related("item").order_by("item__code", "serial"))
    counted = [line for line in shipment.lines.select_related("item") if not line.item.is_serialised]
    refused = transfers.refusals(shipment)
    rows = [unit_row(u, refused) for u in units]
    for unit, row in zip(units, rows, strict=True):
        unit.refusal = refused.get(unit.pk)
        unit.status_label = row["status_label"]
    data = {
        "shipment": shipment.pk,
        "open": shipment.receipt_is_open,
        "urls": {"scan": reverse("logistics:receive-scan", args=[pk]),
                 "state": reverse("logistics:receive-state", args=[pk]),
                 "damaged": reverse("logistics:receive-damaged", args=[pk]),
                 "quantity": reverse("logistics:receive-quantity", args=[pk]),
                 "refuse": reverse("logistics:receive-refuse", args=[pk]),
                 "worker": reverse("logistics:receive-sw"),
                 "login": reverse("login"),
                 "wasm": static("vendor/zxing-wasm/zxing_reader.wasm"),
                 "zxing": static("vendor/zxing-wasm/zxing-reader.js")},
        "units": rows,
        "groups": StatusGroups.as_data(),
        "text": {
            "queued": _("Saved on this phone; it will be sent when the connection returns."),
            "queued_expected": _("%(tag)s is in this shipment; saved on this phone until the connection returns."),
            "sent_later": plural_forms(
                lambda n: ngettext("Sent %(count)s saved scan.", "Sent %(count)s saved scans.", n)),
            "login": _("Your session has ended: log in again to send the saved scans."),
            "no_camera": _("No camera was found on this device; use a handheld scanner or type the tag."),
            "camera_not_secure": _("This page was not opened over HTTPS, so the browser gives it no camera. "
                                   "Open it at its https:// address, or use a handheld scanner or type the tag."),
            "camera_busy": _("Another app is using the camera; close it and try again, or type the tag."),
            "camera_denied": _("The camera was not allowed. Allow it in the browser's settings, or type the tag."),
            "needs_network": _("This needs a connection; try again when you are online."),
            "damaged_saved": _("Damage recorded for %(tag)s."),
            "quantity_saved": _("Quantity saved."),
            "error": _("Something went wrong; the scan is kept and will be tried again."),
            "refused": _("The server did not accept this scan."),
            "not_found": _("This shipment is not found or no longer available to you."),
            "online": _("Online"),
            "offline": _("Offline: scans are saved on this phone"),
            "dismiss": _("Dismiss"),
        },
        "titles": {
            receiving.Outcome.RECEIVED: _("Received"),
            receiving.Outcome.ALREADY_RECEIVED: _("Already received"),
            receiving.Outcome.NOT_IN_SHIPMENT: _("Not in this shipment"),
            receiving.Outcome.OTHER_INSTITUTION: _("Belongs to another institution"),
            receiving.Outcome.UNKNOWN_CODE: _("Unknown code"),
            receiving.Outcome.MISTYPED: _("Mistyped tag"),
            receiving.Outcome.REFUSED: _("Not accepted"),
            "queued": _("Saved offline"),
            "failed": _("Not sent"),
            "damaged": _("Damaged"),
            "refused_unit": _("Refused"),
        },
        "statuses": {"received": str(Unit.Status.RECEIVED.label), "damaged": str(Unit.Status.DAMAGED.label),
                     REFUSED: _("Refused")},
    }
    return render(request, "logistics/receiving/receive.html", {
        "shipment": shipment, "units": units, "counted": counted, "data": data,
        "counts": shipment_service.receipt_counts(shipment), "is_open": data["open"],
    })


@login_required
@require_POST
def scan(request, pk):
    form = ScanForm(request.POST)
    if not form.is_valid():
        get_shipment_for_user(request.user, pk, to_receive=True)  # outside one's reach: 404, not 400
        return _errors(form)
    try:
        # Finds the shipment through what the user may receive (404 otherwise), in the scan's own query.
        result = receiving.receive_scan(pk, form.cleaned_data["code"], scan_id=form.cleaned_data["scan_id"],
                                        by=request.user)
    except receiving.ReceiptNotOpen as exc:
        return refusal(exc)
    except receiving.ScanIdReused:
        return refusal(_("This scan id was already used for another scan."))
    return JsonResponse(scan_reply(result))


@login_required
@require_GET
def state(request, pk):
    shipment = get_shipment_for_user(request.user, pk, to_receive=True)
    units = shipment.units.select_related("item").order_by("item__code", "serial")
    return JsonResponse(state_reply(units, shipment_service.receipt_counts(shipment), transfers.refusals(shipment)))


@login_required
@require_POST
def mark_damaged(request, pk):
    shipment = get_shipment_for_user(request.user, pk, to_receive=True)
    form = DamageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _errors(form)
    _read, unit = receiving.resolve_unit(form.cleaned_data["code"], shipment)
    if unit is None:
        return refusal(_("No unit has this label."), status=400)
    photo = form.cleaned_data["photo"]
    try:
        saved = receiving.mark_damaged(shipment, unit, by=request.user, note=form.cleaned_data["note"], photo=photo,
                                       content_type=getattr(photo, "checked_content_type", ""))
    except (receiving.ReceiptNotOpen, lifecycle.TransitionNotAllowed) as exc:
        return refusal(exc)
    return JsonResponse(DamageReply(
        tag=unit.asset_tag, status=Unit.Status.DAMAGED.value,
        message=_("Damage recorded for %(tag)s.") % {"tag": unit.display_tag},
        photo=reverse("logistics:receive-photo", args=[pk, saved.pk]) if saved else ""))


@login_required
@require_POST
def refuse(request, pk):
    """A transfer's receiver will not take a unit: it stays with the sender (logistics.transfers)."""
    shipment = get_shipment_for_user(request.user, pk, to_receive=True)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _errors(form)
    _read, unit = receiving.resolve_unit(form.cleaned_data["code"], shipment)
    if unit is None or not unit.in_shipment:
        return refusal(_("No unit of this shipment has this label."), status=400)
    try:
        transfers.refuse_unit(shipment.pk, unit.pk, by=request.user, reason=form.cleaned_data["reason"])
    except transfers.TransferError as exc:
        return refusal(exc)
    return JsonResponse(RefusalReply(tag=unit.asset_tag, status=REFUSED, message=_(
        "%(tag)s is refused; it stays with the sender.") % {"tag": unit.display_tag}))


@login_required
@require_POST
def confirm_quantity(request, pk):
    shipment = get_shipment_for_user(request.user, pk, to_receive=True)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        return _errors(form)
    try:
        line = receiving.confirm_quantity(shipment, form.cleaned_data["line"], form.cleaned_data["quantity"],
                                          by=request.user)
    except receiving.ReceiptNotOpen as exc:
        return refusal(exc)
    return JsonResponse(QuantityReply(line=line.pk, quantity=line.quantity_received, message=_("Quantity saved.")))


@login_required
def close_receipt(request, pk):
    shipment = get_shipment_for_user(request.user, pk, to_receive=True)
    if request.method == "POST":
        try:
            # A transfer's order closes with its receipt (logistics.transfers); a supplier's has none.
            transfers.close_receipt(shipment.pk, by=request.user)
        except shipment_service.ShipmentStateError as exc:
            return render(request, "logistics/receiving/close.html", {
                "shipment": shipment, "summary": receiving.receipt_summary(shipment), "error": str(exc)}, status=409)
        return redirect("logistics:receive-sign", pk=shipment.pk)
    return render(request, "logistics/receiving/close.html", {
        "shipment": shipment, "summary": receiving.receipt_summary(shipment)})


@login_required
def sign(request, pk):
    shipment = get_shipment_for_user(request.user, pk, to_receive=True)
    act = AcceptanceAct.objects.filter(shipment=shipment).first()
    if act is None and not shipment.is_closed:
        return redirect("logistics:receive-close", pk=shipment.pk)
    form = SignForm(request.POST or None, initial={"signer_name": request.user.get_full_name()})
    error = ""
    if act is None and request.method == "POST" and form.is_valid():
        try:
            act = acts.sign_act(shipment.pk, by=request.user, signer_name=form.cleaned_data["signer_name"],
                                signer_position=form.cleaned_data["signer_position"],
                                signature_png=form.cleaned_data["signature"],
                                typed_signature=form.cleaned_data["typed_signature"])
        except (acts.ActNotReady, acts.SignatureInvalid) as exc:
            error = str(exc)
        else:
            return redirect("logistics:receive-sign", pk=shipment.pk)
    summary = act.summary if act else receiving.receipt_summary(shipment)
    status = 400 if request.method == "POST" and (form.errors or error) else 200
    return render(request, "logistics/receiving/sign.html", {
        "shipment": shipment, "act": act, "form": form, "summary": summary, "error": error}, status=status)


@login_required
@require_GET
def act_pdf(request, pk):
    shipment = get_shipment_for_user(request.user, pk)
    act = get_object_or_404(AcceptanceAct, shipment=shipment)
    return FileResponse(act.pdf.open("rb"), as_attachment=True, filename=f"{act.number}.pdf",
                        content_type="application/pdf")


@login_required
@require_GET
def photo(request, pk, photo_id):
    shipment = get_shipment_for_user(request.user, pk)
    saved = get_object_or_404(DamagePhoto, shipment=shipment, pk=photo_id)
    response = FileResponse(saved.image.open("rb"), content_type=saved.content_type or "application/octet-stream")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def offline_assets():
    """What the receipt page needs without a connection, as the URLs the page asks for.

    static() gives the hashed names of production's manifest storage, and config.static_storage
    rewrites the modules' names for each other to the same hashed names, so the worker caches
    exactly what the page loads. Every module in the folder is listed: a new one cannot be forgotten.
    """
    modules = sorted(f"logistics/receive/{path.name}" for path in RECEIPT_MODULES.glob("*.js"))
    page = ("inventory/app.css", "inventory/scroll_regions.js", "logistics/receive.css")
    return [static(name) for name in (*page, *modules,
                                      "vendor/zxing-wasm/zxing-reader.js", "vendor/zxing-wasm/zxing_reader.wasm")]


@never_cache
@require_GET
def service_worker(request):
    """The offline worker, served from /shipments/ so that its scope covers every receipt page."""
    assets = offline_assets()
    version = hashlib.sha256("|".join(assets).encode()).hexdigest()[:12]
    body = render_to_string("logistics/receiving/sw.js", {
        "assets": assets, "version": version, "cache_prefix": "receipt-",
        "page_pattern": r"\/shipments\/\d+\/receive\/$"})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("logistics:shipments")
    return response
