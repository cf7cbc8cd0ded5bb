from .acts import AcceptanceAct, DamagePhoto
from .imports import DeliveryImport, DeliveryImportEvent
from .receiving import UnexpectedScan
from .shipments import Shipment, ShipmentLine, ShipmentUnit
from .statistics import ChildrenInNeed, SpecialistCount

__all__ = [
    "AcceptanceAct", "ChildrenInNeed", "DamagePhoto", "DeliveryImport", "DeliveryImportEvent", "Shipment",
    "ShipmentLine", "ShipmentUnit", "SpecialistCount", "UnexpectedScan",
]
