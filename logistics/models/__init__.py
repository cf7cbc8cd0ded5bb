from .acts import AcceptanceAct, DamagePhoto
from .boundary_imports import BoundaryImport
from .imports import DeliveryImport, DeliveryImportEvent
from .receiving import UnexpectedScan
from .results import Indicator, Programme, RegionTarget
from .shipments import Shipment, ShipmentEvent, ShipmentLine, ShipmentUnit
from .statistics import ChildrenInNeed, SpecialistCount

__all__ = [
    "AcceptanceAct", "BoundaryImport", "ChildrenInNeed", "DamagePhoto", "DeliveryImport", "DeliveryImportEvent",
    "Indicator", "Programme", "RegionTarget", "Shipment", "ShipmentEvent", "ShipmentLine", "ShipmentUnit",
    "SpecialistCount", "UnexpectedScan",
]
