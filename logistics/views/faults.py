"""Problems reported from a unit's label: the public form, the triage queue, a report and its repair."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.login_throttling import client_address
from inventory.models import Unit
from inventory.permissions import allowed, may_see_faults

from .. import faults
from ..models import FaultReport, RepairOrder
from ..permissions import get_fault_for_user, get_repair_for_user, may_handle_repair, may_triage, visible_fault_reports
from ..photo_uploads import checked_photo

F = FaultReport.Status


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What is wrong?"), choices=FaultReport.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Choose what is wrong.")})
    text = forms.CharField(label=gettext_lazy("What happened? If it is not used, say why."), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": gettext_lazy("Describe the problem in a few words.")})
    photo = forms.FileField(label=gettext_lazy("Photo (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    contact = forms.CharField(label=gettext_lazy("Your phone or e-mail (optional)"), max_length=200, required=False,
                              help_text=gettext_lazy("Only the staff who handle the report see it."))
    # A honeypot: hidden from people by the stylesheet, filled in by form-filling robots.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return checked_photo(photo) if photo else None


def _public_unit(tag):
    unit = Unit.objects.select_related("item").filter(asset_tag=tag.replace("-", "").upper()).first()
    if unit is None:
        raise Http404(_("No unit has the label %(tag)s; check the code on the label.") % {"tag": tag})
    return unit


def report_problem(request, tag):
    """Anyone with the label in front of them, no account needed."""
    unit = _public_unit(tag)
    if unit.status == Unit.Status.WRITTEN_OFF:
        return render(request, "logistics/faults/report.html", {"unit": unit, "refusal": _(
            "Unit %(tag)s has been written off; problems with it are no longer taken.") % {"tag": unit.display_tag}},
            status=410)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return render(request, "logistics/faults/thanks.html", {"unit": unit})  # a robot: told nothing
        try:
            report = faults.file_report(unit.asset_tag, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
                                        contact=form.cleaned_data["contact"], photo=form.cleaned_data["photo"],
                                        address=client_address(request))
        except faults.TooManyReports as exc:
            return render(request, "logistics/faults/report.html", {"unit": unit, "form": form, "refusal": str(exc)},
                          status=429)
        except faults.FaultRefused as exc:
            return render(request, "logistics/faults/report.html", {"unit": unit, "form": form, "refusal": str(exc)},
                          status=409)
        return render(request, "logistics/faults/thanks.html", {"unit": unit, "report": report})
    return render(request, "logistics/faults/report.html", {"unit": unit, "form": form},
                  status=400 if form.errors else 200)


@allowed(may_see_faults)
def fault_list(request):
    status = request.GET.get("status", "open")
    reports = visible_fault_reports(request.user).select_related("unit__item", "institution")
    if status == "open":
        reports = reports.filter(status__in=[F.NEW, F.NEEDS_REPAIR])
    elif status in F.values:
        reports = reports.filter(status=status)
    statuses = [("open", _("Open")), *F.choices, ("all", _("All"))]
    return render(request, "logistics/faults/list.html", {"reports": reports[:200], "status": status,
                                                           "statuses": statuses})


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Decision"), widget=forms.RadioSelect,
                                choices=[(o.value, o.label) for o in faults.TRIAGE_OUTCOMES])
    duplicate_of = forms.CharField(label=gettext_lazy("Duplicate of report (number)"), max_length=20, required=False)
    supplier = forms.CharField(label=gettext_lazy("Repaired by (for a repair)"), max_length=255, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=RepairOrder.Outcome.choices,
                                widget=forms.RadioSelect)
    on = forms.DateField(label=gettext_lazy("Returned on"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False)


class SendForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Sent on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False)

    def clean_on(self):
        day = self.cleaned_data.get("on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day


class ReturnDateForm(ReturnForm, SendForm):
    pass


@allowed(may_see_faults)
def fault_detail(request, pk):
    report = get_fault_for_user(request.user, pk)
    repair = RepairOrder.objects.filter(report=report).first()
    return render(request, "logistics/faults/detail.html", {
        "report": report, "repair": repair, "events": report.events.select_related("actor"),
        "repair_events": repair.events.select_related("actor") if repair else [],
        "may_triage": may_triage(request.user, report) and report.status == F.NEW,
        "may_repair": repair is not None and may_handle_repair(request.user, repair),
        "triage_form": TriageForm(), "send_form": SendForm(), "return_form": ReturnDateForm()})


@require_POST
@allowed(may_see_faults)
def triage_fault(request, pk):
    report = get_fault_for_user(request.user, pk)
    if not may_triage(request.user, report):
        raise Http404
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision for the report."))
        return redirect(report)
    data = form.cleaned_data
    try:
        faults.triage(report.pk, data["outcome"], by=request.user, note=data["note"],
                      duplicate_of=data["duplicate_of"], supplier=data["supplier"])
    except faults.FaultRefused as exc:
        messages.error(request, str(exc))
    except faults.lifecycle.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Report %(number)s: %(decision)s.")
                         % {"number": report.number, "decision": F(data["outcome"]).label})
    return redirect(report)


def _repair_step(request, pk, form_class, step):
    repair = get_repair_for_user(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for msgs in form.errors.values() for m in msgs))
        return redirect(repair.report)
    try:
        step(repair, form.cleaned_data)
    except (faults.FaultRefused, faults.lifecycle.TransitionNotAllowed) as exc:
        messages.error(request, str(exc))
    return redirect(repair.report)


@require_POST
@allowed(may_see_faults)
def send_repair(request, pk):
    return _repair_step(request, pk, SendForm, lambda repair, data: faults.send_for_repair(
        repair.pk, by=request.user, sent_on=data["on"], note=data["note"]))


@require_POST
@allowed(may_see_faults)
def return_repair(request, pk):
    return _repair_step(request, pk, ReturnDateForm, lambda repair, data: faults.return_from_repair(
        repair.pk, data["outcome"], by=request.user, returned_on=data["on"], note=data["note"]))


@allowed(may_see_faults)
def fault_photo(request, pk):
    report = get_fault_for_user(request.user, pk)
    if not report.photo:
        raise Http404
    response = FileResponse(report.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
