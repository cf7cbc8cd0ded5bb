"""URL routes of the transfer pages; logistics/urls.py joins them under the "logistics" namespace."""

from django.urls import path

from .views import transfers

urlpatterns = [
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/new/", transfers.transfer_propose, name="transfer-propose"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/dispatch-note.pdf", transfers.dispatch_note, name="transfer-dispatch-note"),
    path("transfers/<int:pk>/<slug:step>/", transfers.transfer_step, name="transfer-step"),
]
