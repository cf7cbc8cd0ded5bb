"""The admin for the programme and its result indicators (logistics.admin imports it).

An indicator's definition is chosen from the registry, never typed: its value is computed.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from inventory.admin import ReadOnlyAdmin

from .models import Indicator, Programme, RegionTarget
from .models.results import ResultsSnapshot, SnapshotValue
from .results.indicators import REGISTRY


class IndicatorForm(forms.ModelForm):
    definition = forms.ChoiceField(label=_("definition"), choices=[(k, k) for k in REGISTRY],
                                   help_text=_("How the value is computed from the deliveries."))

    class Meta:
        model = Indicator
        fields = ["programme", "code", "definition", "name_en", "name_ru", "name_kk", "baseline", "target",
                  "position"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    form = IndicatorForm
    extra = 0


class RegionTargetInline(admin.TabularInline):
    model = RegionTarget
    autocomplete_fields = ["region"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "funder_reference", "starts", "ends"]
    search_fields = ["code", "name_en", "name_ru", "funder_reference"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    list_display = ["code", "name_en", "programme", "baseline", "target", "position"]
    list_filter = ["programme"]
    search_fields = ["code", "name_en", "name_ru"]
    inlines = [RegionTargetInline]


@admin.register(RegionTarget)
class RegionTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "region", "target"]
    list_filter = ["indicator__programme", "region"]
    list_select_related = ["indicator", "region"]
    autocomplete_fields = ["region"]


@admin.register(ResultsSnapshot)
class ResultsSnapshotAdmin(ReadOnlyAdmin):
    """A closed quarter's stored figures. Deleting one makes the next visit compute it again, for
    history recorded after the fact inside that quarter."""

    list_display = ["period", "computed_at"]
    search_fields = ["period"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(SnapshotValue)
class SnapshotValueAdmin(ReadOnlyAdmin):
    list_display = ["snapshot", "definition", "dimension", "key", "value"]
    # Not by dimension: the whole programme's figures have an empty one, which a filter link cannot name.
    list_filter = ["definition"]
    list_select_related = ["snapshot"]
    search_fields = ["snapshot__period", "key"]
