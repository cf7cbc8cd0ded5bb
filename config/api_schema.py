"""drf-spectacular's settings for /api/schema/ and /api/docs/ (config.settings imports them)."""

SPECTACULAR_SETTINGS = {
    "TITLE": "Inclusion equipment API",
    "DESCRIPTION": "Catalogue, institutions, areas, units, shipments, acceptance acts, delivery imports, "
                   "verification, transfers, fault reports and write-offs, "
                   "as far as the caller's role allows; receipt scans and delivery uploads through the same "
                   "steps as the pages. Refusals are RFC 9457 problem details.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from drf-spectacular-sidecar's static files: /api/docs/ works without the internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts each one, a link, inside the operation's expand button, which a
    # screen reader cannot announce apart (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_problem_answers"],
    "ENUM_NAME_OVERRIDES": {
        "UnitStatusEnum": "inventory.models.units.UnitStatus",
        "ShipmentStatusEnum": "logistics.models.shipments.ShipmentStatus",
        "ImportStatusEnum": "logistics.models.imports.ImportStatus",
        "RoundStatusEnum": "logistics.models.verification.RoundStatus",
        "VisitStatusEnum": "logistics.models.verification.VisitStatus",
        "TransferStatusEnum": "logistics.models.transfers.TransferStatus",
        "TransferActionEnum": "logistics.models.transfers.TransferAction",
        "FaultStatusEnum": "logistics.models.faults.FaultStatus",
        "FaultKindEnum": "logistics.models.faults.FaultKind",
        "FaultActionEnum": "logistics.models.faults.FaultAction",
        "RepairStatusEnum": "logistics.models.faults.RepairStatus",
        "RepairOutcomeEnum": "logistics.models.faults.RepairOutcome",
        "WriteOffReasonEnum": "logistics.models.write_offs.WriteOffReason",
        # The names these had before transfers and fault reports brought their own actions and reasons.
        "ReasonEnum": "api.schema.FINDING_REASONS",
        "KindEnum": "api.schema.INSTITUTION_KINDS",
        "ActionEnum": "logistics.models.shipments.ShipmentAction",
    },
}
