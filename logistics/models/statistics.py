from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChildrenInNeed(models.Model):
    """Children needing special conditions in an area, in a year, by category of need."""

    area = models.ForeignKey("inventory.Area", models.CASCADE, related_name="children_in_need")
    year = models.PositiveSmallIntegerField(_("year"))
    need = models.ForeignKey("inventory.NeedCategory", models.PROTECT, related_name="+",
                             verbose_name=_("category of need"))
    children = models.PositiveIntegerField(_("children"))
    illustrative = models.BooleanField(_("illustrative figure"), default=False,
                                       help_text=_("Split across areas by us, not published at this level."))
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("children in need")
        verbose_name_plural = _("children in need")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "need"], name="children_in_need_once"),
            models.CheckConstraint(condition=Q(year__gte=1991, year__lte=2100), name="children_year_sane"),
        ]

    def __str__(self):
        return f"{self.area} {self.year} {self.need_id}: {self.children}"


class SpecialistCount(models.Model):
    """Specialists working in general schools of an area in a year."""

    class Kind(models.TextChoices):
        DEFECTOLOGIST = "defectologist", _("Defectologist")
        SPEECH_THERAPIST = "speech_therapist", _("Speech therapist")
        TYPHLOPEDAGOGUE = "typhlopedagogue", _("Typhlopedagogue")
        DEAF_EDUCATOR = "deaf_educator", _("Deaf educator")
        TEACHING_ASSISTANT = "teaching_assistant", _("Teaching assistant")

    area = models.ForeignKey("inventory.Area", models.CASCADE, related_name="specialists")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("specialist"), max_length=24, choices=Kind)
    count = models.PositiveIntegerField(_("count"))
    illustrative = models.BooleanField(_("illustrative figure"), default=False)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("specialist count")
        verbose_name_plural = _("specialist counts")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "kind"], name="specialist_count_once"),
        ]

    def __str__(self):
        return f"{self.area} {self.year} {self.kind}: {self.count}"
