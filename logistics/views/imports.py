"""The delivery import screens: history and upload, preview, confirm, progress, downloads."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from inventory.models import Institution, Item
from inventory.permissions import allowed, may_import

from ..importing import preview, progress, states, tasks, uploads
from ..importing.read import ENCODING_CHOICES, max_upload_bytes, too_large
from ..importing.rejected import rejected_rows_workbook
from ..importing.template import template_workbook
from ..models import DeliveryImport
from ..permissions import get_import_for_user

S = DeliveryImport.Status
RUNNING = (S.UPLOADED, S.CHECKING, S.IMPORTING)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENCODINGS = [("", gettext_lazy("Automatic: UTF-8, else Windows-1251")), *ENCODING_CHOICES]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Delivery list (.xlsx or .csv)"))
    encoding = forms.ChoiceField(label=gettext_lazy("Encoding of a .csv file"), choices=ENCODINGS, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(str(too_large(upload.size)))
        return upload


class EncodingForm(forms.Form):
    # Empty means "automatic", as at upload: an .xlsx has no encoding, and checking it again must
    # not ask for one.
    encoding = forms.ChoiceField(choices=ENCODINGS, required=False)


class ConfirmForm(forms.Form):
    skip_rejected = forms.BooleanField(required=False)


@allowed(may_import)
def import_list(request, form=None, status=200):
    imports = DeliveryImport.objects.select_related("uploaded_by")
    page = Paginator(imports, 30).get_page(request.GET.get("page"))
    return render(request, "logistics/imports/list.html", {
        "page": page, "form": form or UploadForm(), "limit_mb": max_upload_bytes() // 1024 // 1024,
    }, status=status)


@allowed(may_import)
@require_POST
def import_upload(request):
    # Refuse an oversized body by its declared length, before Django reads it into a temporary file.
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > max_upload_bytes() + 1024 * 1024:
        messages.error(request, str(too_large(declared)))
        return redirect("logistics:imports")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return import_list(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    record = uploads.store(upload, name=upload.name, by=request.user, encoding=form.cleaned_data["encoding"])
    tasks.enqueue_check(record.pk)
    return redirect("logistics:import", pk=record.pk)


@allowed(may_import)
def import_detail(request, pk):
    record = states.fail_if_stale(get_import_for_user(request.user, pk))  # a dead worker's job shows as failed
    report = preview.describe(record.report) if record.status not in (S.UPLOADED, S.CHECKING) else None
    return render(request, "logistics/imports/detail.html", {
        "record": record, "report": report, "running": record.status in RUNNING,
        "may_confirm": record.status in (S.CHECKED, S.REJECTED) and bool(report) and bool(report.get("has_work")),
        "may_recheck": record.status in (S.CHECKED, S.REJECTED, S.FAILED),
        "may_retry": record.status == S.FAILED,
        "encoding_form": EncodingForm(initial={"encoding": record.encoding or (report or {}).get("encoding")}),
        "shipments": record.shipments.select_related("destination").order_by("waybill_number")[:200],
        "status_payload": _status(record),
        "upload_form": UploadForm(),
    })


@allowed(may_import)
@require_GET
def import_status(request, pk):
    """Polled by the page while a check or an import runs; leaving and coming back resumes it."""
    record = states.fail_if_stale(get_import_for_user(request.user, pk))
    return JsonResponse(_status(record))


def _status(record):
    state = progress.load(record.pk) if record.status in RUNNING else None
    done, total = (state["done"], state["total"]) if state else (0, 0)
    # A job without a lease has not been taken by a worker yet (states.py).
    phase = state["phase"] if state else ("waiting" if record.lease_until is None else "")
    labels = {"waiting": _("Waiting for the background worker to start…"),
              "checking": _("Checking rows: %(done)s of about %(total)s"),
              "writing": _("Writing units: %(done)s of %(total)s"),
              "": _("Working…")}
    return {
        "status": record.status, "status_label": str(record.get_status_display()),
        "running": record.status in RUNNING, "phase": phase, "done": done, "total": total,
        "percent": round(100 * done / total) if total else None,
        "label": labels.get(phase, phase) % {"done": f"{done:,}".replace(",", "\u00a0"),
                                             "total": f"{total:,}".replace(",", "\u00a0")},
    }


@allowed(may_import)
@require_POST
def import_confirm(request, pk):
    record = get_import_for_user(request.user, pk)
    form = ConfirmForm(request.POST)
    skip = form.is_valid() and form.cleaned_data["skip_rejected"]
    return _claim_then_run(pk, request, lambda: states.claim_for_import(record.pk, by=request.user,
                                                                         skip_rejected=skip))


@allowed(may_import)
@require_POST
def import_recheck(request, pk):
    """Read a .csv again in the encoding the officer chose after seeing the decoded headers."""
    record = get_import_for_user(request.user, pk)
    form = EncodingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an encoding from the list."))
        return redirect("logistics:import", pk=pk)
    return _claim_then_run(pk, request, lambda: states.claim_for_recheck(
        record.pk, by=request.user, encoding=form.cleaned_data["encoding"]))


@allowed(may_import)
@require_POST
def import_retry(request, pk):
    """Run a failed job again: the import if the import failed, otherwise the check."""
    record = get_import_for_user(request.user, pk)
    return _claim_then_run(pk, request, lambda: states.claim_for_retry(record.pk, by=request.user))


def _claim_then_run(pk, request, claim):
    """Take the step through the import's state table, then start the job it leads to: the import if
    the record is now importing, the check otherwise. A refused step is said on the import's page."""
    try:
        record = claim()
    except states.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        if record.status == S.IMPORTING:
            tasks.enqueue_import(record.pk)
        else:
            tasks.enqueue_check(record.pk)
    return redirect("logistics:import", pk=pk)


@allowed(may_import)
def import_file(request, pk):
    """The original file, exactly as uploaded."""
    record = get_import_for_user(request.user, pk)
    try:
        stream = record.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(stream, as_attachment=True, filename=record.original_name)


@allowed(may_import)
def import_rejected(request, pk):
    record = get_import_for_user(request.user, pk)
    content = rejected_rows_workbook(record.file.path, encoding=record.encoding)
    if content is None:
        messages.info(request, _("No rows are rejected now."))
        return redirect("logistics:import", pk=pk)
    stem = record.original_name.rsplit(".", 1)[0]
    return _xlsx(content, _("%(name)s - rejected rows.xlsx") % {"name": stem})


@allowed(may_import)
def import_template(request):
    return _xlsx(template_workbook(Item.objects.order_by("code").first(),
                                   Institution.objects.order_by("name_ru").first()),
                 _("delivery-list-template.xlsx"))


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
