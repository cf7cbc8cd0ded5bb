"""The administrators' boundary import page: upload, the match table and a preview, confirm; the history."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inventory.permissions import allowed, may_import_boundaries

from .. import boundaries, boundary_imports
from ..models import BoundaryImport

# How a feature found its area, as the match table says it.
HOW = {"code": gettext_lazy("KATO code"), "name": gettext_lazy("name"),
       "accepted": gettext_lazy("suggestion you ticked")}


class BoundaryForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=[("district", gettext_lazy("Districts and cities")),
                                                                    ("region", gettext_lazy("Regions"))])
    within = forms.CharField(label=gettext_lazy("Only within the region (KATO, ISO code, the file's code or name)"),
                             required=False, max_length=120)
    skip_unmatched = forms.BooleanField(label=gettext_lazy("Import what matches, list the rest"), required=False)


class UploadForm(BoundaryForm):
    file = forms.FileField(label=gettext_lazy("Boundary file (.geojson, .gpkg or zipped Shapefile)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if refusal := boundary_imports.refuse(upload.name, upload.size):
            raise forms.ValidationError(refusal)
        return upload


class CheckedForm(BoundaryForm):
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)


def accepted(request):
    """{"Termitau": "352400000"} from the ticked suggestions ("written=code")."""
    pairs = (value.partition("=") for value in request.POST.getlist("accept"))
    return {written: code for written, sep, code in pairs if sep and written and code}


@allowed(may_import_boundaries)
def boundary_page(request, form=None, status=200, **context):
    history = BoundaryImport.objects.select_related("actor")[:20]
    return render(request, "logistics/boundaries/page.html",
                  {"form": form or UploadForm(), "history": history, **context}, status=status)


@allowed(may_import_boundaries)
@require_POST
def boundary_check(request):
    """A new upload, or the stored one checked again with other choices (ticked suggestions)."""
    if request.FILES:
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return boundary_page(request, form=form, status=400)
        token = boundary_imports.store(form.cleaned_data["file"], by=request.user)
        file_name = form.cleaned_data["file"].name
    else:
        form = CheckedForm(request.POST)
        if not form.is_valid():
            return boundary_page(request, status=400)
        token, file_name = form.cleaned_data["token"], form.cleaned_data["file_name"]
    data, accept = form.cleaned_data, accepted(request)
    try:
        plan = boundary_imports.check(token, data["level"], by=request.user, within=data["within"], accept=accept,
                                      skip_unmatched=data["skip_unmatched"])
    except boundary_imports.UploadNotFound as exc:
        raise Http404 from exc
    except boundaries.BoundaryFileError as exc:
        messages.error(request, str(exc))
        return boundary_page(request, form=form, status=400)
    choices = {key: data[key] for key in ("level", "within", "skip_unmatched")}
    checked = CheckedForm(initial={**choices, "token": token, "file_name": file_name})
    # Each suggestion reads "Temirtau city (352400000)"; its checkbox carries the code.
    unmatched = [(f, [(s, s.rsplit("(", 1)[-1].rstrip(")")) for s in suggested]) for f, suggested in plan.unmatched]
    matched = [(f, a, HOW.get(how, how)) for f, a, how in plan.matched]
    return boundary_page(request, plan=plan, matched=matched, unmatched=unmatched, checked=checked, accept=accept,
                         file_name=file_name, preview=boundary_imports.preview(plan))


@allowed(may_import_boundaries)
@require_POST
def boundary_confirm(request):
    form = CheckedForm(request.POST)
    if not form.is_valid():
        return boundary_page(request, status=400)
    data = form.cleaned_data
    try:
        record = boundary_imports.confirm(data["token"], data["level"], by=request.user, file_name=data["file_name"],
                                          within=data["within"], accept=accepted(request),
                                          skip_unmatched=data["skip_unmatched"])
    except boundary_imports.UploadNotFound as exc:
        raise Http404 from exc
    except boundaries.BoundaryFileError as exc:
        messages.error(request, str(exc))
        return redirect("logistics:boundaries")
    messages.success(request, _("Stored %(n)s boundaries from %(file)s.") % {"n": record.stored,
                                                                             "file": record.file_name})
    return redirect("logistics:boundaries")
