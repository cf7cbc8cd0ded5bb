"""The admin: the catalogue and the institution register for administrators and procurement
officers. A unit's status and holder, and its history, are read-only here: only the life
cycle (inventory.lifecycle) changes them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from .admin_filters import AreaFilter
from .identifiers import is_well_formed_tag
from .models import (
    Area,
    DevelopmentSphere,
    Institution,
    Item,
    KitComponent,
    LabelBatch,
    NeedCategory,
    Profile,
    Room,
    Unit,
    UnitEvent,
)
from .paging import LargeTablePaginator
from .resources import IMPORT_FORMATS, InstitutionResource, ItemResource
from .workbooks import UnsafeWorkbook


class RegisterAdmin(ImportExportModelAdmin):
    """Import and export of a register; a workbook that would unpack beyond the limits is refused."""

    import_formats = IMPORT_FORMATS

    def add_data_read_fail_error_to_form(self, form, e):
        if not isinstance(e, UnsafeWorkbook):
            return super().add_data_read_fail_error_to_form(form, e)
        form.add_error("import_file", _("“%(name)s” is refused: %(reason)s") % {
            "name": form.cleaned_data["import_file"].name, "reason": e})
        return None


@admin.register(DevelopmentSphere, NeedCategory)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "name_kk", "position"]
    search_fields = ["code", "name_en", "name_ru", "name_kk"]


class KitComponentInline(admin.TabularInline):
    model = KitComponent
    fk_name = "kit"
    autocomplete_fields = ["component"]
    extra = 0


@admin.register(Item)
class ItemAdmin(RegisterAdmin):
    resource_classes = [ItemResource]
    list_display = ["code", "name_ru", "name_kk", "name_en", "category", "tracking"]
    list_filter = ["category", "tracking", "spheres", "needs"]
    search_fields = ["code", "name_ru", "name_kk", "name_en"]
    filter_horizontal = ["spheres", "needs"]
    inlines = [KitComponentInline]


@admin.register(KitComponent)
class KitComponentAdmin(admin.ModelAdmin):
    list_display = ["kit", "component", "quantity"]
    list_filter = ["kit__category"]
    search_fields = ["kit__code", "kit__name_ru", "component__code", "component__name_ru"]
    list_select_related = ["kit", "component"]
    autocomplete_fields = ["kit", "component"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "name_kk", "name_en", "level", "iso_code", "parent", "centre_name_ru"]
    list_filter = ["level", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "iso_code", "name_ru", "name_kk", "name_en", "centre_name_ru", "centre_name_en"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Institution)
class InstitutionAdmin(RegisterAdmin):
    resource_classes = [InstitutionResource]
    list_display = ["name_ru", "bin", "kind", "area", "settlement", "has_inclusion_classroom"]
    list_filter = ["kind", "has_inclusion_classroom", ("area", admin.RelatedOnlyFieldListFilter), "needs"]
    search_fields = ["bin", "name_ru", "name_kk", "name_en", "settlement", "address", "area__name_ru",
                     "area__name_en", "area__code"]
    list_select_related = ["area"]
    autocomplete_fields = ["area"]
    filter_horizontal = ["needs"]


class HistoryInline(admin.TabularInline):
    """A thing's events under it, read only: history is appended by its life cycle, never edited here."""

    readonly_fields = ()  # every field; set from `fields` below
    ordering = ["at", "pk"]
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(HistoryInline):
    model = UnitEvent
    fields = ["at", "old_status", "new_status", "actor", "place", "reference", "note"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["asset_tag", "item_code", "serial", "status", "holder"]
    list_filter = ["status", "item__category", ("holder__area", AreaFilter), "holder__kind"]
    # A million units: estimated count, last pages read backwards, newest first along the primary key
    # (sorting by item code first would sort the whole table for every page).
    paginator = LargeTablePaginator
    show_full_result_count = False
    ordering = ["-pk"]
    search_fields = ["asset_tag", "serial", "item__code", "item__name_ru", "holder__bin", "holder__name_ru"]
    list_select_related = ["item", "holder"]
    readonly_fields = ["asset_tag", "status", "holder", "room", "created_at"]
    autocomplete_fields = ["item"]
    inlines = [EventInline]

    @admin.display(description=_("item code"), ordering="item__code")
    def item_code(self, unit):
        return unit.item.code

    def get_search_results(self, request, queryset, search_term):
        # A label typed or scanned finds its unit through the unique index, instead of a substring
        # search of six columns across a million units.
        tag = search_term.strip().upper().replace("-", "")
        if is_well_formed_tag(tag):
            return queryset.filter(asset_tag=tag), False
        return super().get_search_results(request, queryset, search_term)

    def get_readonly_fields(self, request, obj=None):
        # Once a unit exists, its item and serial are facts on its label and in its history.
        return [*self.readonly_fields, "item", "serial"] if obj else self.readonly_fields

    def has_add_permission(self, request):
        # Units enter through the delivery import, which gives each its first event.
        return False


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "institution"]
    search_fields = ["name", "code", "institution__name_ru", "institution__bin"]
    list_select_related = ["institution"]
    readonly_fields = ["code", "created_at"]
    autocomplete_fields = ["institution"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are only ever appended: history, acts, scans."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitEvent)
class UnitEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "unit", "old_status", "new_status", "actor", "place", "reference"]
    # Millions of events: no "only the areas with events" filter and no date hierarchy (each reads every
    # event to offer its choices); a date filter instead, an estimated count, last pages read backwards.
    list_filter = ["new_status", "old_status", ("place__area", AreaFilter), "at"]
    search_fields = ["unit__asset_tag", "unit__serial", "reference", "note", "actor__username"]
    list_select_related = ["unit", "unit__item", "actor", "place"]
    paginator = LargeTablePaginator
    show_full_result_count = False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "institution"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "institution__bin",
                     "institution__name_ru"]
    autocomplete_fields = ["user", "institution", "monitored"]
    list_select_related = ["user", "institution"]


@admin.register(LabelBatch)
class LabelBatchAdmin(admin.ModelAdmin):
    """Label PDFs as rendered: looked up when a print went wrong, never edited."""

    list_display = ["title", "status", "label_count", "preset", "language", "requested_by", "requested_at"]
    list_filter = ["status", "preset", "language"]
    search_fields = ["title", "requested_by__username"]
    list_select_related = ["requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Inclusion equipment: administration")
admin.site.site_title = _("Inclusion equipment")
