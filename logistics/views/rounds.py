"""Verification rounds: the list, opening one (project managers), a round's page with its numbers,
starting a visit, and closing the round. Every page starts from logistics.permissions' scopes."""

import io
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from inventory.models import Area, Institution
from inventory.permissions import allowed, may_open_rounds, may_verify, sees_everything, verifiable_institutions
from inventory.spreadsheets import safe_cell

from .. import verification, verification_map, verification_summary
from ..models import VerificationRound
from ..permissions import get_round_for_user, visible_rounds


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    selection = forms.ChoiceField(label=_("Institutions"), choices=VerificationRound.Selection.choices)
    area = forms.ModelChoiceField(label=_("Area"), required=False,
                                  queryset=Area.objects.defer("boundary").order_by("level", "name_en"),
                                  help_text=_("For “every institution of an area”, and to draw a sample from."))
    institutions = forms.CharField(label=_("Institutions of the list"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("Their BINs, separated by spaces, commas or new lines."))
    sample_size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=100_000, required=False)
    recipients_only = forms.BooleanField(label=_("Sample only institutions that hold delivered equipment"),
                                         required=False, initial=True)
    seed = forms.IntegerField(label=_("Random seed"), min_value=0, max_value=2**62, required=False,
                              help_text=_("Leave empty for a new one; it is recorded with the round."))

    def clean_institutions(self):
        bins = [b for b in re.split(r"[\s,;]+", self.cleaned_data["institutions"]) if b]
        found = dict(Institution.objects.filter(bin__in=bins).values_list("bin", "pk"))
        if unknown := [b for b in bins if b not in found]:
            raise forms.ValidationError(_("No institution has the BIN %(bins)s.") % {"bins": ", ".join(unknown[:10])})
        return [found[b] for b in dict.fromkeys(bins)]

    def clean(self):
        data = super().clean()
        kind = data.get("selection")
        S = VerificationRound.Selection
        if kind == S.AREA and not data.get("area"):
            self.add_error("area", _("Choose the area."))
        if kind == S.LIST and not data.get("institutions"):
            self.add_error("institutions", _("Choose at least one institution."))
        if kind == S.SAMPLE and not data.get("sample_size"):
            self.add_error("sample_size", _("Give the size of the sample."))
        return data


@allowed(may_verify)
def round_list(request):
    rounds = visible_rounds(request.user).select_related("opened_by").order_by("-opened_at")
    return render(request, "logistics/verification/rounds.html", {"rounds": rounds})


@allowed(may_open_rounds)
def round_new(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = verification.open_round(
                name=data["name"], by=request.user, selection=data["selection"],
                area_id=data["area"].pk if data["area"] else None,
                institution_ids=data["institutions"],
                sample_size=data["sample_size"], seed=data["seed"], recipients_only=data["recipients_only"])
        except verification.BadSelection as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("logistics:round", pk=round_.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "logistics/verification/round_new.html", {"form": form}, status=status)


@login_required
def round_detail(request, pk):
    round_ = get_round_for_user(request.user, pk)
    mine = set(verifiable_institutions(request.user).values_list("pk", flat=True))
    institutions = round_.institutions.select_related("area").defer("area__boundary").order_by("name_ru")
    if not sees_everything(request.user):
        institutions = institutions.filter(pk__in=mine)
    visits = {v.institution_id: v for v in round_.visits.all()}
    total, rows = _round_numbers(request.user, round_)
    areas = [round_.area] if round_.area_id else list({i.area_id: i.area for i in institutions}.values())
    picture = verification_map.round_map(institutions, areas, visits,
                                         lambda v: reverse("logistics:visit", args=[v.pk]))
    return render(request, "logistics/verification/round.html", {
        "round": round_, "institutions": [(i, visits.get(i.pk), i.pk in mine) for i in institutions],
        "map": picture, "total": total, "rows": rows, "areas": verification_summary.by_area(rows),
        "may_close": may_open_rounds(request.user) and round_.status == "open",
    })


def _round_numbers(user, round_):
    """(total, rows) of the round as far as `user` may see it."""
    total, rows = verification_summary.of_round(round_)
    if sees_everything(user):
        return total, rows
    mine = set(verifiable_institutions(user).values_list("pk", flat=True))
    rows = [(v, s) for v, s in rows if v.institution_id in mine]
    total = verification_summary.Summary()
    for _visit, summary in rows:
        total.add(summary)
    return total, rows


@login_required
def round_export(request, pk):
    """The round's numbers per visit, per area and in total, as .xlsx."""
    from openpyxl import Workbook

    round_ = get_round_for_user(request.user, pk)
    total, rows = _round_numbers(request.user, round_)
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Verification")[:31]
    sheet.append(verification_summary.export_header())
    for row in verification_summary.export_rows(total, rows):
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="verification-round-{round_.pk}.xlsx"'
    return response


@login_required
def institution_verification(request, pk):
    """What the visits to one institution found, round by round."""
    if sees_everything(request.user):
        institution = get_object_or_404(Institution, pk=pk)
    else:
        institution = get_object_or_404(verifiable_institutions(request.user), pk=pk)
    visits = institution.visits.select_related("round", "verifier").order_by("-started_at")
    return render(request, "logistics/verification/institution.html", {
        "institution": institution, "rows": [(v, verification_summary.of_visit(v)) for v in visits]})


@login_required
@require_POST
def visit_start(request, pk, institution_pk):
    round_ = get_round_for_user(request.user, pk)
    if not verifiable_institutions(request.user).filter(pk=institution_pk).exists():
        raise PermissionDenied
    try:
        visit = verification.start_visit(round_.pk, institution_pk, by=request.user)
    except verification.VerificationError as exc:
        messages.error(request, str(exc))
        return redirect("logistics:round", pk=round_.pk)
    return redirect("logistics:visit", pk=visit.pk)


@allowed(may_open_rounds)
@require_POST
def round_close(request, pk):
    round_ = get_round_for_user(request.user, pk)
    try:
        verification.close_round(round_.pk, by=request.user)
    except verification.VerificationError as exc:
        messages.error(request, str(exc))
    return redirect("logistics:round", pk=round_.pk)
