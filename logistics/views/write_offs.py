"""Write-offs: the officers' form (units by their tags, a reason, the ordering document), the list and the act."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory import lifecycle
from inventory.permissions import allowed, may_write_off, sees_everything

from .. import write_offs
from ..models import FaultReport, WriteOff
from ..permissions import visible_write_offs


class WriteOffForm(forms.Form):
    tags = forms.CharField(label=gettext_lazy("Units (their labels' tags, one per line)"), max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": gettext_lazy("Name at least one unit by its label's tag.")})
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=WriteOff.Reason.choices)
    document_number = forms.CharField(label=gettext_lazy("Document number (order, decision)"), max_length=80,
                                      error_messages={"required": gettext_lazy(
                                          "Give the number of the document that orders the write-off.")})
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


@allowed(sees_everything)
def write_off_list(request):
    waiting = (FaultReport.objects.filter(status=FaultReport.Status.WRITE_OFF)
               .exclude(unit__status="written_off").select_related("unit__item"))
    return render(request, "logistics/write_offs/list.html", {
        "write_offs": visible_write_offs(request.user).prefetch_related("units")[:100], "waiting": waiting})


@allowed(may_write_off)
def write_off_new(request):
    form = WriteOffForm(request.POST or None, initial={"tags": request.GET.get("tags", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            act = write_offs.write_off(write_offs.units_by_tags(data["tags"]), reason=data["reason"],
                                       document_number=data["document_number"], note=data["note"], by=request.user)
        except (write_offs.WriteOffRefused, lifecycle.TransitionNotAllowed) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Written off under act %(number)s.") % {"number": act.number})
            return redirect(act)
    return render(request, "logistics/write_offs/new.html", {"form": form}, status=400 if form.errors else 200)


@allowed(sees_everything)
def write_off_detail(request, pk):
    act = visible_write_offs(request.user).filter(pk=pk).first()
    if act is None:
        raise Http404
    units = act.units.select_related("item", "holder").order_by("asset_tag")
    return render(request, "logistics/write_offs/detail.html", {"act": act, "units": units})


@allowed(sees_everything)
def write_off_pdf(request, pk):
    act = visible_write_offs(request.user).filter(pk=pk).first()
    if act is None:
        raise Http404
    return FileResponse(act.pdf.open("rb"), content_type="application/pdf", filename=f"{act.number}.pdf")
