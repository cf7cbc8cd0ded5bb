from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from .permissions import ROLE_PREDICATES, primary_role, staff_institution_id


def roles(request):
    """What templates may ask of the user: `may.import`, `may.dispatch`, … (never a group's name)."""
    # A request refused before AuthenticationMiddleware (a 400 for a bad Host header) has no user yet.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "may": SimpleLazyObject(lambda: {name: predicate(user) for name, predicate in ROLE_PREDICATES.items()}),
        "user_role": primary_role(user),
        "user_institution_id": staff_institution_id(user),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
    }
