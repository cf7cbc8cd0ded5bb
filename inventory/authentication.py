"""Who the logged-in user is, what roles they hold and where they work: one query a request.

Every page and every scan asks all three (inventory.permissions). Django's ModelBackend reads the
user alone, and the roles would cost a second query on each request, which a phone scanning a
shipment label after label pays every second.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from .permissions import remember_access


class RolesBackend(ModelBackend):
    def get_user(self, user_id):
        # One row per group the user is in (or one with no group): the user's columns repeat.
        rows = list(get_user_model()._default_manager.filter(pk=user_id)
                    .annotate(role=F("groups__name"), institution_id=F("profile__institution_id")))
        if not rows or not self.user_can_authenticate(rows[0]):
            return None
        user = rows[0]
        remember_access(user, [(row.role, row.institution_id) for row in rows])
        return user
