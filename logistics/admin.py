"""The admin for what moves: shipments and their lines, imports, receipts, statistics.

A shipment's status, like a unit's, is changed only by its service (logistics.shipments), so it
is read-only here; acceptance acts and unexpected scans are records and are never edited.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from inventory.admin import HistoryInline, ReadOnlyAdmin
from inventory.admin_filters import AreaFilter
from inventory.paging import LargeTablePaginator

from . import shipments
from .models import (
    AcceptanceAct,
    BoundaryImport,
    ChildrenInNeed,
    DamagePhoto,
    DeliveryImport,
    DeliveryImportEvent,
    Shipment,
    ShipmentEvent,
    ShipmentLine,
    ShipmentUnit,
    SpecialistCount,
    UnexpectedScan,
)


def _on_its_way(shipment):
    """Once dispatched, a shipment is what its waybill says: the receipt counts against its lines,
    and its destination decides who may receive it, so the admin no longer edits either."""
    return shipment is not None and not shipment.is_draft


class LineInline(admin.TabularInline):
    model = ShipmentLine
    autocomplete_fields = ["item"]
    readonly_fields = ["quantity_received"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _on_its_way(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _on_its_way(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _on_its_way(obj) and super().has_delete_permission(request, obj)


class ShipmentUnitInline(admin.TabularInline):
    model = ShipmentUnit
    fields = ["unit", "line"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row shows its unit and line by name; without this a 20-unit shipment costs 100 queries.
        return super().get_queryset(request).select_related("unit__item", "line__item")


class ShipmentEventInline(HistoryInline):
    """The shipment's history, as its page shows it."""

    model = ShipmentEvent
    fields = ["at", "action", "old_status", "new_status", "actor", "note"]


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ["waybill_number", "supplier", "contract", "destination", "status", "dispatch_date"]
    # 30,000 shipments: every area offered (not only those with shipments, which reads them all), an
    # estimated-or-exact count once, not twice, and the last pages read backwards (inventory.paging).
    list_filter = ["status", "supplier", ("destination__area", AreaFilter), "destination__kind", "dispatch_date"]
    paginator = LargeTablePaginator
    show_full_result_count = False
    search_fields = ["waybill_number", "supplier", "contract", "destination__bin", "destination__name_ru",
                     "units__asset_tag", "units__serial"]
    list_select_related = ["destination"]
    readonly_fields = ["status", "dispatched_at", "closed_at", "created_by", "created_at", "delivery_import"]
    autocomplete_fields = ["destination"]
    date_hierarchy = "dispatch_date"
    inlines = [LineInline, ShipmentUnitInline, ShipmentEventInline]

    def get_readonly_fields(self, request, obj=None):
        if _on_its_way(obj):
            return list(dict.fromkeys([f.name for f in Shipment._meta.fields if f.name != "id"] + self.readonly_fields))
        if obj is not None and obj.units.exists():  # its units are already held for this school
            return ["destination", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                shipments.record_created([obj.pk], by=request.user)


class ShipmentLineForm(forms.ModelForm):
    def clean_shipment(self):
        shipment = self.cleaned_data["shipment"]
        if _on_its_way(shipment):
            raise forms.ValidationError(_("Lines can be added only to a draft shipment."))
        return shipment


@admin.register(ShipmentLine)
class ShipmentLineAdmin(admin.ModelAdmin):
    form = ShipmentLineForm
    list_display = ["shipment", "item", "quantity_expected", "quantity_received"]
    list_filter = ["shipment__status", "item__category", "item__tracking"]
    search_fields = ["shipment__waybill_number", "item__code", "item__name_ru"]
    list_select_related = ["shipment__destination", "item"]
    autocomplete_fields = ["shipment", "item"]
    readonly_fields = ["quantity_received"]  # counted at the school, by the receipt

    def has_change_permission(self, request, obj=None):
        return not (obj and _on_its_way(obj.shipment)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _on_its_way(obj.shipment)) and super().has_delete_permission(request, obj)


@admin.register(ShipmentUnit)
class ShipmentUnitAdmin(ReadOnlyAdmin):
    list_display = ["shipment", "unit", "line"]
    search_fields = ["shipment__waybill_number", "unit__asset_tag", "unit__serial"]
    list_select_related = ["shipment__destination", "unit__item", "line__item"]


@admin.register(ShipmentEvent)
class ShipmentEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "shipment", "action", "old_status", "new_status", "actor"]
    list_filter = ["action", "new_status"]
    search_fields = ["shipment__waybill_number", "note", "actor__username"]
    list_select_related = ["shipment__destination", "actor"]
    date_hierarchy = "at"


