from django.urls import path

from .views import catalogue, institutions, labels, units

app_name = "inventory"
urlpatterns = [
    path("catalogue/", catalogue.item_list, name="items"),
    path("catalogue/<str:code>/", catalogue.item_detail, name="item"),
    path("institutions/", institutions.institution_list, name="institutions"),
    path("institutions/<int:pk>/", institutions.institution_detail, name="institution"),
    path("u/<str:tag>", units.unit_page, name="unit"),
    path("u/<str:tag>/label.png", labels.unit_label, {"fmt": "png"}, name="unit-label-png"),
    path("u/<str:tag>/label.svg", labels.unit_label, {"fmt": "svg"}, name="unit-label-svg"),
]
