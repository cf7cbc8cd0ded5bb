"""The "API tokens" page: a user makes tokens (each shown once) and revokes them."""

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from .. import tokens


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100,
                           help_text=gettext_lazy("What the token is for, e.g. “regional office sync”."))
    expires_on = forms.DateField(label=gettext_lazy("Expires on (optional)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(gettext_lazy("The expiry date must be in the future."))
        return day


@login_required
def token_page(request):
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            day = form.cleaned_data["expires_on"]
            expires_at = timezone.make_aware(datetime.combine(day, time.min)) if day else None
            try:
                token, raw = tokens.create_token(request.user, name=form.cleaned_data["name"], expires_at=expires_at)
            except tokens.TokenRefused as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                created = {"token": token, "raw": raw}
                form = TokenForm()
        else:
            status = 400
    response = render(request, "api/tokens.html", {
        "form": form, "created": created, "tokens": request.user.api_tokens.all(), "now": timezone.now()},
        status=status)
    # The page that shows a new token once must not be kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request, pk):
    try:
        token = tokens.revoke(request.user, pk)
    except tokens.TokenRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
