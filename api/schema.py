"""Additions to the generated OpenAPI description: the problem-details answers every operation may give."""

from inventory.models import Institution
from logistics.models import Finding

# Nested choices classes, named here so ENUM_NAME_OVERRIDES can import them: they keep the names
# ReasonEnum and KindEnum now that write-offs and fault reports have reasons and kinds of their own.
FINDING_REASONS = Finding.Reason
INSTITUTION_KINDS = Institution.Kind

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details. `detail` is translated, as the page shows it; `code` is for programs.",
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem; `about:blank` for plain HTTP."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "not_found, invalid, not_authenticated, receipt_not_open, …"},
        "errors": {"type": "array", "description": "For invalid input: each field and its message.",
                   "items": {"type": "object", "properties": {"field": {"type": "string"},
                                                              "message": {"type": "string"}},
                             "required": ["field", "message"]}},
    },
    "required": ["type", "title", "status", "detail"],
}
ANSWERS = {
    "400": "Invalid input: the problem names each field.",
    "401": "No valid token or session.",
    "403": "The caller's role does not allow this.",
    "404": "Not found, or outside what the caller may see.",
    "405": "Method not allowed.",
    "406": "No acceptable representation.",
    "409": "Refused by the object's life cycle; `detail` says why.",
    "413": "The body or file is too large.",
    "415": "Unsupported media type.",
    "429": "Too many requests for this token; retry after the `Retry-After` seconds.",
}
# Only a request with a body can be refused for its body or by a life cycle.
WRITE_ONLY = {"409", "413", "415"}


def add_problem_answers(result, generator, request, public):
    """Postprocessing hook: every operation documents the problems it may answer with."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False  # api.serializers.StrictSerializer refuses unknown fields
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ANSWERS.items():
                if code in WRITE_ONLY and method == "get":
                    continue
                operation["responses"].setdefault(code, {
                    "description": description, "content": {"application/problem+json": {"schema": PROBLEM_REF}}})
    return result
