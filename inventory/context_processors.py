from django.conf import settings

from .permissions import primary_role, roles_of, staff_institution_id


def roles(request):
    user = request.user
    return {
        "user_roles": roles_of(user),
        "user_role": primary_role(user),
        "user_institution_id": staff_institution_id(user),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
    }
