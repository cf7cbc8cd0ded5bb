"""Switching the interface language, remembered on the person's profile for what reaches them later."""

from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from inventory.models import Profile


@require_POST
def set_language(request):
    """Django's language switch; a signed-in person's choice also becomes the language of their e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        Profile.objects.update_or_create(user=request.user, defaults={"language": language})
    return response
