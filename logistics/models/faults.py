from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inventory.models import StepEvent


class FaultKind(models.TextChoices):
    BROKEN = "broken", _("Broken")
    MISSING_PARTS = "missing_parts", _("Missing parts")
    NOT_USED = "not_used", _("Not used")
    OTHER = "other", _("Something else")


class FaultStatus(models.TextChoices):
    """A report's statuses; which one follows which is logistics.faults' transition table."""

    NEW = "new", pgettext_lazy("fault report", "New")
    DUPLICATE = "duplicate", _("Duplicate")
    NOT_A_FAULT = "not_a_fault", _("Not a fault")
    NEEDS_REPAIR = "needs_repair", _("Needs repair")
    WRITE_OFF = "write_off", _("To be written off")
    RESOLVED = "resolved", _("Repair finished")


# Still needing someone's work: waiting for triage, or in repair.
OPEN_FAULTS = frozenset({FaultStatus.NEW, FaultStatus.NEEDS_REPAIR})


class FaultReport(models.Model):
    """A problem reported from a unit's label by anyone, without an account."""

    Kind = FaultKind
    Status = FaultStatus

    unit = models.ForeignKey("inventory.Unit", models.PROTECT, related_name="fault_reports", verbose_name=_("unit"))
    # The holder when the report was made: its staff triage it, even after the unit moves on.
    institution = models.ForeignKey("inventory.Institution", models.PROTECT, null=True, related_name="+",
                                    verbose_name=_("institution"))
    kind = models.CharField(_("problem"), max_length=16, choices=Kind)
    text = models.TextField(_("what happened"))
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    photo = models.FileField(_("photo"), upload_to="fault-photos/%Y/%m/", blank=True)
    # HMAC of the sender's address with the secret key: enough to count a flood, not to know who sent it.
    client_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NEW, editable=False)
    duplicate_of = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="duplicates",
                                     verbose_name=_("duplicate of"), editable=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fault report")
        verbose_name_plural = _("fault reports")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FaultKind.values), name="fault_kind_known"),
            models.CheckConstraint(condition=Q(status__in=FaultStatus.values), name="fault_status_known"),
            models.CheckConstraint(condition=~Q(text=""), name="fault_text_not_blank"),
            models.CheckConstraint(condition=Q(status="duplicate", duplicate_of__isnull=False)
                                   | (~Q(status="duplicate") & Q(duplicate_of__isnull=True)),
                                   name="fault_duplicate_names_original"),
            models.CheckConstraint(condition=~Q(duplicate_of=F("pk")), name="fault_not_own_duplicate"),
        ]
        indexes = [models.Index(fields=["client_hash", "created_at"]), models.Index(fields=["institution", "status"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("logistics:fault", args=[self.pk])

    @property
    def number(self):
        return f"FR-{self.pk:06d}"

    @property
    def is_open(self):
        return self.status in OPEN_FAULTS


class FaultAction(models.TextChoices):
    REPORTED = "reported", _("Reported")
    TRIAGED = "triaged", _("Triaged")
    RESOLVED = "resolved", _("Repair finished")


class FaultEvent(StepEvent):
    """One step of a report: who decided what, when."""

    Action = FaultAction

    report = models.ForeignKey(FaultReport, models.PROTECT, related_name="events", verbose_name=_("fault report"))
    action = models.CharField(_("what"), max_length=16, choices=Action)
    old_status = models.CharField(_("from"), max_length=16, choices=FaultStatus, blank=True)
    new_status = models.CharField(_("to"), max_length=16, choices=FaultStatus)

    class Meta(StepEvent.Meta):
        verbose_name = _("fault report event")
        verbose_name_plural = _("fault report events")


class RepairStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("repair", "Open")
    SENT = "sent", pgettext_lazy("repair", "Sent to the supplier")
    RETURNED = "returned", pgettext_lazy("repair", "Returned")


class RepairOutcome(models.TextChoices):
    REPAIRED = "repaired", _("Repaired")
    NOT_REPAIRABLE = "not_repairable", _("Not repairable")


class RepairOrder(models.Model):
    """A unit sent for repair after a report was triaged as needing one."""

    Status = RepairStatus
    Outcome = RepairOutcome

    report = models.OneToOneField(FaultReport, models.PROTECT, related_name="repair", verbose_name=_("fault report"))
    unit = models.ForeignKey("inventory.Unit", models.PROTECT, related_name="repairs", verbose_name=_("unit"))
    supplier = models.CharField(_("repaired by"), max_length=255)
    # Decided when the order is opened, from the warranty months and the acceptance act's date.
    under_warranty = models.BooleanField(_("under warranty"))
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)
    # What the unit was before it broke: a repaired unit goes back to it.
    status_before = models.CharField(max_length=16, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN, editable=False)
    sent_on = models.DateField(_("sent"), null=True, blank=True, editable=False)
    returned_on = models.DateField(_("returned"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, blank=True, editable=False)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RepairStatus.values), name="repair_status_known"),
            models.CheckConstraint(condition=Q(status="open") | Q(sent_on__isnull=False), name="repair_sent_has_date"),
            models.CheckConstraint(
                condition=Q(status="returned", returned_on__isnull=False, outcome__in=RepairOutcome.values)
                | (~Q(status="returned") & Q(returned_on__isnull=True, outcome="")),
                name="repair_returned_has_date_and_outcome"),
            models.CheckConstraint(condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("sent_on")),
                                   name="repair_returned_after_sent"),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self):
        return f"RO-{self.pk:06d}"


class RepairEvent(StepEvent):
    """One step of a repair order."""

    repair = models.ForeignKey(RepairOrder, models.PROTECT, related_name="events", verbose_name=_("repair order"))
    old_status = models.CharField(_("from"), max_length=16, choices=RepairStatus, blank=True)
    new_status = models.CharField(_("to"), max_length=16, choices=RepairStatus)

    class Meta(StepEvent.Meta):
        verbose_name = _("repair event")
        verbose_name_plural = _("repair events")
