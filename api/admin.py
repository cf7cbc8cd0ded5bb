from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import webhooks
from .models import ApiToken, WebhookDelivery, WebhookEndpoint, WebhookEvent


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    # Tokens are made by their owners (the tokens page, or manage.py api_token); here they are only seen.
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=gettext_lazy("Events"), choices=WebhookEvent.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhooks.check_target(url)
        except webhooks.TargetRefused:
            raise forms.ValidationError(_("This address is on this machine or a private network; webhooks are "
                                          "sent only to public addresses.")) from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "description", "is_active", "consecutive_failures", "disabled_at"]
    readonly_fields = ["secret", "consecutive_failures", "disabled_at", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret, obj.created_by = webhooks.new_secret(), request.user
        if obj.is_active and "is_active" in form.changed_data:
            obj.consecutive_failures, obj.disabled_at = 0, None  # made active again after a fix
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "last_status_code", "created_at", "delivered_at"]
    list_filter = ["status", "event"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
