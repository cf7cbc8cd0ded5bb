from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .translated import TrilingualName

LECTURE_SCHEMES = ("http", "https")


def lecture_problems(lectures):
    """What is wrong with a list of training lectures ({"title", "url"}), as translated sentences."""
    if not isinstance(lectures, list):
        return [_("Lectures must be a list of {\"title\": …, \"url\": …} entries.")]
    problems, check_url = [], URLValidator(schemes=list(LECTURE_SCHEMES))
    for number, lecture in enumerate(lectures, start=1):
        title = lecture.get("title") if isinstance(lecture, dict) else None
        url = lecture.get("url") if isinstance(lecture, dict) else None
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            problems.append(_("Lecture %(n)s needs a title of up to 200 characters.") % {"n": number})
        try:
            check_url(url if isinstance(url, str) else "")
        except ValidationError:
            problems.append(_("Lecture %(n)s needs an http:// or https:// address.") % {"n": number})
    return problems


def validate_lectures(lectures):
    if problems := lecture_problems(lectures):
        raise ValidationError(problems)


class DevelopmentSphere(TrilingualName):
    """One of the "6 Spheres of Development" the programme's methodology is organised by."""

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("development sphere")
        verbose_name_plural = _("development spheres")


class NeedCategory(TrilingualName):
    """A category of special educational need as used in Kazakh statistics."""

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("category of need")
        verbose_name_plural = _("categories of need")


class Item(TrilingualName):
    """A kind of equipment in the catalogue: what a supplier delivers and a unit is one of."""

    class Category(models.TextChoices):
        DIDACTIC_KIT = "didactic_kit", _("Didactic kit")
        TEACHING_AID = "teaching_aid", _("Teaching aid")
        FURNITURE = "furniture", _("Specialised furniture")
        ASSISTIVE = "assistive", _("Assistive / computer equipment")
        AUXILIARY = "auxiliary", _("Auxiliary equipment")

    class Tracking(models.TextChoices):
        SERIALISED = "serialised", _("Serialised (one QR label per unit)")
        COUNTED = "counted", _("Counted (a quantity)")

    code = models.CharField(_("item code"), max_length=32, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=Category)
    tracking = models.CharField(_("tracking"), max_length=16, choices=Tracking, default=Tracking.SERIALISED)
    spheres = models.ManyToManyField(DevelopmentSphere, verbose_name=_("development spheres"), blank=True)
    needs = models.ManyToManyField(NeedCategory, verbose_name=_("categories of need"), blank=True)
    description = models.TextField(_("description"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=32, blank=True, default="pcs")
    # Shown to anyone who scans a unit's label: how to use it, in the reader's language.
    guidance_en = models.TextField(_("how to use (English)"), blank=True)
    guidance_ru = models.TextField(_("how to use (Russian)"), blank=True)
    guidance_kk = models.TextField(_("how to use (Kazakh)"), blank=True)
    # The programme's training lectures for this item: [{"title": …, "url": "https://…"}, …].
    lectures = models.JSONField(_("training lectures"), default=list, blank=True, validators=[validate_lectures],
                                help_text=_('A list of {"title": …, "url": "https://…"} entries.'))
    # The supplier's warranty, counted from the acceptance act; a delivery line may name its own.
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), null=True, blank=True)
    components = models.ManyToManyField(
        "self", through="KitComponent", through_fields=("kit", "component"), symmetrical=False,
        related_name="used_in", blank=True,
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        constraints = [
            models.CheckConstraint(condition=Q(category__in=["didactic_kit", "teaching_aid", "furniture",
                                                             "assistive", "auxiliary"]),
                                   name="item_category_known"),
            models.CheckConstraint(condition=Q(tracking__in=["serialised", "counted"]),
                                   name="item_tracking_known"),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def is_serialised(self):
        return self.tracking == self.Tracking.SERIALISED

    @property
    def guidance(self):
        """The how-to text in the reader's language, else Russian, else English."""
        language = (get_language() or "ru")[:2]
        return getattr(self, f"guidance_{language}", "") or self.guidance_ru or self.guidance_en

    @property
    def lecture_links(self):
        """The lectures safe to link: rows written past the validator (a script, the shell) are left out."""
        lectures = self.lectures if isinstance(self.lectures, list) else []
        return [lecture for lecture in lectures if not lecture_problems([lecture])]


class KitComponent(models.Model):
    """One line of a kit's bill of materials."""

    kit = models.ForeignKey(Item, models.CASCADE, related_name="bill_of_materials", verbose_name=_("kit"))
    component = models.ForeignKey(Item, models.PROTECT, related_name="+", verbose_name=_("component"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("kit component")
        verbose_name_plural = _("kit components")
        constraints = [
            models.UniqueConstraint(fields=["kit", "component"], name="kit_component_once"),
            models.CheckConstraint(condition=~Q(kit=F("component")), name="kit_not_its_own_component"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="kit_component_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.kit_id} ⊃ {self.component_id} × {self.quantity}"

    def clean(self):
        if self.kit_id and self.kit_id == self.component_id:
            raise ValidationError({"component": _("A kit cannot contain itself.")})
