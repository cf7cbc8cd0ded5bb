"""The officers' register and catalogue page: export as .xlsx/.csv, import with a dry run first."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..importing import registers
from ..permissions import may_import_deliveries

TITLES = {"institutions": gettext_lazy("Institution register"), "catalogue": gettext_lazy("Catalogue")}


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if refusal := registers.refuse_oversize(upload.name, upload.size):
            raise forms.ValidationError(refusal)
        return upload


def _officer(request, register=None):
    if not may_import_deliveries(request.user):
        raise PermissionDenied
    if register is not None and register not in registers.REGISTERS:
        raise Http404


@login_required
def register_page(request, trial=None, register=None, form=None, status=200):
    _officer(request)
    sections = [{"key": key, "title": title, "form": form if key == register and form else RegisterUploadForm(),
                 "trial": trial if key == register else None} for key, title in TITLES.items()]
    return render(request, "logistics/imports/registers.html", {"sections": sections}, status=status)


@login_required
def register_export(request, register, file_format):
    _officer(request, register)
    if file_format not in registers.FORMATS:
        raise Http404
    response = HttpResponse(registers.export(register, file_format), content_type=registers.FORMATS[file_format])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename=f"{register}.{file_format}")
    return response


@login_required
@require_POST
def register_try(request, register):
    _officer(request, register)
    form = RegisterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return register_page(request, register=register, form=form, status=400)
    try:
        upload = form.cleaned_data["file"]
        trial = registers.try_import(register, upload.read(), name=upload.name)
    except registers.RegisterFileError as exc:
        form.add_error("file", str(exc))
        return register_page(request, register=register, form=form, status=400)
    return register_page(request, trial=trial, register=register)


@login_required
@require_POST
def register_confirm(request, register):
    _officer(request, register)
    try:
        totals = registers.confirm_import(register, request.POST.get("token", ""))
    except registers.RegisterFileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(register)s updated: %(new)s new, %(update)s changed, %(skip)s unchanged.")
                         % {"register": TITLES[register], **totals})
    return redirect("logistics:registers")
