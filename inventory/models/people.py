from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Each role is a Django group of the same name; `setup_roles` gives the groups their permissions."""

    PROCUREMENT = "procurement_officer", _("Procurement officer")
    SCHOOL_STAFF = "school_staff", _("School staff")
    MANAGER = "project_manager", _("Project manager")
    ADMINISTRATOR = "administrator", _("Administrator")
    # An independent third-party monitor: sees and verifies the institutions assigned to them only.
    MONITOR = "monitor", _("Monitor")


class Profile(models.Model):
    """What the auth user lacks: the institution a member of school staff works at, and the
    institutions a monitor is assigned to verify."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile")
    institution = models.ForeignKey("inventory.Institution", models.PROTECT, null=True, blank=True,
                                    related_name="staff", verbose_name=_("institution"))
    # The language of the interface the person last chose; their e-mails are written in it.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    monitored = models.ManyToManyField("inventory.Institution", blank=True, related_name="monitors",
                                       verbose_name=_("institutions to verify"))

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
