from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..identifiers import validate_bin
from .catalogue import NeedCategory
from .translated import TrilingualName


class Area(TrilingualName):
    """An administrative area: country → region → district or city of regional subordination."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        DISTRICT = "district", _("District")
        CITY = "city", _("City of regional subordination")

    code = models.CharField(_("KATO code"), max_length=12, unique=True,
                            help_text=_("Classifier of administrative-territorial objects (KATO)."))
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=8, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent area"))
    centre_name_en = models.CharField(_("administrative centre (English)"), max_length=120, blank=True)
    centre_name_ru = models.CharField(_("administrative centre (Russian)"), max_length=120, blank=True)
    centre_name_kk = models.CharField(_("administrative centre (Kazakh)"), max_length=120, blank=True)
    centre_latitude = models.FloatField(_("centre latitude"), null=True, blank=True)
    centre_longitude = models.FloatField(_("centre longitude"), null=True, blank=True)
    # GeoJSON geometry in WGS 84, simplified for the web; written by `import_boundaries`.
    boundary = models.JSONField(_("boundary"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["level", "name_en"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=["country", "region", "district", "city"]),
                                   name="area_level_known"),
            models.CheckConstraint(condition=Q(level="country") | Q(parent__isnull=False),
                                   name="area_has_parent_below_country"),
        ]

    @property
    def is_urban(self):
        return self.level == self.Level.CITY

    @property
    def is_rural(self):
        return self.level == self.Level.DISTRICT

    @property
    def centre_name(self):
        lang = (get_language() or "ru")[:2]
        return getattr(self, f"centre_name_{lang}", "") or self.centre_name_ru or self.centre_name_en


class Institution(models.Model):
    """An organisation equipment is delivered to, and a point on the coverage map."""

    class Kind(models.TextChoices):
        GENERAL_SCHOOL = "general_school", _("General education school")
        SPECIAL_SCHOOL = "special_school", _("Special school")
        PMPC = "pmpc", _("Psychological-medical-pedagogical consultation (PMPC)")
        OPPC = "oppc", _("Office of psychological-pedagogical correction (OPPC)")
        ISC = "isc", _("Inclusion support cabinet (ISC)")
        REHAB_CENTRE = "rehab_centre", _("Rehabilitation centre")
        AUTISM_CENTRE = "autism_centre", _("Autism support centre")
        UNIVERSITY = "university", _("University")
        COLLEGE = "college", _("College")

    # The study's "special education organisations": every kind whose purpose is special education.
    SPECIAL_KINDS = (Kind.SPECIAL_SCHOOL, Kind.PMPC, Kind.OPPC, Kind.REHAB_CENTRE, Kind.AUTISM_CENTRE)

    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin],
                           help_text=_("12-digit business identification number."))
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    area = models.ForeignKey(Area, models.PROTECT, related_name="institutions", verbose_name=_("area"))
    settlement = models.CharField(_("settlement"), max_length=120)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True,
                                 validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), null=True, blank=True,
                                  validators=[MinValueValidator(-180), MaxValueValidator(180)])
    needs = models.ManyToManyField(NeedCategory, verbose_name=_("categories of need served"), blank=True)
    has_inclusion_classroom = models.BooleanField(_("has an inclusion classroom"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.CheckConstraint(condition=Exact(Length("bin"), 12), name="institution_bin_12_chars"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="institution_latitude_range"),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="institution_longitude_range"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="institution_coordinates_both_or_neither"),
        ]
        indexes = [models.Index(fields=["kind", "area"])]
        # Not here, because SQLite has no GIN: trigram indexes on UPPER(name_ru), UPPER(name_kk), UPPER(name_en)
        # for the shipment list's and the institution list's searches, PostgreSQL only, in
        # inventory/migrations/0002_page_indexes.py (issue 19).

    def __str__(self):
        return self.name

    @property
    def name(self):
        lang = (get_language() or "ru")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_ru

    @property
    def is_special(self):
        return self.kind in self.SPECIAL_KINDS

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
