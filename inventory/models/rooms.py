from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..identifiers import format_room_code, new_room_code


class Room(models.Model):
    """A room of an institution where installed units live ("class 2B", "sensory room").

    Staff create rooms on the fly, by name; each room has a QR label of its own (`/r/<code>`), so
    that scanning it on the installation page says which room the next units go into.
    """

    institution = models.ForeignKey("inventory.Institution", models.PROTECT, related_name="rooms",
                                    verbose_name=_("institution"))
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("room code"), max_length=8, unique=True, default=new_room_code, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["institution", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            # "Class 2B" and "class 2b" are one room: two phones creating it at once make one row.
            models.UniqueConstraint(Lower("name"), "institution", name="room_name_unique_per_institution"),
            models.CheckConstraint(condition=GreaterThan(Length("name"), 0), name="room_name_not_blank"),
            models.CheckConstraint(condition=~Q(code=""), name="room_code_not_blank"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("logistics:room", args=[self.code])

    @property
    def display_code(self):
        return format_room_code(self.code)
