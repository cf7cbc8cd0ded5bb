"""Verification rounds: visits to institutions, room by room, that find out whether what was
delivered is there, working and in use. Statuses change only through logistics/verification.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models import AppendOnlyModel, StepEvent

from .acts import TYPED_SIGNATURE_LENGTH, one_way_condition


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class VerificationRound(models.Model):
    """A round of visits over a set of institutions, chosen so that a funder can audit the choice."""

    Status = RoundStatus

    class Selection(models.TextChoices):
        AREA = "area", _("Every institution of an area")
        LIST = "list", _("A list of institutions")
        SAMPLE = "sample", _("A random sample")

    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, editable=False)
    selection = models.CharField(_("selection"), max_length=10, choices=Selection)
    area = models.ForeignKey("inventory.Area", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("area"))
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    seed = models.BigIntegerField(_("random seed"), null=True, blank=True)
    # The BINs the sample was drawn from, in the order drawn from: with the seed, anyone can redo the draw.
    population = models.JSONField(_("sampled from"), default=list, blank=True, editable=False)
    institutions = models.ManyToManyField("inventory.Institution", related_name="verification_rounds",
                                          verbose_name=_("institutions"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("verification round")
        verbose_name_plural = _("verification rounds")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RoundStatus.values), name="round_status_known"),
            models.CheckConstraint(condition=Q(status="open", closed_at__isnull=True)
                                   | Q(status="closed", closed_at__isnull=False), name="round_closed_has_time"),
            models.CheckConstraint(condition=~Q(selection="sample")
                                   | Q(sample_size__gt=0, seed__isnull=False), name="round_sample_has_size_and_seed"),
        ]

    def __str__(self):
        return self.name


class VisitStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Closed")


class Visit(models.Model):
    """One institution's verification within a round: one per institution and round."""

    Status = VisitStatus

    round = models.ForeignKey(VerificationRound, models.PROTECT, related_name="visits", verbose_name=_("round"))
    institution = models.ForeignKey("inventory.Institution", models.PROTECT, related_name="visits",
                                    verbose_name=_("institution"))
    verifier = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("verifier"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, editable=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    # Closed after its round was: kept, and marked so the round's numbers can say so.
    late = models.BooleanField(_("late"), default=False, editable=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(fields=["round", "institution"], name="visit_once_per_round_and_institution"),
            models.CheckConstraint(condition=Q(status__in=VisitStatus.values), name="visit_status_known"),
            models.CheckConstraint(condition=Q(status="open", closed_at__isnull=True)
                                   | Q(status="closed", closed_at__isnull=False), name="visit_closed_has_time"),
        ]

    def __str__(self):
        return f"{self.round} · {self.institution}"


class VerificationAction(models.TextChoices):
    ROUND_OPENED = "round_opened", _("Round opened")
    ROUND_CLOSED = "round_closed", _("Round closed")
    VISIT_STARTED = "visit_started", _("Visit started")
    VISIT_CLOSED = "visit_closed", _("Visit closed")


class VerificationEvent(StepEvent):
    """A round or a visit opened or closed: who, when."""

    Action = VerificationAction

    round = models.ForeignKey(VerificationRound, models.PROTECT, related_name="events", verbose_name=_("round"))
    visit = models.ForeignKey(Visit, models.PROTECT, null=True, blank=True, related_name="events",
                              verbose_name=_("visit"))
    action = models.CharField(_("what"), max_length=20, choices=Action)

    class Meta(StepEvent.Meta):
        verbose_name = _("verification event")
        verbose_name_plural = _("verification events")
        constraints = [models.CheckConstraint(condition=Q(action__in=VerificationAction.values),
                                              name="verification_event_action_known")]


class Finding(AppendOnlyModel):
    """One answer about one unit in a visit; the visit's latest answer about a unit is what counts."""

    class Result(models.TextChoices):
        IN_PLACE = "in_place", _("Found in place")
        ELSEWHERE = "elsewhere", _("Found elsewhere")
        NOT_FOUND = "not_found", _("Not found")

    class Condition(models.TextChoices):
        WORKING = "working", _("Working")
        NEEDS_REPAIR = "needs_repair", _("Needs repair")
        BROKEN = "broken", _("Broken")

    class Reason(models.TextChoices):
        NO_TRAINED_TEACHER = "no_trained_teacher", _("No trained teacher")
        NO_CHILDREN = "no_children", _("No children who need it")
        MISSING_PARTS = "missing_parts", _("Missing parts")
        NOT_UNPACKED = "not_unpacked", _("Not unpacked")
        BROKEN = "broken", _("Broken")
        OTHER = "other", _("Other")

    visit = models.ForeignKey(Visit, models.PROTECT, related_name="findings", verbose_name=_("visit"))
    unit = models.ForeignKey("inventory.Unit", models.PROTECT, related_name="findings", verbose_name=_("unit"))
    room = models.ForeignKey("inventory.Room", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("room"))
    result = models.CharField(_("result"), max_length=12, choices=Result)
    condition = models.CharField(_("condition"), max_length=12, choices=Condition, blank=True)
    in_use = models.BooleanField(_("in use"), null=True, blank=True)
    reason = models.CharField(_("why not in use"), max_length=20, choices=Reason, blank=True)
    note = models.TextField(_("note"), blank=True)
    photo = models.FileField(_("photo"), upload_to="verification/%Y/%m/", blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("who"))
    # Made on the verifier's phone: an answer resent after a dropped connection finds this row.
    scan_id = models.UUIDField(_("scan id"), null=True, blank=True, unique=True)
    # Sent after the round was closed: kept, and marked.
    late = models.BooleanField(_("late"), default=False)

    class Meta(AppendOnlyModel.Meta):
        ordering = ["at", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(condition=Q(result__in=["in_place", "elsewhere", "not_found"]),
                                   name="finding_result_known"),
            models.CheckConstraint(condition=~Q(result="not_found") | (Q(condition="") & Q(in_use__isnull=True)),
                                   name="finding_not_found_has_no_condition"),
            models.CheckConstraint(condition=Q(reason="") | Q(in_use=False), name="finding_reason_only_if_not_in_use"),
            models.CheckConstraint(condition=Q(latitude__isnull=True, longitude__isnull=True)
                                   | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                                   name="finding_location_in_range"),
        ]
        indexes = [models.Index(fields=["visit", "unit", "at"])]

    def __str__(self):
        return f"{self.visit_id}/{self.unit_id}: {self.result}"


class VerificationAct(models.Model):
    """The signed record of what a closed visit found, with its PDF. Written once, never changed."""

    visit = models.OneToOneField(Visit, models.PROTECT, related_name="act", verbose_name=_("visit"))
    number = models.CharField(_("act number"), max_length=40, unique=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    verifier_name = models.CharField(_("verifier's name"), max_length=200)
    representative_name = models.CharField(_("representative's name"), max_length=200)
    representative_position = models.CharField(_("representative's position"), max_length=200, blank=True)
    # Each signer draws on the phone (a PNG) or, for whoever cannot draw, types their full name instead.
    verifier_signature = models.FileField(_("verifier's signature"), upload_to="signatures/%Y/%m/", blank=True)
    verifier_typed_signature = models.CharField(_("verifier's typed signature"), max_length=TYPED_SIGNATURE_LENGTH,
                                                blank=True)
    representative_signature = models.FileField(_("representative's signature"), upload_to="signatures/%Y/%m/",
                                                blank=True)
    representative_typed_signature = models.CharField(_("representative's typed signature"),
                                                      max_length=TYPED_SIGNATURE_LENGTH, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="acts/%Y/%m/")
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    # What the act states, frozen at signing: room by room what was found, and what was not.
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("verification act")
        verbose_name_plural = _("verification acts")
        constraints = [models.CheckConstraint(
            condition=one_way_condition(f"{who}_signature", f"{who}_typed_signature"),
            name=f"verification_act_{who}_signed_one_way")
                       for who in ("verifier", "representative")]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A verification act never changes after signing.")
        super().save(*args, **kwargs)
