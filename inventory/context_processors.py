from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from .permissions import primary_role, roles_of, staff_institution_id


def roles(request):
    # A request refused before AuthenticationMiddleware (a 400 for a bad Host header) has no user yet.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "user_roles": roles_of(user),
        "user_role": primary_role(user),
        "user_institution_id": staff_institution_id(user),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
    }
