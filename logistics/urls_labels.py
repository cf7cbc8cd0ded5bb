"""URL routes of the labels screens; logistics/urls.py joins them under the "logistics" namespace."""

urlpatterns = []
