"""URL routes of the coverage screens; logistics/urls.py joins them under the "logistics" namespace."""

from django.urls import path

from .views import boundary_imports, coverage

urlpatterns = [
    path("coverage/", coverage.coverage_page, name="coverage"),
    path("coverage/map/", coverage.coverage_map, name="coverage-map"),
    path("coverage/background.geojson", coverage.coverage_background, name="coverage-background"),
    path("boundaries/", boundary_imports.boundary_page, name="boundaries"),
    path("boundaries/check/", boundary_imports.boundary_check, name="boundaries-check"),
    path("boundaries/confirm/", boundary_imports.boundary_confirm, name="boundaries-confirm"),
    path("coverage/export.csv", coverage.coverage_export, {"fmt": "csv"}, name="coverage-export-csv"),
    path("coverage/export.xlsx", coverage.coverage_export, {"fmt": "xlsx"}, name="coverage-export-xlsx"),
]
