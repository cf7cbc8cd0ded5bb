"""A verification visit on a phone: choose the room (its label), scan what is there, answer for each
unit (condition, in use and why not, a photo), mark what is not found, and close the visit.

Every view fetches the visit through logistics.permissions (404 outside the user's reach); a scan
or answer carries an id made on the phone, so one sent twice is recorded once.
"""

import hashlib
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.policies import allow_webassembly
from inventory.models import Unit
from inventory.scan_input import read_room

from .. import images, verification, verification_summary
from .. import verification_answers as answers
from ..models import Finding
from ..permissions import get_visit_for_user
from . import receiving as receiving_views
from .installing import camera_text

F = Finding.Result


class FindingForm(forms.Form):
    code = forms.CharField(max_length=500, strip=True,
                           error_messages={"required": gettext_lazy("Scan a label or type its tag.")})
    scan_id = forms.UUIDField(error_messages={"invalid": gettext_lazy("The scan has no valid device id."),
                                              "required": gettext_lazy("The scan has no valid device id.")})
    room = forms.CharField(max_length=40, required=False)
    not_found = forms.BooleanField(required=False)
    condition = forms.ChoiceField(choices=[("", "—"), *Finding.Condition.choices], required=False)
    in_use = forms.TypedChoiceField(choices=[("", "—"), ("yes", "yes"), ("no", "no")], required=False,
                                    coerce=lambda v: {"yes": True, "no": False}.get(v), empty_value=None)
    reason = forms.ChoiceField(choices=[("", "—"), *Finding.Reason.choices], required=False)
    note = forms.CharField(max_length=2000, required=False)
    photo = forms.FileField(required=False)
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        if photo.size > settings.MAX_PHOTO_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("The photo is larger than %(mb)s MB.") % {"mb": settings.MAX_PHOTO_UPLOAD_MB})
        try:
            return ContentFile(images.photo_jpeg(photo), name="photo.jpg")
        except images.NotAnImage:
            raise forms.ValidationError(_("The file is not a photo (JPEG, PNG or WebP).")) from None
        except images.TooManyPixels as exc:
            raise forms.ValidationError(
                _("The photo has too many pixels; photos of up to %(mp)s megapixels are accepted.")
                % {"mp": exc.megapixels}) from None

    def clean(self):
        data = super().clean()
        if data.get("reason") and data.get("in_use") is not False:
            self.add_error("reason", _("A reason is given only for a unit that is not in use."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            data["latitude"] = data["longitude"] = None  # half a location is no location
        return data


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "fetch"


def _reply(request, visit, payload, status=200):
    if _wants_json(request):
        return JsonResponse(payload, status=status)
    (messages.success if status == 200 else messages.error)(request, payload.get("message") or payload.get("error"))
    room = payload.get("room") or request.POST.get("room", "")
    room = room["code"] if isinstance(room, dict) else room
    return redirect(f"{reverse('logistics:visit', args=[visit.pk])}?room={room}" if room else
                    reverse("logistics:visit", args=[visit.pk]))


@login_required
@require_GET
@allow_webassembly
def visit_page(request, pk):
    visit = get_visit_for_user(request.user, pk)
    may_verify = _may_verify(request.user, visit)
    room = answers.room_of(visit, request.GET.get("room", ""))
    latest = verification.latest_findings(visit)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=latest).select_related("item", "room")}
    findings = [(units[pk], f) for pk, f in latest.items()]
    unscanned = list(verification.unscanned(visit))
    data = _page_data(visit, room, unscanned)
    return render(request, "logistics/verification/visit.html", {
        "visit": visit, "room": room, "rooms": visit.institution.rooms.order_by("name"), "findings": findings,
        "unscanned": [(u, uuid.uuid4()) for u in unscanned],
        "summary": verification_summary.of_visit(visit),
        "may_verify": may_verify and visit.status == "open", "data": data, "new_scan_id": uuid.uuid4(),
        "conditions": Finding.Condition.choices, "reasons": Finding.Reason.choices})


def _page_data(visit, room, unscanned):
    """What the page's script needs (json_script "visit-data")."""
    return {"visit": visit.pk,
            "urls": {"scan": reverse("logistics:visit-answer", args=[visit.pk]), "login": reverse("login"),
                     "wasm": static("vendor/zxing-wasm/zxing_reader.wasm"),
                     "zxing": static("vendor/zxing-wasm/zxing-reader.js"),
                     "page": reverse("logistics:visit", args=[visit.pk]), "worker": reverse("logistics:visit-sw")},
            "room": {"code": room.code, "name": room.name} if room else None,
            # For a scan made offline: the page knows the rooms' labels and the units it looks for.
            "rooms": [{"code": r.code, "name": r.name} for r in visit.institution.rooms.all()],
            "units": [{"tag": u.asset_tag, "display": u.display_tag} for u in unscanned],
            "titles": {**{k: str(v) for k, v in F.choices}, "room": _("Room chosen"), "refused": _("Not accepted"),
                       "unknown_code": _("Unknown code"), "failed": _("Not sent"), "queued": _("Saved offline")},
            "text": {**camera_text(), "queued": _("Saved on this phone; it will be sent when the connection returns."),
                     "room_offline": _("Now checking “%(room)s”."),
                     "error": _("Something went wrong; the scan is kept and will be tried again."),
                     "login": _("Your session has ended: log in again to send the saved scans."),
                     "not_found": _("This visit is not found or no longer available to you."),
                     "sent_later": _("Sent %(count)s saved scans."),
                     "online": _("Online"), "offline": _("Offline: scans are saved on this phone"),
                     "refused": _("The server did not accept this scan.")}}


