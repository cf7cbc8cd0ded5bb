"""Logging out forgets what this browser kept of the receipt pages (issue 11).

A school's phone is often shared: the next person must not open the last user's shipment from the
offline copy. The logout reply asks the browser to clear this site's caches and storage
(Clear-Site-Data; browsers honour it in secure contexts only, which HTTPS and localhost are), and
the logged-out page's script clears them itself where the header was not honoured. Scans still
waiting to be sent are not lost silently: the log-out button warns first (receive/logout.js).
"""

from django.contrib.auth import views as auth_views

# "cache": the HTTP cache and pages kept for going back. "storage": service workers with their
# caches, IndexedDB (the scan queue), localStorage. Cookies stay: the CSRF cookie signs the next login.
CLEAR_SITE_DATA = '"cache", "storage"'


class LogoutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"

    def get_default_redirect_url(self):
        # No redirect: the page itself carries the script that clears what the header did not.
        return self.request.path

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
