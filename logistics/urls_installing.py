"""URL routes of the installation screens; logistics/urls.py joins them under the "logistics" namespace."""

from django.urls import path

from .views import installing

urlpatterns = [
    path("install/", installing.install_page, name="install"),
    path("install/scan/", installing.install_scan, name="install-scan"),
    path("install/rooms/", installing.create_room, name="install-room"),
    path("install/picked/", installing.install_picked, name="install-picked"),
    path("install/labels.pdf", installing.room_labels, name="room-labels"),
    # A room label's QR code: short, like a unit's /u/<tag>.
    path("r/<str:code>", installing.room_page, name="room"),
]
