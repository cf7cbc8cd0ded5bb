"""URL routes of the coverage screens; logistics/urls.py joins them under the "logistics" namespace."""

urlpatterns = []
