"""The API's description: a valid OpenAPI 3.1 document, every operation and field described, the docs
served from the app's own files; and a property-based run of the whole API from it finding no 5xx and no
answer that contradicts it."""

import json
import re
from uuid import uuid4

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
from logistics import verification
from tests.logistics import results_world

from .world import journeys


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
def verified(school, other_school, manager, monitor, officer, staff, shipped_kit):
    """A round over the school with a visit that has one answer, and a programme with its indicators; a
    transfer from the school, a fault report there sent for repair, and a write-off."""
    round_ = verification.open_round(name="Check", by=manager, selection="list", institution_ids=[school.pk])
    visit = verification.start_visit(round_.pk, school.pk, by=monitor)
    unit = shipped_kit.units.first()
    verification.record_finding(visit.pk, unit.pk, by=monitor, scan_id=uuid4(), condition="working", in_use=True)
    results_world.programme()
    return {"round": round_, "visit": visit, "unit": unit, "shipment": shipped_kit,
            **journeys(school, other_school, staff=staff, officer=officer)}


@pytest.fixture
def officer_token(officer, verified):
    return tokens.create_token(officer, name="schemathesis")[1]


@pytest.fixture
def staff_token(staff, verified):
    """A staff member's token, in a world with a shipment on its way to their school and a visit there."""
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


def test_answers_about_real_rounds_visits_and_indicators_match_the_schema(api_schema, verified, monitor, manager,
                                                                         staff, settings):
    """The random run rarely guesses an existing id: these calls read and write real objects."""
    settings.API_THROTTLE_RATE = "100000/minute"
    visit, round_ = verified["visit"], verified["round"]
    answer = {"answers": [{"code": verified["unit"].asset_tag, "scan_id": str(uuid4()), "in_use": False,
                           "reason": "not_unpacked"}]}
    calls = [
        (monitor, "/api/v1/rounds/{id}/", "GET", {"path_parameters": {"id": round_.pk}}),
        (monitor, "/api/v1/visits/{id}/", "GET", {"path_parameters": {"id": visit.pk}}),
        (monitor, "/api/v1/visits/{id}/findings/", "POST", {"path_parameters": {"id": visit.pk}, "body": answer,
                                                            "media_type": "application/json"}),
        (monitor, "/api/v1/rounds/{id}/visits/", "POST", {"path_parameters": {"id": round_.pk},
                                                          "body": {"institution": visit.institution_id},
                                                          "media_type": "application/json"}),
        (manager, "/api/v1/indicators/", "GET", {"query": {"period": "2025Q4"}}),
        *[(who, path, "GET", {"path_parameters": {"id": verified[key].pk}})
          for who, path, key in ((staff, "/api/v1/shipments/{id}/units/", "shipment"),
                                 (staff, "/api/v1/transfers/{id}/", "transfer"),
                                 (staff, "/api/v1/faults/{id}/", "fault"),
                                 (manager, "/api/v1/write-offs/{id}/", "write_off"),
                                 (manager, "/api/v1/write-offs/{id}/pdf/", "write_off"))],
        (staff, "/api/v1/transfers/", "GET", {"query": {"status": ["dispatched"]}}),
        (staff, "/api/v1/faults/", "GET", {"query": {"status": ["needs_repair"]}}),
        (manager, "/api/v1/write-offs/", "GET", {}),
    ]
    for user, path, method, parts in calls:
        headers = {"Authorization": f"Bearer {tokens.create_token(user, name='schema')[1]}"}
        response = api_schema[path][method].Case(**parts).call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == 200, (path, response.text)
