"""What every list of the API shares: a scoped queryset, declared filters, cursor pages in a stable order."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.cache import get_conditional_response
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from .. import filters as query_filters


class StablePages(CursorPagination):
    """Pages that stay consistent while rows are added: the cursor is a position in primary-key order."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """`scope(user)` is the same scoped queryset the pages start from: a guessed id outside it is not found."""

    pagination_class = StablePages
    query_filters = ()

    def scope(self, user):
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.scope(self.request.user)
        if self.action == "list":
            queryset = query_filters.apply(self.query_filters, queryset, self.request.query_params)
        return queryset

    def finalize_response(self, request, response, *args, **kwargs):
        """Every JSON answer to a read carries an ETag; `If-None-Match` with it answers 304, no body."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and isinstance(response, Response):
            content = json.dumps(response.data, sort_keys=True, cls=DjangoJSONEncoder).encode()
            response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


def documented(viewset):
    """Class decorator: the list operation documents the viewset's filters."""
    parameters = [spec.parameter() for spec in viewset.query_filters]
    return extend_schema_view(list=extend_schema(parameters=parameters))(viewset)
