from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models.translated import TrilingualName


class Programme(TrilingualName):
    """What the funder pays for and judges by its results: one record per financed programme."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    funder_reference = models.CharField(_("funder reference"), max_length=120,
                                        help_text=_("The loan or grant number, e.g. World Bank 8709-KZ."))
    # The activity's identifier in IATI: the reporting organisation's reference, a hyphen, the activity's.
    iati_identifier = models.CharField(_("IATI identifier"), max_length=120, blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))

    class Meta:
        ordering = ["starts", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="programme_period_forward")]

    def clean(self):
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("The programme must end after it starts.")})


class Indicator(TrilingualName):
    """A result the programme is judged by. Its value is never typed in: `definition` names the
    function in logistics.results.indicators that computes it from the data (the admin offers only
    those names; the model does not import the registry, which itself reads the models)."""

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="indicators",
                                  verbose_name=_("programme"))
    code = models.SlugField(_("code"), max_length=40)
    definition = models.CharField(_("definition"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "position", "code"]
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="indicator_code_once_per_programme"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(target__gte=0), name="indicator_target_sane"),
        ]


class RegionTarget(models.Model):
    """An indicator's target for one region, where the funder set one."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="region_targets",
                                  verbose_name=_("indicator"))
    region = models.ForeignKey("inventory.Area", models.PROTECT, related_name="+", verbose_name=_("region"),
                               limit_choices_to={"level": "region"})
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("regional target")
        verbose_name_plural = _("regional targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region"], name="region_target_once"),
            models.CheckConstraint(condition=Q(target__gte=0), name="region_target_sane"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.region_id}: {self.target}"


class ResultsSnapshot(models.Model):
    """Every indicator of a closed quarter, for the whole programme and each slice of each breakdown,
    computed once. Events are append-only and stamped when they happen, so a closed quarter's
    figures can no longer change: the results page and the report read them from here instead of
    the whole history (logistics.results.snapshots)."""

    period = models.CharField(_("period"), max_length=6, unique=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["period"]
        verbose_name = _("results snapshot")
        verbose_name_plural = _("results snapshots")

    def __str__(self):
        return self.period


class SnapshotValue(models.Model):
    """One figure of a snapshot: a definition's value for one slice ("" for the whole programme)."""

    snapshot = models.ForeignKey(ResultsSnapshot, models.CASCADE, related_name="figures")
    dimension = models.CharField(max_length=20, blank=True)
    key = models.CharField(max_length=40, blank=True)
    definition = models.CharField(max_length=40)
    # Counts, and shares and days rounded to a tenth as the indicators round them; null: not measured.
    value = models.DecimalField(max_digits=14, decimal_places=1, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "dimension", "key", "definition"],
                                               name="snapshot_value_once")]

    def __str__(self):
        return f"{self.snapshot_id} {self.dimension}:{self.key} {self.definition}={self.value}"
