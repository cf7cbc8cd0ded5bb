"""The project's URLs plus the benchmark's floor: a view with the same middleware, CSRF check and
gunicorn worker as a scan, that returns a constant without touching the database."""

from django.http import JsonResponse
from django.urls import include, path


def floor(request, pk):
    return JsonResponse({"outcome": "received", "message": "constant"})


urlpatterns = [
    path("bench/floor/<int:pk>/", floor),
    path("", include("config.urls")),
]
