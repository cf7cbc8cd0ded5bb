from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views import catalogue, coverage, imports, journeys, results, shipments, tokens, units, verification
from .views.schema import SchemaView, not_found

app_name = "api"

router = DefaultRouter()
router.register("items", catalogue.ItemViewSet, basename="item")
router.register("areas", catalogue.AreaViewSet, basename="area")
router.register("institutions", catalogue.InstitutionViewSet, basename="institution")
router.register("units", units.UnitViewSet, basename="unit")
router.register("shipments", shipments.ShipmentViewSet, basename="shipment")
router.register("acts", shipments.AcceptanceActViewSet, basename="act")
router.register("imports", imports.DeliveryImportViewSet, basename="import")
router.register("rounds", verification.RoundViewSet, basename="round")
router.register("visits", verification.VisitViewSet, basename="visit")
router.register("transfers", journeys.TransferViewSet, basename="transfer")
router.register("faults", journeys.FaultViewSet, basename="fault")
router.register("write-offs", journeys.WriteOffViewSet, basename="write-off")

urlpatterns = [
    path("v1/coverage/", coverage.CoverageView.as_view(), name="coverage"),
    path("v1/indicators/", results.IndicatorsView.as_view(), name="indicators"),
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a script of its own: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
         name="docs"),
    path("tokens/", tokens.token_page, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.revoke_token, name="token-revoke"),
    # Anything else under /api/ is a problem-details 404, not the site's HTML page.
    re_path(r"^.*$", not_found),
]
