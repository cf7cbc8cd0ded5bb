"""The officers' register and catalogue page: export as .xlsx/.csv, import with a dry run first."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inventory.permissions import allowed, may_import

from ..importing import registers

TITLES = {"institutions": gettext_lazy("Institution register"), "catalogue": gettext_lazy("Catalogue")}


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if refusal := registers.refuse_oversize(upload.name, upload.size):
            raise forms.ValidationError(refusal)
        return upload


def _known(register):
    if register not in registers.REGISTERS:
        raise Http404


@allowed(may_import)
def register_page(request, trial=None, register=None, form=None, status=200):
    sections = [{"key": key, "title": title, "form": form if key == register and form else RegisterUploadForm(),
                 "trial": trial if key == register else None} for key, title in TITLES.items()]
    return render(request, "logistics/imports/registers.html", {"sections": sections}, status=status)


@allowed(may_import)
def register_export(request, register, file_format):
    _known(register)
    if file_format not in registers.FORMATS:
        raise Http404
    response = HttpResponse(registers.export(register, file_format), content_type=registers.FORMATS[file_format])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename=f"{register}.{file_format}")
    return response


@allowed(may_import)
@require_POST
def register_try(request, register):
    _known(register)
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


@allowed(may_import)
@require_POST
def register_confirm(request, register):
    _known(register)
    try:
        totals = registers.confirm_import(register, request.POST.get("token", ""))
    except registers.RegisterFileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(register)s updated: %(new)s new, %(update)s changed, %(skip)s unchanged.")
                         % {"register": TITLES[register], **totals})
    return redirect("logistics:registers")
