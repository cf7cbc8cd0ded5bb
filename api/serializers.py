"""What the API shows of each object: fields named as the models name them, each described for the schema."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inventory.models import Area, Institution, Item, Unit, UnitEvent
from logistics.importing.read import ENCODING_CHOICES
from logistics.models import AcceptanceAct, DeliveryImport, Shipment, ShipmentEvent, ShipmentLine


class ItemSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = Item
        fields = ["id", "code", "name", "name_en", "name_ru", "name_kk", "category", "tracking", "unit_of_measure",
                  "description"]


class AreaSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = Area
        fields = ["id", "code", "iso_code", "level", "name", "name_en", "name_ru", "name_kk", "parent",
                  "centre_latitude", "centre_longitude"]
        extra_kwargs = {"parent": {"help_text": "The area this one lies in; null for the country."}}


class AreaWithBoundarySerializer(AreaSerializer):
    boundary = serializers.SerializerMethodField(
        help_text="The boundary as a GeoJSON geometry in WGS 84 (simplified for the web), or null if none is loaded.")

    class Meta(AreaSerializer.Meta):
        fields = [*AreaSerializer.Meta.fields, "boundary"]

    @extend_schema_field({"type": ["object", "null"], "additionalProperties": True})
    def get_boundary(self, area):
        return area.boundary


class InstitutionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = Institution
        fields = ["id", "bin", "name", "name_ru", "name_kk", "name_en", "kind", "area", "settlement", "address",
                  "latitude", "longitude", "has_inclusion_classroom", "phone"]


class UnitEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                         help_text="Who took the step; null for a step of the system.")
    shipment = serializers.IntegerField(source="shipment_id", read_only=True, allow_null=True,
                                        help_text="The shipment the step belongs to, if any.")

    class Meta:
        model = UnitEvent
        fields = ["id", "old_status", "new_status", "at", "actor", "place", "reference", "shipment", "note",
                  "scan_id"]
        extra_kwargs = {"place": {"help_text": "The institution where the step happened."},
                        "scan_id": {"help_text": "The scanning device's id of the scan that took this step."}}


class UnitSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True, help_text="The catalogue item's code.")
    display_tag = serializers.CharField(read_only=True, help_text="The asset tag as printed on the label.")

    class Meta:
        model = Unit
        fields = ["id", "asset_tag", "display_tag", "item", "item_code", "serial", "status", "holder", "created_at"]
        extra_kwargs = {"holder": {"help_text": "The institution the unit is assigned to (its destination while "
                                                "expected or in transit)."}}


class UnitDetailSerializer(UnitSerializer):
    events = UnitEventSerializer(many=True, read_only=True, help_text="The unit's history, oldest first.")

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "events"]


class ShipmentLineSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = ShipmentLine
        fields = ["id", "item", "item_code", "quantity_expected", "quantity_received"]
        extra_kwargs = {"quantity_received": {"help_text": "Counted items only: the quantity confirmed on arrival."}}


class ShipmentEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                         help_text="Who took the step; null for a step of the system.")

    class Meta:
        model = ShipmentEvent
        fields = ["id", "action", "old_status", "new_status", "at", "actor", "note"]


class ShipmentSerializer(serializers.ModelSerializer):
    lines = ShipmentLineSerializer(many=True, read_only=True, help_text="What the waybill lists.")
    has_act = serializers.SerializerMethodField(help_text="Whether an acceptance act has been signed.")

    class Meta:
        model = Shipment
        fields = ["id", "waybill_number", "supplier", "contract", "destination", "status", "dispatch_date",
                  "created_at", "dispatched_at", "closed_at", "delivery_import", "lines", "has_act"]
        extra_kwargs = {"delivery_import": {"help_text": "The delivery import that created the shipment, if any."}}

    def get_has_act(self, shipment) -> bool:
        return hasattr(shipment, "act")


class ShipmentDetailSerializer(ShipmentSerializer):
    events = ShipmentEventSerializer(many=True, read_only=True, help_text="The shipment's history, oldest first.")

    class Meta(ShipmentSerializer.Meta):
        fields = [*ShipmentSerializer.Meta.fields, "events"]


class AcceptanceActSerializer(serializers.ModelSerializer):
    pdf_url = serializers.HyperlinkedIdentityField(view_name="api:act-pdf", help_text="The signed PDF.")

    class Meta:
        model = AcceptanceAct
        fields = ["id", "shipment", "number", "signed_at", "signer_name", "signer_position", "pdf_sha256",
                  "summary", "pdf_url"]
        extra_kwargs = {"summary": {"help_text": "What the act states, frozen at signing: received, damaged, "
                                                 "missing and unexpected units, counted lines."}}


class DeliveryImportSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DeliveryImport
        fields = ["id", "original_name", "sha256", "size", "encoding", "status", "uploaded_by", "uploaded_at",
                  "finished_at", "rows_total", "rows_rejected", "rows_already_imported", "units_created",
                  "shipments_created", "skip_rejected", "report"]
        extra_kwargs = {"report": {"help_text": "The check's result: problems by row and column (codes and "
                                                "parameters), the summary per destination, recognised columns."}}


# ---- Write requests ----

class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know: a misspelt `skip_rejectd` must not silently mean false."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            # The browsable API's HTML forms carry their CSRF token as a field.
            unknown = sorted(set(data.keys()) - set(self.fields) - {"csrfmiddlewaretoken"})
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class ScanSerializer(StrictSerializer):
    code = serializers.CharField(max_length=200, help_text="What the scanner read: an asset tag or a label's URL.")
    scan_id = serializers.UUIDField(help_text="Made once on the device for this scan; sending it again is safe.")


class ScanBatchSerializer(StrictSerializer):
    scans = ScanSerializer(many=True, allow_empty=False, max_length=500)


class ScanResultSerializer(serializers.Serializer):
    scan_id = serializers.UUIDField()
    outcome = serializers.ChoiceField(
        choices=["received", "already_received", "not_in_shipment", "other_institution", "unknown_code",
                 "mistyped", "refused", "scan_id_reused"],
        help_text="What the scan did; `scan_id_reused` means this id was already used for another scan.")
    message = serializers.CharField(help_text="Translated, as the receipt page shows it.")
    repeated = serializers.BooleanField(help_text="This scan id was answered before; nothing changed now.")
    status = serializers.CharField(allow_blank=True, help_text="The unit's status after the scan, or empty.")
    tag = serializers.CharField(allow_blank=True, help_text="The unit's asset tag, or empty.")


class ScanBatchResultSerializer(serializers.Serializer):
    results = ScanResultSerializer(many=True)


class ImportUploadSerializer(StrictSerializer):
    file = serializers.FileField(help_text="The supplier's delivery list, .xlsx or .csv.")
    encoding = serializers.ChoiceField(choices=[c for c, _label in ENCODING_CHOICES], required=False,
                                       allow_blank=True, help_text="A .csv file's encoding; empty for automatic.")


class ImportConfirmSerializer(StrictSerializer):
    skip_rejected = serializers.BooleanField(default=False,
                                             help_text="Import the good rows and leave out the rows with problems.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="Translated, as the page shows it.")
    code = serializers.CharField(help_text="What went wrong, for programs: not_found, invalid, receipt_not_open, …")
    errors = serializers.ListField(child=serializers.DictField(child=serializers.CharField()), required=False,
                                   help_text="For invalid input: each field (as a dotted path) and its message.")




class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="The sheet's row number.")
    column = serializers.CharField(allow_null=True, allow_blank=True, help_text="The column, as the file names it.")
    value = serializers.CharField(allow_null=True, allow_blank=True, help_text="The value found there.")
    reason = serializers.CharField(help_text="Why the row is refused, translated.")


class ImportCheckSerializer(serializers.Serializer):
    """The check's result worded in the request's language, as the preview page shows it."""

    fatal = serializers.CharField(allow_null=True, help_text="Why the whole file cannot be read, or null.")
    problems = ImportProblemSerializer(many=True, help_text="The first problems, by row (at most 1,000).")
    problems_total = serializers.IntegerField()
    has_work = serializers.BooleanField(help_text="Confirming would import something.")


class DeliveryImportDetailSerializer(DeliveryImportSerializer):
    check = serializers.SerializerMethodField(help_text="The check's result, worded; null until it is checked.")

    class Meta(DeliveryImportSerializer.Meta):
        fields = [*DeliveryImportSerializer.Meta.fields, "check"]

    @extend_schema_field(ImportCheckSerializer(allow_null=True))
    def get_check(self, record):
        from logistics.importing import preview

        if record.status in (DeliveryImport.Status.UPLOADED, DeliveryImport.Status.CHECKING) or not record.report:
            return None
        worded = preview.describe(record.report)
        problems = [{"row": p["row"], "column": None if p["column"] is None else str(p["column"]),
                     "value": None if p["value"] is None else str(p["value"]), "reason": str(p["reason"])}
                    for p in worded.get("problems", [])]
        return {"fatal": str(worded["fatal"]) if worded.get("fatal") else None, "problems": problems,
                "problems_total": record.report.get("problems_total", 0),
                "has_work": bool(record.report.get("has_work"))}
