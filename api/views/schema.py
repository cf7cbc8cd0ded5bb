from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

from ..problems import PROBLEM_JSON


class SchemaView(SpectacularAPIView):
    """The OpenAPI description, in English unless `?lang=ru|kk` asks otherwise: a client generated from it
    must not depend on the language of whoever fetched it."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        with translation.override(request.GET.get("lang") or "en"):
            return super().get(request, *args, **kwargs)


@csrf_exempt  # it changes nothing, and a token client has no CSRF cookie
def not_found(request, *args, **kwargs):
    """An address under /api/ that names nothing: answered as problem details, like every other refusal."""
    return JsonResponse({"type": "about:blank", "title": _("Not found"), "status": 404, "code": "not_found",
                         "detail": _("No API endpoint has this address.")}, status=404, content_type=PROBLEM_JSON)
