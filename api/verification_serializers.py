"""What the API shows of verification rounds, visits and findings, and what a batch of answers holds."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inventory.permissions import sees_everything, verifiable_institutions
from logistics import verification_summary
from logistics.models import Finding, VerificationRound, Visit

from .serializers import StrictSerializer


class RoundSerializer(serializers.ModelSerializer):
    opened_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    institutions = serializers.SerializerMethodField(
        help_text="The round's institutions the caller may see (a monitor: those assigned; staff: their own).")

    class Meta:
        model = VerificationRound
        fields = ["id", "name", "status", "selection", "area", "sample_size", "seed", "population", "opened_by",
                  "opened_at", "closed_at", "institutions"]
        extra_kwargs = {
            "population": {"help_text": "A sample's population: the BINs drawn from, in ascending order."},
            "seed": {"help_text": "A sample's seed: random.Random(seed).sample(population, sample_size)."},
        }

    def get_institutions(self, round_) -> list[int]:
        ids = [i.pk for i in round_.institutions.all()]
        mine = self.context.get("mine")
        return ids if mine is None else [pk for pk in ids if pk in mine]


class FindingSerializer(serializers.ModelSerializer):
    asset_tag = serializers.CharField(source="unit.asset_tag", read_only=True)
    room_code = serializers.CharField(source="room.code", read_only=True, allow_null=True, default=None,
                                      help_text="The room the unit was found in, by its label's code.")
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                         help_text="Who recorded the answer; null when no account is named.")
    has_photo = serializers.SerializerMethodField(help_text="Whether a photo was taken (seen on the visit page).")

    class Meta:
        model = Finding
        fields = ["id", "unit", "asset_tag", "result", "room", "room_code", "condition", "in_use", "reason", "note",
                  "latitude", "longitude", "at", "actor", "scan_id", "late", "has_photo"]

    def get_has_photo(self, finding) -> bool:
        return bool(finding.photo)


class VisitSummarySerializer(serializers.Serializer):
    delivered = serializers.IntegerField(help_text="Units the institution holds (arrived, or gone missing there).")
    verified = serializers.IntegerField(help_text="Of them, with an answer.")
    found = serializers.IntegerField()
    elsewhere = serializers.IntegerField()
    not_found = serializers.IntegerField()
    working = serializers.IntegerField()
    broken = serializers.IntegerField(help_text="Needing repair or broken.")
    in_use = serializers.IntegerField()
    not_in_use = serializers.IntegerField()
    foreign = serializers.IntegerField(help_text="Other institutions' units found here.")


class VisitSerializer(serializers.ModelSerializer):
    verifier = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "round", "institution", "verifier", "status", "started_at", "closed_at", "late"]
        extra_kwargs = {"late": {"help_text": "Closed after its round was."}}


class VisitDetailSerializer(VisitSerializer):
    findings = FindingSerializer(many=True, read_only=True,
                                 help_text="Every answer, oldest first; a unit's latest answer is what counts.")
    summary = serializers.SerializerMethodField(help_text="What the visit adds up to, from the latest answers.")

    class Meta(VisitSerializer.Meta):
        fields = [*VisitSerializer.Meta.fields, "summary", "findings"]

    @extend_schema_field(VisitSummarySerializer)
    def get_summary(self, visit):
        summary = verification_summary.of_visit(visit)
        return {name: getattr(summary, name) for name in VisitSummarySerializer().fields}


def scope_context(user):
    """The institutions `user` sees of a round: None for all (whoever sees everything)."""
    if sees_everything(user):
        return {"mine": None}
    return {"mine": set(verifiable_institutions(user).values_list("pk", flat=True))}


# ---- Write requests ----

class AnswerSerializer(StrictSerializer):
    code = serializers.CharField(max_length=500, help_text="The unit's label as scanned (its URL) or its asset tag.")
    scan_id = serializers.UUIDField(help_text="Made once on the device for this answer; sending it again is safe.")
    room = serializers.CharField(max_length=40, required=False, allow_blank=True, default="",
                                 help_text="The room's label (or its code) where the unit was found.")
    not_found = serializers.BooleanField(default=False, help_text="The unit was looked for and not found.")
    condition = serializers.ChoiceField(choices=Finding.Condition.choices, required=False, allow_blank=True,
                                        default="")
    in_use = serializers.BooleanField(required=False, allow_null=True, default=None)
    reason = serializers.ChoiceField(choices=Finding.Reason.choices, required=False, allow_blank=True, default="",
                                     help_text="Why the unit is not in use; only with `in_use` false.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True, default=None)

    def validate(self, data):
        if data["reason"] and data["in_use"] is not False:
            raise serializers.ValidationError({"reason": [_("A reason is given only for a unit that is not in use.")]})
        if (data["latitude"] is None) != (data["longitude"] is None):
            data["latitude"] = data["longitude"] = None  # half a location is no location, as on the page
        return data


class AnswerBatchSerializer(StrictSerializer):
    answers = AnswerSerializer(many=True, allow_empty=False, max_length=500)


class AnswerResultSerializer(serializers.Serializer):
    scan_id = serializers.UUIDField()
    outcome = serializers.ChoiceField(
        choices=[*Finding.Result.values, "unknown_code", "refused", "scan_id_reused"],
        help_text="What the answer recorded; `scan_id_reused` means this id was already used for another answer.")
    message = serializers.CharField(help_text="Translated, as the visit page shows it.")
    repeated = serializers.BooleanField(help_text="This scan id was answered before; nothing changed now.")
    tag = serializers.CharField(allow_blank=True, help_text="The unit's asset tag, or empty.")
    late = serializers.BooleanField(help_text="Recorded after the round was closed.")


class AnswerBatchResultSerializer(serializers.Serializer):
    results = AnswerResultSerializer(many=True)


class VisitStartSerializer(StrictSerializer):
    institution = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                           help_text="The institution to visit: one of the round's.")
