"""The installation screens: on a phone, staff choose a room (by its label, or by name) and scan
the units that now live there, or pick them from the list of received units; and the rooms' labels.

Everything is scoped to the staff member's own institution (inventory.permissions.may_install):
a room or unit of another institution is not found, and a forged post changes nothing.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.policies import allow_webassembly
from inventory import installation, labels, lifecycle
from inventory.label_presets import DEFAULT_PRESET, UnknownPreset
from inventory.models import Room, Unit
from inventory.permissions import allowed, may_install, staff_institution_id, visible_rooms
from inventory.scan_input import read_room

from ..receipt_replies import refusal


class InstallScanForm(forms.Form):
    code = forms.CharField(max_length=500, strip=True,
                           error_messages={"required": gettext_lazy("Scan a label or type its tag.")})
    room = forms.CharField(max_length=40, required=False)
    scan_id = forms.UUIDField(error_messages={"invalid": gettext_lazy("The scan has no valid device id.")})


def _install_url(room=None):
    url = reverse("logistics:install")
    return f"{url}?{urlencode({'room': room.code})}" if room else url


def camera_text():
    """The camera's sentences, for the scanning pages' data (the receipt page has its own)."""
    return {"no_camera": _("The camera is not available here. Phones allow it only over HTTPS; "
                           "use a handheld scanner or type the tag."),
            "camera_denied": _("The camera was not allowed. Allow it in the browser's settings, or type the tag.")}


@allowed(may_install)
@require_GET
@allow_webassembly
def install_page(request):
    institution_id = staff_institution_id(request.user)
    room = installation.room_of(institution_id, request.GET.get("room", ""))
    rooms = Room.objects.filter(institution_id=institution_id).annotate(installed=Count("units")).order_by("name")
    waiting = (Unit.objects.filter(holder_id=institution_id, status__in=installation.INSTALLABLE)
               .select_related("item").order_by("item__code", "serial"))
    here = room.units.select_related("item").order_by("item__code", "serial") if room else []
    data = {
        "room": {"code": room.code, "name": room.name} if room else None,
        "urls": {"scan": reverse("logistics:install-scan"), "login": reverse("login"),
                     "wasm": static("vendor/zxing-wasm/zxing_reader.wasm"),
                     "zxing": static("vendor/zxing-wasm/zxing-reader.js"), "page": _install_url()},
        "titles": {
            installation.Outcome.INSTALLED: _("Installed"),
            installation.Outcome.MOVED: _("Moved"),
            installation.Outcome.ALREADY_HERE: _("Already here"),
            installation.Outcome.ROOM: _("Room chosen"),
            installation.Outcome.NO_ROOM: _("Choose a room first"),
            installation.Outcome.OTHER_INSTITUTION: _("Belongs to another institution"),
            installation.Outcome.UNKNOWN_CODE: _("Unknown code"),
            installation.Outcome.MISTYPED: _("Mistyped tag"),
            installation.Outcome.REFUSED: _("Not accepted"),
            "failed": _("Not sent"),
        },
        "text": {**camera_text(), "retry": _("No connection: scan the label again when you are online."),
                 "login": _("Your session has ended: log in again.")},
    }
    return render(request, "logistics/installing/install.html", {
        "room": room, "rooms": rooms, "waiting": waiting, "here": here, "data": data})


@allowed(may_install)
@require_POST
def install_scan(request):
    form = InstallScanForm(request.POST)
    if not form.is_valid():
        return refusal(" ".join(str(m) for msgs in form.errors.values() for m in msgs), status=400)
    institution_id = staff_institution_id(request.user)
    room = installation.room_of(institution_id, form.cleaned_data["room"])
    try:
        result = installation.install_scan(institution_id, room, form.cleaned_data["code"], by=request.user,
                                           scan_id=form.cleaned_data["scan_id"])
    except lifecycle.TransitionNotAllowed as exc:
        return refusal(exc)
    except IntegrityError:
        return refusal(_("This scan id was already used for another scan."))
    chosen = result.room
    return JsonResponse({
        "outcome": result.outcome, "message": result.message, "tag": result.tag, "status": result.status,
        "room": {"code": chosen.code, "name": chosen.name} if chosen else None,
    }, status=409 if result.outcome in installation.REFUSALS else 200)


@allowed(may_install)
@require_POST
def create_room(request):
    try:
        room = installation.room_named(staff_institution_id(request.user), request.POST.get("name", ""))
    except installation.BadRoomName as exc:
        messages.error(request, str(exc))
        return redirect(_install_url())
    return redirect(_install_url(room))


@allowed(may_install)
@require_POST
def install_picked(request):
    institution_id = staff_institution_id(request.user)
    room = installation.room_of(institution_id, request.POST.get("room", ""))
    tags = request.POST.getlist("unit")
    if room is None:
        messages.error(request, _("Choose the room the units are installed in."))
    elif not tags:
        messages.error(request, _("Tick the units to install."))
    else:
        try:
            count = installation.install_picked(institution_id, room, tags, by=request.user)
        except lifecycle.TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, ngettext("%(count)s unit installed in “%(room)s”.",
                                               "%(count)s units installed in “%(room)s”.", count)
                             % {"count": count, "room": room.name})
    return redirect(_install_url(room))


@login_required
@require_GET
def room_page(request, code):
    """Where a room's QR label leads: staff of its institution install there; others see what it holds."""
    room = get_object_or_404(visible_rooms(request.user).select_related("institution"), code=read_room(code) or "")
    if may_install(request.user) and room.institution_id == staff_institution_id(request.user):
        return redirect(_install_url(room))
    units = room.units.select_related("item").order_by("item__code", "serial")
    return render(request, "logistics/installing/room.html", {"room": room, "units": units})


@allowed(may_install)
@require_GET
def room_labels(request):
    """A PDF of the institution's room labels (or one room's, `?room=`), on the usual label sheets."""
    rooms = Room.objects.filter(institution_id=staff_institution_id(request.user)).select_related("institution")
    if code := request.GET.get("room"):
        rooms = rooms.filter(code=read_room(code) or "")
    language = request.GET.get("lang") or get_language()
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    try:
        pdf = labels.render_sheets(
            labels.room_labels(rooms.order_by("name"), language, site_url=settings.SITE_URL,
                               programme=settings.PROGRAMME_NAME),
            request.GET.get("preset") or DEFAULT_PRESET, title=_("Room labels"))
    except (UnknownPreset, labels.LabelError) as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="room-labels.pdf"'
    return response
