"""Verification rounds, visits and findings in the admin: read-only, because only
logistics/verification.py opens, answers and closes them (with their events)."""

from django.contrib import admin

from inventory.admin import HistoryInline, ReadOnlyAdmin

from .models import Finding, VerificationAct, VerificationEvent, VerificationRound, Visit


class VerificationEventInline(HistoryInline):
    model = VerificationEvent
    fk_name = "round"
    fields = ["at", "action", "visit", "actor", "note"]


@admin.register(VerificationRound)
class VerificationRoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "selection", "status", "opened_at", "opened_by"]
    list_filter = ["status", "selection"]
    search_fields = ["name"]
    inlines = [VerificationEventInline]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["round", "institution", "verifier", "status", "late", "started_at"]
    list_filter = ["status", "late"]
    list_select_related = ["round", "institution", "verifier"]
    search_fields = ["institution__name_ru", "institution__bin"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["visit", "unit", "result", "condition", "in_use", "reason", "late", "at"]
    list_filter = ["result", "condition", "in_use", "reason", "late"]
    list_select_related = ["visit__institution", "visit__round", "unit__item"]
    search_fields = ["unit__asset_tag"]


@admin.register(VerificationEvent)
class VerificationEventAdmin(ReadOnlyAdmin):
    list_display = ["round", "visit", "action", "at", "actor"]
    list_select_related = ["round", "actor"]


@admin.register(VerificationAct)
class VerificationActAdmin(ReadOnlyAdmin):
    list_display = ["number", "visit", "representative_name", "signed_at", "signed_by"]
    list_select_related = ["visit__institution", "visit__round", "signed_by"]
    search_fields = ["number", "representative_name"]