@admin.register(DeliveryImport)
class DeliveryImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "uploaded_by", "uploaded_at", "rows_total", "rows_rejected",
                    "units_created", "shipments_created"]
    list_filter = ["status", "uploaded_at"]
    search_fields = ["original_name", "sha256", "uploaded_by__username"]
    readonly_fields = [f.name for f in DeliveryImport._meta.fields]

    def has_add_permission(self, request):
        return False  # files arrive through the import screen, which checks them first


@admin.register(DeliveryImportEvent)
class DeliveryImportEventAdmin(ReadOnlyAdmin):
    """The steps of each import, as history: who confirmed, who checked again, when a job failed."""

    list_display = ["delivery_import", "old_status", "new_status", "actor", "at", "note"]
    list_filter = ["new_status", "at"]
    search_fields = ["delivery_import__original_name", "actor__username", "note"]
    list_select_related = ["delivery_import", "actor"]


@admin.register(AcceptanceAct)
class AcceptanceActAdmin(ReadOnlyAdmin):
    list_display = ["number", "shipment", "signer_name", "signed_by", "signed_at"]
    search_fields = ["number", "shipment__waybill_number", "signer_name", "shipment__destination__bin"]
    list_select_related = ["shipment__destination", "signed_by"]
    date_hierarchy = "signed_at"


@admin.register(DamagePhoto)
class DamagePhotoAdmin(ReadOnlyAdmin):
    list_display = ["unit", "shipment", "taken_by", "taken_at"]
    search_fields = ["unit__asset_tag", "shipment__waybill_number"]
    list_select_related = ["unit__item", "shipment__destination", "taken_by"]


@admin.register(UnexpectedScan)
class UnexpectedScanAdmin(ReadOnlyAdmin):
    list_display = ["code", "reason", "shipment", "scanned_by", "scanned_at"]
    list_filter = ["reason"]
    search_fields = ["code", "shipment__waybill_number"]
    list_select_related = ["shipment__destination", "scanned_by"]


@admin.register(ChildrenInNeed)
class ChildrenInNeedAdmin(admin.ModelAdmin):
    list_display = ["area", "year", "need", "children", "illustrative"]
    list_filter = ["year", "need", "illustrative", ("area", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["area__name_ru", "area__name_en", "area__code"]
    list_select_related = ["area", "need"]


@admin.register(SpecialistCount)
class SpecialistCountAdmin(admin.ModelAdmin):
    list_display = ["area", "year", "kind", "count", "illustrative"]
    list_filter = ["year", "kind", "illustrative", ("area", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["area__name_ru", "area__name_en", "area__code"]
    list_select_related = ["area"]


@admin.register(BoundaryImport)
class BoundaryImportAdmin(ReadOnlyAdmin):
    """History of boundary files stored into the areas; written by the boundary import page only."""

    list_display = ["at", "file_name", "level", "within", "stored", "left_out", "actor"]
    list_filter = ["level"]
    search_fields = ["file_name", "within", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "at"


# Their own modules, registered with this one: the programme and its indicators; the verification screens.
from . import admin_journeys, admin_results, admin_verification  # noqa: E402, F401
