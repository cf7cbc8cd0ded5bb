"""The API's description: a valid OpenAPI 3.1 document, every operation and field described, the docs
served from the app's own files; and a property-based run of the whole API from it finding no 5xx and no
answer that contradicts it."""

import json
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens


@pytest.fixture
def described(db):
    reply = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert reply.status_code == 200
    return reply.json()


def test_the_schema_is_valid_openapi_3_1(described):
    assert described["openapi"] == "3.1.0"
    validate(described)


def test_every_operation_and_field_is_described(described):
    undocumented = []
    for path, operations in described["paths"].items():
        for method, operation in operations.items():
            if not (operation.get("description") or operation.get("summary")):
                undocumented.append(f"{method.upper()} {path}")
            for code in ("401", "404"):
                assert code in operation["responses"], f"{method} {path} lacks {code}"
    assert undocumented == []
    assert all(path.startswith("/api/v1/") for path in described["paths"])
    unit = described["components"]["schemas"]["Unit"]["properties"]
    assert unit["status"]["allOf"][0]["$ref"].endswith("UnitStatusEnum") and unit["holder"]["description"]
    # English whoever asks (the test client's language is Russian), unless ?lang= says otherwise.
    assert not re.search("[а-яА-Я]", json.dumps(described, ensure_ascii=False))


def test_the_docs_page_loads_swagger_ui_from_the_apps_own_static_files(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "<script>" not in html  # the CSP refuses inline code
    assert "script-src 'self'" in page["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()


# ---- A property-based run of the whole API from its description ----

@pytest.fixture
def api_schema(db):
    # Requests go through the real WSGI handler. Like Django's test client, keep it from closing the
    # test's database connection at the end of each request (the test's transaction lives on it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def officer_token(officer, shipped_kit):
    return tokens.create_token(officer, name="schemathesis")[1]


@pytest.fixture
def staff_token(staff, shipped_kit):
    """A staff member's token, in a world with a shipment on its way to their school."""
    return tokens.create_token(staff, name="schemathesis")[1]


def explore(api_schema, token, django_settings):
    """A few valid and a few invalid requests to every operation; bounded by the number of examples."""
    django_settings.API_THROTTLE_RATE = "100000/minute"
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        for mode, examples in ((GenerationMode.POSITIVE, 4), (GenerationMode.NEGATIVE, 3)):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, deadline=None, phases=[Phase.generate], database=None,
                      suppress_health_check=list(HealthCheck))
            def call(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            call()


def test_an_officers_calls_never_get_5xx_or_an_answer_outside_the_schema(api_schema, officer_token, settings):
    explore(api_schema, officer_token, settings)


def test_a_staff_members_calls_never_get_5xx_or_an_answer_outside_the_schema(api_schema, staff_token, settings):
    explore(api_schema, staff_token, settings)
