"""The API's props: a token for any member of the cast, and a client that sends it."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api import tokens


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # The throttle counts requests in the cache; one test's requests must not count against the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as():
    """api_as(user) → an APIClient sending a fresh personal token of `user`; api_as(None) sends nothing."""
    def client_for(user):
        client = APIClient()
        if user is not None:
            _token, raw = tokens.create_token(user, name="tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client
    return client_for
