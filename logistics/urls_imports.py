"""URL routes of the imports screens; logistics/urls.py joins them under the "logistics" namespace."""

urlpatterns = []