def _may_verify(user, visit):
    try:
        get_visit_for_user(user, visit.pk, to_verify=True)
    except Http404:
        return False
    return True


@login_required
@require_POST
def answer(request, pk):
    """One scan or answer: a room label chooses the room; a unit's label or tag records a finding."""
    visit = get_visit_for_user(request.user, pk, to_verify=True)
    form = FindingForm(request.POST, request.FILES)
    if not form.is_valid():
        return _reply(request, visit, {"error": " ".join(str(m) for msgs in form.errors.values() for m in msgs)},
                      status=400)
    data = form.cleaned_data
    if code := read_room(data["code"]):
        if _answers_something(data):  # a room's label where the answer names a unit: keep nothing half-done
            return _reply(request, visit, {"outcome": "refused", "error": answers.room_label_refusal()}, status=409)
        room = visit.institution.rooms.filter(code=code).first()
        if room is None:
            return _reply(request, visit, {"outcome": "refused", "error": _(
                "This room label belongs to another institution or to no room.")}, status=409)
        return _reply(request, visit, {"outcome": "room", "room": {"code": room.code, "name": room.name},
                                       "message": _("Now checking “%(room)s”.") % {"room": room.name}})
    try:
        unit = answers.unit_of(data["code"])
    except answers.UnknownCode as exc:
        return _reply(request, visit, {"outcome": "unknown_code", "error": str(exc)}, status=409)
    try:
        finding = verification.record_finding(
            visit.pk, unit.pk, by=request.user, scan_id=data["scan_id"], room=answers.room_of(visit, data["room"]),
            not_found=data["not_found"], condition=data["condition"], in_use=data["in_use"], reason=data["reason"],
            note=data["note"], photo=data["photo"], latitude=data["latitude"], longitude=data["longitude"])
    except verification.VerificationError as exc:
        return _reply(request, visit, {"outcome": "refused", "error": str(exc)}, status=409)
    except IntegrityError:
        return _reply(request, visit, {"outcome": "refused", "error": answers.scan_id_reused()}, status=409)
    return _reply(request, visit, answers.finding_reply(unit, finding))


def _answers_something(data):
    return bool(data["not_found"] or data["condition"] or data["in_use"] is not None or data["reason"]
                or data["note"] or data["photo"])


@login_required
def close(request, pk):
    """The units never scanned come first; closing records them not found."""
    visit = get_visit_for_user(request.user, pk, to_verify=True)
    error = ""
    if request.method == "POST":
        try:
            verification.close_visit(visit.pk, by=request.user)
        except verification.VerificationError as exc:
            error = str(exc)
        else:
            return redirect("logistics:visit-sign", pk=visit.pk)
    return render(request, "logistics/verification/close.html", {
        "visit": visit, "unscanned": verification.unscanned(visit), "error": error,
        "summary": verification_summary.of_visit(visit)}, status=409 if error else 200)


VISIT_MODULES = Path(__file__).resolve().parent.parent / "static" / "logistics" / "verify"


def offline_assets():
    """What the visit page needs without a connection (see receiving.offline_assets)."""
    modules = sorted(f"logistics/verify/{path.name}" for path in VISIT_MODULES.glob("*.js"))
    receipt = [name for name in receiving_views.offline_assets() if "/receive/" in name and name.endswith(".js")]
    return [static("inventory/app.css"), static("inventory/scroll_regions.js"), static("logistics/receive.css"),
            *receipt,
            *(static(name) for name in modules), static("vendor/zxing-wasm/zxing-reader.js"),
            static("vendor/zxing-wasm/zxing_reader.wasm")]


@never_cache
@require_GET
def service_worker(request):
    """The offline worker of the visit pages, served from /visits/ so that its scope covers them."""
    assets = offline_assets()
    version = hashlib.sha256("|".join(assets).encode()).hexdigest()[:12]
    body = render_to_string("logistics/receiving/sw.js", {
        "assets": assets, "version": version, "cache_prefix": "visit-", "page_pattern": r"\/visits\/\d+\/$"})
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


@login_required
@require_GET
def photo(request, pk, finding_id):
    visit = get_visit_for_user(request.user, pk)
    finding = get_object_or_404(Finding, visit=visit, pk=finding_id)
    if not finding.photo:
        raise Http404
    response = FileResponse(finding.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response

