"""URL routes of the coverage screens; logistics/urls.py joins them under the "logistics" namespace."""

from django.urls import path

from .views import coverage

urlpatterns = [
    path("coverage/", coverage.coverage_page, name="coverage"),
    path("coverage/map/", coverage.coverage_map, name="coverage-map"),
    path("coverage/background.geojson", coverage.coverage_background, name="coverage-background"),
    path("coverage/export.csv", coverage.coverage_export, {"fmt": "csv"}, name="coverage-export-csv"),
    path("coverage/export.xlsx", coverage.coverage_export, {"fmt": "xlsx"}, name="coverage-export-xlsx"),
]
