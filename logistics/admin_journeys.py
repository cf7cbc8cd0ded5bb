"""Transfers, problem reports, repairs and write-offs in the admin: read-only, because only their
life cycles (logistics/transfers.py, faults.py, write_offs.py) change them, each step with its event."""

from django.contrib import admin

from inventory.admin import HistoryInline, ReadOnlyAdmin

from .models import FaultEvent, FaultReport, RepairEvent, RepairOrder, TransferEvent, TransferOrder, WriteOff
from .models.transfers import TransferLine

SEARCH_UNIT = ["unit__asset_tag", "unit__serial"]


class TransferLineInline(admin.TabularInline):
    model = TransferLine
    fields = ["unit", "open", "refusal", "refused_by", "refused_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransferEventInline(HistoryInline):
    model = TransferEvent
    fields = ["at", "action", "old_status", "new_status", "actor", "note"]


@admin.register(TransferOrder)
class TransferOrderAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "origin", "destination", "status", "proposed_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["origin", "destination", "proposed_by"]
    search_fields = ["origin__name_ru", "destination__name_ru", "origin__bin", "destination__bin", "reason"]
    inlines = [TransferLineInline, TransferEventInline]


@admin.register(TransferLine)
class TransferLineAdmin(ReadOnlyAdmin):
    list_display = ["order", "unit", "open", "refused_at"]
    list_select_related = ["order", "unit"]
    search_fields = SEARCH_UNIT


@admin.register(TransferEvent)
class TransferEventAdmin(ReadOnlyAdmin):
    list_display = ["order", "action", "new_status", "at", "actor"]
    list_select_related = ["order", "actor"]


class FaultEventInline(HistoryInline):
    model = FaultEvent
    fields = ["at", "action", "old_status", "new_status", "actor", "note"]


@admin.register(FaultReport)
class FaultReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "institution", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["unit", "institution"]
    # The reporter's address is kept only as a keyed hash for the rate limit; it is never shown.
    exclude = ["client_hash"]
    search_fields = [*SEARCH_UNIT, "text"]
    inlines = [FaultEventInline]


@admin.register(FaultEvent)
class FaultEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "action", "new_status", "at", "actor"]
    list_select_related = ["report", "actor"]


class RepairEventInline(HistoryInline):
    model = RepairEvent
    fields = ["at", "old_status", "new_status", "actor", "note"]


@admin.register(RepairOrder)
class RepairOrderAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "supplier", "under_warranty", "status", "sent_on", "returned_on", "outcome"]
    list_filter = ["status", "under_warranty", "outcome"]
    list_select_related = ["unit"]
    search_fields = [*SEARCH_UNIT, "supplier"]
    inlines = [RepairEventInline]


@admin.register(RepairEvent)
class RepairEventAdmin(ReadOnlyAdmin):
    list_display = ["repair", "new_status", "at", "actor"]
    list_select_related = ["repair", "actor"]


@admin.register(WriteOff)
class WriteOffAdmin(ReadOnlyAdmin):
    list_display = ["number", "reason", "document_number", "written_by", "written_at"]
    list_filter = ["reason"]
    list_select_related = ["written_by"]
    search_fields = ["number", "document_number", "units__asset_tag"]
