from django.urls import path

from . import (
    urls_coverage,
    urls_faults,
    urls_imports,
    urls_installing,
    urls_labels,
    urls_receiving,
    urls_transfers,
    urls_verification,
)
from .views import home, results, shipments

app_name = "logistics"
urlpatterns = [
    path("shipments/", shipments.shipment_list, name="shipments"),
    path("shipments/<int:pk>/", shipments.shipment_detail, name="shipment"),
    path("shipments/<int:pk>/dispatch/", shipments.dispatch_shipment, name="shipment-dispatch"),
    *urls_imports.urlpatterns,
    *urls_receiving.urlpatterns,
    *urls_labels.urlpatterns,
    *urls_coverage.urlpatterns,
    path("results/", results.results_page, name="results"),
    path("results/behind/", results.results_behind, name="results-behind"),
    *urls_installing.urlpatterns,
    *urls_verification.urlpatterns,
    *urls_faults.urlpatterns,
    *urls_transfers.urlpatterns,
]

# The home page lives here because it counts shipments as well as units; it is named "home"
# without a namespace so that LOGIN_REDIRECT_URL and templates can point at it simply.
home_urlpatterns = [path("", home.home, name="home")]
