from .acts import AcceptanceAct, DamagePhoto
from .imports import DeliveryImport, DeliveryImportEvent
from .receiving import UnexpectedScan
from .shipments import Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit
from .statistics import ChildrenInNeed, SpecialistCount
from .verification import Finding, VerificationAct, VerificationEvent, VerificationRound, Visit

__all__ = [
    "AcceptanceAct", "ChildrenInNeed", "DamagePhoto", "DeliveryImport", "DeliveryImportEvent", "Finding", "Shipment",
    "ShipmentEvent", "ShipmentLine", "ShipmentUnit", "SpecialistCount", "UnexpectedScan", "VerificationAct",
    "VerificationEvent", "VerificationRound", "Visit",
]
