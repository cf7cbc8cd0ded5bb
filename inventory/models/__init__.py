from .catalogue import DevelopmentSphere, Item, KitComponent, NeedCategory
from .events import AppendOnly, UnitEvent
from .people import Profile, Role
from .places import Area, Institution
from .units import Unit

__all__ = [
    "AppendOnly", "Area", "DevelopmentSphere", "Institution", "Item", "KitComponent",
    "NeedCategory", "Profile", "Role", "Unit", "UnitEvent",
]
