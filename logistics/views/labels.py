"""Label sheets for a shipment, an institution, an import or a hand-picked selection of units.

Only procurement officers and administrators print sheets, and every list of units starts from
`visible_units(user)`, so nobody gets a label for a unit they may not see.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory import label_batches, labels
from inventory.label_presets import DEFAULT_PRESET, PRESETS, UnknownPreset, get_preset, preset_choices
from inventory.models import LabelBatch
from inventory.permissions import (
    allowed,
    count_invisible_units,
    may_print_labels,
    sees_everything,
    visible_institutions,
    visible_units,
)

from ..models import DeliveryImport
from ..permissions import get_shipment_for_user

SELECT_LIMIT = 500  # up to this many units the form lists them with a tick box each
PRINT_ORDER = ("holder__name_ru", "item__code", "serial", "pk")  # one school's labels together


class LabelSheetForm(forms.Form):
    preset = forms.ChoiceField(
        label=gettext_lazy("Label sheet"), choices=preset_choices,
        error_messages={"invalid_choice": gettext_lazy("There is no label sheet called “%(value)s”.")})
    start = forms.IntegerField(label=gettext_lazy("Start at label"), initial=1, min_value=1,
                               help_text=gettext_lazy("On a partly used sheet: the first free place, counted left to "
                                                      "right, top to bottom."))
    copies = forms.IntegerField(label=gettext_lazy("Copies of each label"), initial=1, min_value=1,
                                max_value=labels.MAX_COPIES)
    language = forms.ChoiceField(label=gettext_lazy("Language of the item names"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # long sheet names must not widen the page on a phone
            field.widget.attrs["style"] = "max-width:100%"

    def clean(self):
        data = super().clean()
        preset, start = data.get("preset"), data.get("start")
        if preset in PRESETS and start is not None and start > PRESETS[preset].per_sheet:
            self.add_error("start", _("This sheet has %(n)s labels: start at a place from 1 to %(n)s.")
                           % {"n": PRESETS[preset].per_sheet})
        return data


def _source(request, kind, pk):
    """(title, units in print order) for the thing labels are asked for; 404 outside the user's reach."""
    units = visible_units(request.user).select_related("item", "holder")
    if kind == "shipment":
        shipment = get_shipment_for_user(request.user, pk)
        return _("Waybill %(number)s") % {"number": shipment.waybill_number}, units.filter(
            shipment_units__shipment=shipment).order_by(*PRINT_ORDER)
    if kind == "institution":
        institution = get_object_or_404(visible_institutions(request.user), pk=pk)
        return institution.name, units.filter(holder=institution).order_by(*PRINT_ORDER)
    if kind == "import":
        delivery = get_object_or_404(DeliveryImport, pk=pk)
        return _("Import %(file)s") % {"file": delivery.original_name}, units.filter(
            shipment_units__shipment__delivery_import=delivery).distinct().order_by(*PRINT_ORDER)
    raise Http404


