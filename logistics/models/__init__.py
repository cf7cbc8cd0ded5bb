from .acts import AcceptanceAct, DamagePhoto
from .boundary_imports import BoundaryImport
from .faults import FaultEvent, FaultReport, RepairEvent, RepairOrder
from .imports import DeliveryImport, DeliveryImportEvent
from .receiving import UnexpectedScan
from .results import Indicator, Programme, RegionTarget, ResultsSnapshot, SnapshotValue
from .shipments import Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit
from .statistics import ChildrenInNeed, SpecialistCount
from .transfers import TransferEvent, TransferLine, TransferOrder
from .verification import Finding, VerificationAct, VerificationEvent, VerificationRound, Visit
from .write_offs import WriteOff

__all__ = [
    "AcceptanceAct", "BoundaryImport", "ChildrenInNeed", "DamagePhoto", "DeliveryImport", "DeliveryImportEvent",
    "FaultEvent", "FaultReport", "Finding", "Indicator", "Programme", "RegionTarget", "RepairEvent", "RepairOrder",
    "ResultsSnapshot", "Shipment", "ShipmentEvent", "ShipmentLine", "ShipmentUnit", "SnapshotValue",
    "SpecialistCount", "TransferEvent", "TransferLine", "TransferOrder", "UnexpectedScan", "VerificationAct",
    "VerificationEvent", "VerificationRound", "Visit", "WriteOff"
]
