from .acts import AcceptanceAct, DamagePhoto
from .boundary_imports import BoundaryImport
from .imports import DeliveryImport, DeliveryImportEvent
from .receiving import UnexpectedScan
from .results import Indicator, Programme, RegionTarget
from .shipments import Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit
from .statistics import ChildrenInNeed, SpecialistCount
from .transfers import TransferEvent, TransferLine, TransferOrder
from .verification import Finding, VerificationAct, VerificationEvent, VerificationRound, Visit

__all__ = [
    "AcceptanceAct", "BoundaryImport", "ChildrenInNeed", "DamagePhoto", "DeliveryImport", "DeliveryImportEvent",
    "Finding", "Indicator", "Programme", "RegionTarget", "Shipment", "ShipmentEvent", "ShipmentLine", "ShipmentUnit",
    "SpecialistCount", "TransferEvent", "TransferLine", "TransferOrder",
    "UnexpectedScan", "VerificationAct", "VerificationEvent", "VerificationRound", "Visit",
]
