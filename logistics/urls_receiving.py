"""URL routes of the receiving screens; logistics/urls.py joins them under the "logistics" namespace."""

urlpatterns = []
