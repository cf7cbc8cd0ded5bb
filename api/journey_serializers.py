"""What the API shows of a unit's journeys after delivery: transfers between institutions, fault reports with
their repairs, and write-off acts."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from logistics.models import FaultEvent, FaultReport, RepairOrder, TransferEvent, TransferLine, TransferOrder, WriteOff

STEP_FIELDS = ["id", "action", "old_status", "new_status", "at", "actor", "note"]


class StepEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                         help_text="Who took the step; null for a step of the system.")


class TransferEventSerializer(StepEventSerializer):
    class Meta:
        model = TransferEvent
        fields = STEP_FIELDS


class TransferLineSerializer(serializers.ModelSerializer):
    asset_tag = serializers.CharField(source="unit.asset_tag", read_only=True)
    item_code = serializers.CharField(source="unit.item.code", read_only=True, help_text="The catalogue item's code.")
    refused = serializers.BooleanField(source="is_refused", read_only=True,
                                       help_text="The receiver refused the unit at receipt; it stays with the sender.")

    class Meta:
        model = TransferLine
        fields = ["id", "unit", "asset_tag", "item_code", "refused", "refusal", "refused_at"]
        extra_kwargs = {"refusal": {"help_text": "Why the receiver refused the unit; empty unless refused."}}


class TransferSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True, help_text="The transfer's number as the pages show it (TR-…).")
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    lines = TransferLineSerializer(many=True, read_only=True, help_text="The units the transfer moves.")

    class Meta:
        model = TransferOrder
        fields = ["id", "number", "origin", "destination", "reason", "status", "proposed_by", "created_at",
                  "shipment", "lines"]
        extra_kwargs = {
            "origin": {"help_text": "The institution handing the units over."},
            "destination": {"help_text": "The institution receiving them."},
            "shipment": {"help_text": "The shipment the units travel in, once dispatched; received on the "
                                      "ordinary receipt page."},
        }


class TransferDetailSerializer(TransferSerializer):
    events = TransferEventSerializer(many=True, read_only=True, help_text="The transfer's history, oldest first.")

    class Meta(TransferSerializer.Meta):
        fields = [*TransferSerializer.Meta.fields, "events"]


class FaultEventSerializer(StepEventSerializer):
    class Meta:
        model = FaultEvent
        fields = STEP_FIELDS


class RepairSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True, help_text="The repair order's number (RO-…).")
    # Read-only model fields lose their blank choice in the schema; an open repair's outcome is empty.
    outcome = serializers.ChoiceField(choices=RepairOrder.Outcome.choices, allow_blank=True, read_only=True,
                                      help_text="Empty until the unit is back.")

    class Meta:
        model = RepairOrder
        fields = ["id", "number", "supplier", "under_warranty", "warranty_until", "status", "sent_on", "returned_on",
                  "outcome", "created_at"]
        extra_kwargs = {"supplier": {"help_text": "Who repairs the unit: the supplier or a workshop."},
                        "under_warranty": {"help_text": "Decided when the order was opened, from the act's date."}}


class FaultSerializer(serializers.ModelSerializer):
    """The reporter's contact, photo and address hash are never part of it: they stay on the triage page."""

    number = serializers.CharField(read_only=True, help_text="The report's number as the pages show it (FR-…).")
    asset_tag = serializers.CharField(source="unit.asset_tag", read_only=True)
    item_code = serializers.CharField(source="unit.item.code", read_only=True, help_text="The catalogue item's code.")
    repair = serializers.SerializerMethodField(help_text="The repair order opened for the report, or null.")

    class Meta:
        model = FaultReport
        fields = ["id", "number", "unit", "asset_tag", "item_code", "institution", "kind", "text", "status",
                  "created_at", "duplicate_of", "repair"]
        extra_kwargs = {
            "institution": {"help_text": "The unit's holder when the report was made: its staff triage it. "
                                         "The reporter's contact and photo are not in the API."},
            "text": {"help_text": "What the reporter wrote happened."},
            "duplicate_of": {"help_text": "The report this one repeats, when triaged as a duplicate."},
        }

    @extend_schema_field(RepairSerializer(allow_null=True))
    def get_repair(self, report):
        repair = getattr(report, "repair", None)  # no repair: the reverse accessor raises an AttributeError
        return None if repair is None else RepairSerializer(repair).data


class FaultDetailSerializer(FaultSerializer):
    events = FaultEventSerializer(many=True, read_only=True, help_text="The report's history, oldest first.")

    class Meta(FaultSerializer.Meta):
        fields = [*FaultSerializer.Meta.fields, "events"]


class WriteOffSerializer(serializers.ModelSerializer):
    asset_tags = serializers.SlugRelatedField(source="units", slug_field="asset_tag", many=True, read_only=True,
                                              help_text="The asset tags of the units written off.")
    written_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    pdf_url = serializers.HyperlinkedIdentityField(view_name="api:write-off-pdf", help_text="The act's PDF.")

    class Meta:
        model = WriteOff
        fields = ["id", "number", "reason", "document_number", "note", "units", "asset_tags", "written_by",
                  "written_at", "pdf_sha256", "pdf_url"]
        extra_kwargs = {"document_number": {"help_text": "The order or decision the write-off rests on."},
                        "units": {"help_text": "The units written off, by id; they stay, written off, in every "
                                               "history."}}
