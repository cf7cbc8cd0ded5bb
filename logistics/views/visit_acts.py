"""The verification act of a closed visit: both signatures, drawn on the phone or typed, then the PDF."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import acts, verification_acts
from ..models import VerificationAct
from ..permissions import get_visit_for_user
from .signature_fields import DrawnOrTyped, DrawnSignatureField, typed_signature_field


class VisitSignForm(DrawnOrTyped, forms.Form):
    verifier_name = forms.CharField(label=_("Verifier's full name"), max_length=200)
    verifier_signature = DrawnSignatureField()
    verifier_typed = typed_signature_field(_("Or the verifier types their full name instead of drawing"))
    representative_name = forms.CharField(label=_("Full name of the institution's representative"), max_length=200)
    representative_position = forms.CharField(label=_("Representative's position"), max_length=200, required=False)
    representative_signature = DrawnSignatureField()
    representative_typed = typed_signature_field(
        _("Or the representative types their full name instead of drawing"))
    signers = [
        ("verifier_signature", "verifier_typed",
         _("The verifier draws a signature in the first box, or types their full name below it.")),
        ("representative_signature", "representative_typed",
         _("The representative draws a signature in the second box, or types their full name below it.")),
    ]


@login_required
def sign(request, pk):
    visit = get_visit_for_user(request.user, pk, to_verify=True)
    act = VerificationAct.objects.filter(visit=visit).first()
    if act is None and visit.status != "closed":
        return redirect("logistics:visit-close", pk=visit.pk)
    form = VisitSignForm(request.POST or None, initial={"verifier_name": request.user.get_full_name()})
    error = ""
    if act is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verification_acts.sign_visit_act(
                visit.pk, by=request.user, verifier_name=data["verifier_name"],
                representative_name=data["representative_name"],
                representative_position=data["representative_position"],
                verifier_png=data["verifier_signature"], representative_png=data["representative_signature"],
                verifier_typed=data["verifier_typed"], representative_typed=data["representative_typed"])
        except (acts.ActNotReady, acts.SignatureInvalid) as exc:
            error = str(exc)
        else:
            return redirect("logistics:visit-sign", pk=visit.pk)
    summary = act.summary if act else verification_acts.act_summary(visit)
    status = 400 if request.method == "POST" and (form.errors or error) else 200
    return render(request, "logistics/verification/sign.html", {
        "visit": visit, "act": act, "form": form, "summary": summary, "error": error}, status=status)


@login_required
@require_GET
def act_pdf(request, pk):
    visit = get_visit_for_user(request.user, pk)
    act = get_object_or_404(VerificationAct, visit=visit)
    return FileResponse(act.pdf.open("rb"), as_attachment=True, filename=f"{act.number}.pdf",
                        content_type="application/pdf")
