"""URL routes of the labels screens; logistics/urls.py joins them under the "logistics" namespace."""

from django.urls import path

from .views import labels

urlpatterns = [
    path("labels/shipment/<int:pk>/", labels.sheet_form, {"kind": "shipment"}, name="labels-shipment"),
    path("labels/institution/<int:pk>/", labels.sheet_form, {"kind": "institution"}, name="labels-institution"),
    path("labels/import/<int:pk>/", labels.sheet_form, {"kind": "import"}, name="labels-import"),
    path("labels/units/", labels.sheet_form, {"kind": "selection"}, name="labels-selection"),
    path("labels/calibration/", labels.calibration_pdf, name="labels-calibration"),
    path("labels/batches/<int:pk>/", labels.batch_page, name="labels-batch"),
    path("labels/batches/<int:pk>/again/", labels.batch_rerun, name="labels-batch-rerun"),
    path("labels/batches/<int:pk>/status/", labels.batch_status, name="labels-batch-status"),
    path("labels/batches/<int:pk>/pdf/", labels.batch_pdf, name="labels-batch-pdf"),
]
