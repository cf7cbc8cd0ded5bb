from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .translated import TrilingualName


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
