"""Every refusal of the API as RFC 9457 problem details (`application/problem+json`).

Views raise `Refusal` with the same translated message the page shows; DRF's own errors (bad JSON,
wrong types, no credentials, throttling) and Django's (not found, too large a body) are turned into
the same shape here, so bad input never answers 500.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

PROBLEM_JSON = "application/problem+json"


class Refusal(exceptions.APIException):
    """A domain refusal: `code` names it for programs, the message is translated for people."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"

    def __init__(self, message, *, code="refused", status_code=None):
        super().__init__(str(message), code=code)
        if status_code is not None:
            self.status_code = status_code


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _django_to_drf(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Not found, or not yours to see."))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent)):
        return BodyTooLarge(_("The request body is too large."))
    return exc


def _flatten(detail, path=""):
    """DRF's nested validation errors as a flat list of {field, message}, the field as a dotted path."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(detail, list):
        if all(isinstance(d, str) for d in detail):
            for message in detail:
                yield {"field": path or "body", "message": str(message)}
        else:
            for index, value in enumerate(detail):
                yield from _flatten(value, f"{path}[{index}]")
    else:
        yield {"field": path or "body", "message": str(detail)}


def problem_handler(exc, context):
    exc = _django_to_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug, not bad input: let it be the 500 it is, logged with its traceback
    code = getattr(exc, "default_code", "error")
    problem = {"type": "about:blank", "title": _title(response.status_code), "status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        errors = list(_flatten(exc.detail))
        problem.update(detail=" ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors,
                       code="invalid")
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else code
        problem.update(detail=str(detail), code=codes if isinstance(codes, str) else code)
    response.data = problem
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is None or isinstance(renderer, JSONRenderer):
        response.content_type = PROBLEM_JSON
    return response


def _title(status_code):
    return {
        400: _("Bad request"), 401: _("Not authenticated"), 403: _("Not allowed"), 404: _("Not found"),
        405: _("Method not allowed"), 406: _("Not acceptable"), 409: _("Refused"), 413: _("Too large"),
        415: _("Unsupported media type"), 429: _("Too many requests"),
    }.get(status_code, _("Error"))
