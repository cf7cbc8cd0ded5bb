"""The admin for the programme and its result indicators (logistics.admin imports it).

An indicator's definition is chosen from the registry, never typed: its value is computed.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Indicator, Programme, RegionTarget
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
