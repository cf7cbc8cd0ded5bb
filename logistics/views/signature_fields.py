"""Signing on a form: each signer draws on the pad or, when they cannot draw (a keyboard, a screen
reader, a tremor), types their full name instead. One way per signer: never neither, never both.
Shared by the acceptance act and the verification act."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import acts


class DrawnSignatureField(forms.CharField):
    """The pad's drawing, sent as a PNG data URL in a hidden field; cleaned to checked PNG bytes or None."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(max_length=2_000_000, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return acts.read_signature(value)
        except acts.SignatureInvalid as exc:
            raise forms.ValidationError(str(exc)) from None


def typed_signature_field(label):
    return forms.CharField(label=label, max_length=acts.TYPED_SIGNATURE_LENGTH, required=False, help_text=_(
        "The act then shows the name you typed where a drawn signature would be."))


class DrawnOrTyped:
    """Form mixin: `signers` names each signer's (drawn field, typed field, what to say when neither)."""

    signers = ()

    def clean(self):
        data = super().clean()
        for drawn_field, typed_field, missing in self.signers:
            if drawn_field not in data or typed_field not in data:  # refused on its own: its error says why
                continue
            drawn, typed = data[drawn_field], data[typed_field].strip()
            data[typed_field] = typed
            if not drawn and not typed:
                self.add_error(None, missing)
            elif drawn and typed:
                self.add_error(None, _("Either draw the signature or type the name, not both: clear the box "
                                       "or empty the field “%(field)s”.") % {"field": self[typed_field].label})
        return data
