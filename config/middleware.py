"""Refuse requests that carry a NUL character in the path, the query string or the form data.

PostgreSQL cannot store or compare a string containing NUL and raises, so a search box or a
guessed URL with %00 in it would turn into a 500 on every view that filters by what it was given.
SQLite accepts it, which is why the check lives here, once, and not in each view.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(query_dict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET):
            return self._refuse(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Form data is read here, after CsrfViewMiddleware has already parsed it, not before.
        if request.method == "POST" and _has_nul(request.POST):
            return self._refuse(request)
        return None

    @staticmethod
    def _refuse(request):
        message = _("The request contains a NUL character.")
        if request.path.startswith("/api/"):  # the API refuses in RFC 9457 problem details, as it always does
            return JsonResponse({"type": "about:blank", "title": _("Bad request"), "status": 400, "code": "invalid",
                                 "detail": message}, status=400, content_type="application/problem+json")
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