@allowed(may_print_labels)
def sheet_form(request, kind, pk=None):
    if kind == "selection":
        tags = [t.replace("-", "").strip().upper() for t in request.GET.getlist("tag") + request.POST.getlist("tag")]
        tags = [t for t in dict.fromkeys(tags) if t]
        if len(tags) > SELECT_LIMIT:
            messages.error(request, _("A selection holds at most %(limit)s units; only the first %(limit)s are "
                                      "kept. Print larger sets from their shipment, institution or import.")
                           % {"limit": SELECT_LIMIT})
            tags = tags[:SELECT_LIMIT]
        units = visible_units(request.user).select_related("item", "holder").filter(
            asset_tag__in=tags).order_by(*PRINT_ORDER)
        title, missing = _("Selected units"), len(tags) - units.count()
        if missing:
            messages.error(request, _("%(n)s of the chosen units do not exist or are not yours to print; "
                                      "they are left out.") % {"n": missing})
    else:
        title, units = _source(request, kind, pk)
    total = units.count()
    listed = list(units[:SELECT_LIMIT]) if total <= SELECT_LIMIT else []
    form = LabelSheetForm(request.POST or None, initial={"preset": DEFAULT_PRESET, "language": get_language()})
    chosen_error = None
    if request.method == "POST" and form.is_valid():
        options = form.cleaned_data
        try:
            if listed:
                chosen = set(request.POST.getlist("unit"))
                unit_ids = [u.pk for u in listed if str(u.pk) in chosen]
                if not unit_ids:
                    raise labels.LabelError(_("Choose at least one unit."))
            else:  # refuse an impossible batch before loading 200,000 ids
                labels.check_request(total, options["preset"], options["start"], options["copies"])
                unit_ids = list(units.values_list("pk", flat=True))
            batch, unprintable = label_batches.request_batch(unit_ids, title=title, by=request.user, **options)
        except (labels.LabelError, UnknownPreset) as exc:
            chosen_error = str(exc)
        else:
            if unprintable:
                messages.warning(request, _("The label font has no letter for %(chars)s; it is printed as "
                                            "%(mark)s.") % {"chars": " ".join(unprintable), "mark": labels.REPLACEMENT})
            elif batch.is_ready and batch.label_count <= label_batches.SYNC_LIMIT:
                # A small sheet is rendered during the request: the file itself, in one step.
                return _pdf(batch)
            return redirect("logistics:labels-batch", pk=batch.pk)
    return render(request, "logistics/labels/form.html", {
        "title": title, "form": form, "total": total, "listed": listed, "chosen_error": chosen_error,
        "too_many": total > labels.MAX_LABELS, "max_labels": labels.MAX_LABELS, "presets": PRESETS.values(),
        "chosen": set(request.POST.getlist("unit")) if request.method == "POST" else None,
        "tags": request.GET.getlist("tag"),
    })


def _batch_for(user, pk):
    batch = get_object_or_404(LabelBatch, pk=pk)
    if not sees_everything(user) and count_invisible_units(user, batch.unit_ids):
        raise Http404
    return batch


@allowed(may_print_labels)
def batch_page(request, pk):
    batch = label_batches.fail_if_stale(_batch_for(request.user, pk))  # a dead worker's batch shows as failed
    return render(request, "logistics/labels/batch.html", {"batch": batch, "preset": PRESETS.get(batch.preset)})


@allowed(may_print_labels)
@require_POST
def batch_rerun(request, pk):
    """A failed batch, asked for again: a new batch with the same units and options."""
    failed = _batch_for(request.user, pk)
    try:
        batch = label_batches.rerun(failed.pk, by=request.user)
    except (label_batches.TransitionNotAllowed, labels.LabelError, UnknownPreset) as exc:
        messages.error(request, str(exc))
        return redirect("logistics:labels-batch", pk=pk)
    return redirect("logistics:labels-batch", pk=batch.pk)


@allowed(may_print_labels)
def batch_status(request, pk):
    batch = label_batches.fail_if_stale(_batch_for(request.user, pk))
    return JsonResponse({
        "status": batch.status, "status_label": batch.get_status_display(), "done": batch.labels_done,
        "total": batch.label_count, "percent": batch.percent, "error": batch.error,
        "download": reverse("logistics:labels-batch-pdf", args=[batch.pk]) if batch.is_ready else None,
    })


@allowed(may_print_labels)
def batch_pdf(request, pk):
    batch = _batch_for(request.user, pk)
    if not batch.is_ready or not batch.pdf.storage.exists(batch.pdf.name):
        raise Http404
    return _pdf(batch)


def _pdf(batch):
    """The sheet as a download named after what it holds ("labels-НКЛ-2025-0202.pdf")."""
    name = slugify(batch.title, allow_unicode=True) or str(batch.pk)
    return FileResponse(batch.pdf.open("rb"), as_attachment=True, filename=f"labels-{name}.pdf",
                        content_type="application/pdf")


@allowed(may_print_labels)
def calibration_pdf(request):
    try:
        preset = get_preset(request.GET.get("preset") or DEFAULT_PRESET)
    except UnknownPreset as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(labels.render_calibration(preset.code), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="calibration-{preset.code}.pdf"'
    return response
