from .catalogue import DevelopmentSphere, Item, KitComponent, NeedCategory
from .events import AppendOnly, AppendOnlyModel, StepEvent, UnitEvent
from .labels import LabelBatch
from .people import Profile, Role
from .places import Area, Institution
from .rooms import Room
from .units import StatusGroups, Unit

__all__ = [
    "AppendOnly", "AppendOnlyModel", "Area", "DevelopmentSphere", "Institution", "Item", "KitComponent",
    "LabelBatch", "NeedCategory", "Profile", "Role", "Room", "StatusGroups", "StepEvent", "Unit", "UnitEvent",
]
