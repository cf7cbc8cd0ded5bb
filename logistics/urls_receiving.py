"""URL routes of the receiving screens; logistics/urls.py joins them under the "logistics" namespace."""

from django.urls import path

from .views import receiving

urlpatterns = [
    # The offline worker sits directly under /shipments/ so that its scope covers every receipt page.
    path("shipments/receive-sw.js", receiving.service_worker, name="receive-sw"),
    path("shipments/<int:pk>/receive/", receiving.receipt_page, name="receive"),
    path("shipments/<int:pk>/receive/scan/", receiving.scan, name="receive-scan"),
    path("shipments/<int:pk>/receive/state/", receiving.state, name="receive-state"),
    path("shipments/<int:pk>/receive/damaged/", receiving.mark_damaged, name="receive-damaged"),
    path("shipments/<int:pk>/receive/refuse/", receiving.refuse, name="receive-refuse"),
    path("shipments/<int:pk>/receive/quantity/", receiving.confirm_quantity, name="receive-quantity"),
    path("shipments/<int:pk>/receive/close/", receiving.close_receipt, name="receive-close"),
    path("shipments/<int:pk>/receive/sign/", receiving.sign, name="receive-sign"),
    path("shipments/<int:pk>/act.pdf", receiving.act_pdf, name="act"),
    path("shipments/<int:pk>/photos/<int:photo_id>/", receiving.photo, name="receive-photo"),
]
